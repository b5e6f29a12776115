/** Reader sign-in with card number and PIN. */
import { Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useReaderSession } from '../session';
import { ErrorAlert } from '../../shared/PageState';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, signedIn } = useReaderSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/account';
  const login = useMutation({ mutationFn: (v: { cardNumber: string; pin: string }) => signIn(v.cardNumber, v.pin), onSuccess: () => navigate(next) });
  if (signedIn && !login.isPending) return <Navigate to={next} replace />;
  return (
    <Card style={{ maxWidth: 420, margin: '24px auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('signIn.title')}</Typography.Title>
      <ErrorAlert error={login.error} />
      <Form layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
        <Form.Item name="cardNumber" label={t('signIn.cardNumber')} rules={[{ required: true, message: t('signIn.cardRequired') }]}>
          <Input autoComplete="username" autoFocus data-testid="card-number" inputMode="text" />
        </Form.Item>
        <Form.Item name="pin" label={t('signIn.pin')} rules={[{ required: true, message: t('signIn.pinRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="pin" inputMode="numeric" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="sign-in-submit">{t('signIn.submit')}</Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('signIn.help')}</Typography.Paragraph>
    </Card>
  );
}
