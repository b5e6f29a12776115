/** Staff sign-in. */
import { Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useStaff } from '../session';
import { ErrorAlert } from '../../shared/PageState';
import { LanguageSwitch } from '../../shared/LanguageSwitch';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useStaff();
  const login = useMutation({ mutationFn: (v: { username: string; password: string }) => signIn(v.username.trim(), v.password) });
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#eef1f5' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('staff.loginTitle')}</Typography.Title>
          <LanguageSwitch />
        </div>
        <div style={{ height: 16 }} />
        <ErrorAlert error={login.error} />
        <Form layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label={t('staff.username')} rules={[{ required: true, message: t('staff.usernameRequired') }]}>
            <Input autoFocus autoComplete="username" data-testid="staff-username" />
          </Form.Item>
          <Form.Item name="password" label={t('staff.password')} rules={[{ required: true, message: t('staff.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="staff-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="staff-login">{t('staff.login')}</Button>
        </Form>
      </Card>
    </div>
  );
}
