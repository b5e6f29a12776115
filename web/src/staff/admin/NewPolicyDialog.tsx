/**
 * A new loan policy (借阅政策): its code and name, the loan period in days or hours, renewals,
 * limits and the daily fine. The values not asked here take the server's defaults; every value is
 * then edited in place in the policies table.
 */
import { App, Button, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert } from '../../shared/PageState';

const POLICY_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const AUDIENCE_KEYS: Record<string, string> = { any: 'rules.audienceAny', adult: 'rules.audienceAdult', children: 'rules.audienceChildren' };

interface Values {
  code: string;
  name: string;
  loanable: boolean;
  period: number;
  unit: 'days' | 'hours';
  renewals: number;
  maxLoansTotal?: number | null;
  finePerDayFen: number;
  maxHolds: number;
  maxOwedFen: number;
  audience: string;
}

const DEFAULTS: Partial<Values> = { loanable: true, unit: 'days', period: 30, renewals: 2, finePerDayFen: 10, maxHolds: 10, maxOwedFen: 5000, audience: 'any' };

function toBody(v: Values) {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    loanable: v.loanable,
    loanDays: v.unit === 'days' ? v.period : null,
    loanHours: v.unit === 'hours' ? v.period : null,
    renewals: v.renewals,
    maxLoansTotal: v.maxLoansTotal ?? null,
    finePerDayFen: v.finePerDayFen,
    maxHolds: v.maxHolds,
    maxOwedFen: v.maxOwedFen,
    audience: v.audience,
  };
}

export function NewPolicyButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const unit = Form.useWatch('unit', form);
  const create = useMutation({
    mutationFn: (v: Values) => api.post('/api/circulation/policies', toBody(v)),
    onSuccess: () => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['circ-policies'] });
      void message.success(t('rules.policyCreated'));
    },
  });
  const whole = (min: number, max: number) => [{ required: true, type: 'integer' as const, min, max, message: t('rules.numberRule', { min, max }) }];
  return (
    <>
      <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => { create.reset(); setOpen(true); }} data-testid="new-policy">{t('rules.newPolicy')}</Button>
      <Modal open={open} title={t('rules.newPolicy')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} width={620}
        okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'policy-save' } as React.ComponentProps<typeof Button>} destroyOnClose>
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={DEFAULTS} preserve={false}>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="code" label={t('rules.policyCode')} rules={[{ required: true, pattern: POLICY_CODE, message: t('rules.policyCodeRule') }]}>
                <Input autoFocus autoComplete="off" placeholder="short-loan" data-testid="policy-code" />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.nameRequired') }]}>
                <Input data-testid="policy-name" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item label={t('rules.loanPeriod')} required style={{ marginBottom: 0 }}>
                <Row gutter={4} wrap={false}>
                  <Col>
                    <Form.Item name="period" rules={whole(unit === 'hours' ? 1 : 0, unit === 'hours' ? 8784 : 3650)}>
                      <InputNumber min={0} precision={0} style={{ width: 90 }} data-testid="policy-period" />
                    </Form.Item>
                  </Col>
                  <Col>
                    <Form.Item name="unit">
                      <Radio.Group optionType="button" size="small" options={[{ value: 'days', label: t('rules.unitDays') }, { value: 'hours', label: t('rules.unitHours') }]} />
                    </Form.Item>
                  </Col>
                </Row>
              </Form.Item>
            </Col>
            <Col span={7}>
              <Form.Item name="loanable" label={t('rules.loanable')} valuePropName="checked"><Switch size="small" /></Form.Item>
            </Col>
            <Col span={7}>
              <Form.Item name="audience" label={t('rules.audience')}>
                <Select options={Object.entries(AUDIENCE_KEYS).map(([value, key]) => ({ value, label: t(key) }))} />
              </Form.Item>
            </Col>
            <Col span={8}><Form.Item name="renewals" label={t('rules.renewals')} rules={whole(0, 99)}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={8}>
              <Form.Item name="maxLoansTotal" label={t('rules.maxLoans')} extra={t('rules.blankNoLimit')} rules={[{ type: 'integer', min: 0, max: 1000, message: t('rules.numberRule', { min: 0, max: 1000 }) }]}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="policy-max-loans" />
              </Form.Item>
            </Col>
            <Col span={8}><Form.Item name="maxHolds" label={t('rules.maxHolds')} rules={whole(0, 1000)}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="finePerDayFen" label={t('rules.finePerDay')} rules={whole(0, 100_000_000)}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="maxOwedFen" label={t('rules.maxOwed')} rules={whole(0, 100_000_000)}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
