/**
 * A reader's circulation fees, open and settled, with what was paid and waived. Staff with the fees
 * permission waive one fee (减免), all of what is outstanding or part of it, with a reason that is
 * recorded in the audit trail.
 */
import { App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useStaff } from '../session';
import { patronFees } from '../circulation-api';
import { ErrorAlert, QueryState } from '../../shared/PageState';
import { day, yuan } from '../../shared/format';
import { feeKindKey, type FeeView } from '../../shared/circulation';

function FeeState({ fee }: { fee: FeeView }) {
  const { t } = useTranslation();
  return (
    <Space size={2} wrap>
      {fee.outstandingFen > 0 ? <Tag color="orange">{t('fees.open')}</Tag> : <Tag color="green">{t('fees.settled')}</Tag>}
      {fee.waivedFen > 0 && <Tag color="blue" data-testid="fee-waived">{t('fees.waivedAmount', { amount: yuan(fee.waivedFen) })}</Tag>}
      {fee.paidFen > 0 && <Tag>{t('fees.paidAmount', { amount: yuan(fee.paidFen) })}</Tag>}
    </Space>
  );
}

function WaiveDialog({ patronId, fee, onClose }: { patronId: string; fee: FeeView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string; yuan?: number | null }>();
  const max = fee.outstandingFen / 100;
  const waive = useMutation({
    mutationFn: (v: { reason: string; yuan?: number | null }) =>
      api.post<FeeView>(`/api/patrons/${patronId}/fees/${fee.id}/waive`, { reason: v.reason.trim(), amountFen: v.yuan ? Math.round(v.yuan * 100) : undefined }),
    onSuccess: (f) => {
      void qc.invalidateQueries({ queryKey: ['patron', patronId] });
      void message.success(t('fees.waived', { amount: yuan(f.waivedFen) }));
      onClose();
    },
  });
  return (
    <Modal open title={t('fees.waiveTitle', { kind: t(feeKindKey(fee.kind)), amount: yuan(fee.outstandingFen) })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={waive.isPending}
      okText={t('fees.waive')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'waive-submit' } as React.ComponentProps<typeof Button>} destroyOnClose>
      <ErrorAlert error={waive.error} />
      <Form form={form} layout="vertical" onFinish={(v) => waive.mutate(v)}>
        <Form.Item name="yuan" label={t('fees.waiveAmount')} extra={t('fees.waiveAmountHelp', { amount: yuan(fee.outstandingFen) })}
          rules={[{ type: 'number', min: 0.01, max, message: t('fees.waiveAmountRule', { amount: yuan(fee.outstandingFen) }) }]}>
          <InputNumber min={0.01} max={max} step={0.5} precision={2} addonBefore="¥" style={{ width: 200 }} data-testid="waive-amount" />
        </Form.Item>
        <Form.Item name="reason" label={t('fees.waiveReason')} rules={[{ required: true, whitespace: true, max: 500, message: t('fees.waiveReasonRequired') }]}>
          <Input.TextArea autoFocus rows={2} maxLength={500} data-testid="waive-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function FeesCard({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  const { can } = useStaff();
  const [waiving, setWaiving] = useState<FeeView | null>(null);
  const fees = useQuery({ queryKey: ['patron', patronId, 'fees-all'], queryFn: () => patronFees(patronId) });
  const mayWaive = can('circulation.fees');
  return (
    <Card size="small" title={t('fees.title')}>
      <QueryState query={fees} isEmpty={(f) => !f.fees.length} emptyText={t('reader.noFees')}>
        {(f) => (
          <Table
            size="small" rowKey="id" pagination={{ pageSize: 5, hideOnSinglePage: true }} dataSource={f.fees} data-testid="reader-fees"
            columns={[
              { title: t('reader.feeKind'), render: (_, x) => t(feeKindKey(x.kind)) },
              { title: t('reader.date'), render: (_, x) => day(x.createdAt) },
              { title: t('reader.amount'), render: (_, x) => yuan(x.amountFen) },
              { title: t('reader.outstanding'), render: (_, x) => <span data-testid="fee-outstanding">{yuan(x.outstandingFen)}</span> },
              { title: t('record.status'), render: (_, x) => <FeeState fee={x} /> },
              { title: t('reader.note'), render: (_, x) => x.note ?? '' },
              ...(mayWaive
                ? [{ title: '', key: 'waive', render: (_: unknown, x: FeeView) => x.outstandingFen > 0 && <Button size="small" onClick={() => setWaiving(x)} data-testid="waive-fee">{t('fees.waive')}</Button> }]
                : []),
            ]}
          />
        )}
      </QueryState>
      {waiving && <WaiveDialog patronId={patronId} fee={waiving} onClose={() => setWaiving(null)} />}
    </Card>
  );
}
