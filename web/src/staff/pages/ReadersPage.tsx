/** Find a reader by card (scan) or by ID document, or register a new one. */
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ScanField } from '../components/ScanField';
import { errorMessage } from '../../shared/errors';
import { ID_TYPES, idTypeLabel } from '../../shared/labels';
import { normalizeIdNumber } from '../../shared/id-number';
import type { Patron } from '../../shared/types';

export function ReadersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const byCard = useMutation({
    mutationFn: (cardNumber: string) => api.post<Patron>('/api/patrons/lookup', { cardNumber }),
    onSuccess: (p) => navigate(`/readers/${p.id}`),
  });
  const byId = useMutation({
    mutationFn: (v: { idType: string; idNumber: string }) => api.post<Patron>('/api/patrons/lookup', { idType: v.idType, idNumber: normalizeIdNumber(v.idNumber) }),
    onSuccess: (p) => navigate(`/readers/${p.id}`),
  });
  const error = byCard.error ?? byId.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>{t('readers.heading')}</h2>
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => navigate('/readers/new')} data-testid="register-reader">{t('readers.register')}</Button>
      </Space>
      {error && <Alert type="error" showIcon message={errorMessage(error)} />}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('readers.byCard')}>
            <ScanField testId="reader-scan" busy={byCard.isPending} placeholder={t('readers.scanCard')} onScan={(v) => byCard.mutate(v)} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('readers.byId')}>
            <Form layout="inline" onFinish={(v) => byId.mutate(v)} initialValues={{ idType: 'resident_id' }}>
              <Form.Item name="idType"><Select style={{ width: 170 }} options={ID_TYPES.map((v) => ({ value: v, label: idTypeLabel(v) }))} /></Form.Item>
              <Form.Item name="idNumber" rules={[{ required: true, message: t('readers.idRequired') }]}><Input autoComplete="off" placeholder={t('readers.idNumber')} /></Form.Item>
              <Button htmlType="submit" loading={byId.isPending}>{t('common.search')}</Button>
            </Form>
            <div style={{ color: '#888', fontSize: 12, marginTop: 8 }}>{t('readers.idPrivacy')}</div>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
