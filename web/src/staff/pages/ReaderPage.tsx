/**
 * One reader, for staff: particulars (masked), cards (issue, replace, report lost, renew), money
 * (deposit, refund, credit waiver, payments), fees (waive one, with a reason), blocks with reasons,
 * PIN reset, loans/holds/fees.
 */
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useStaff } from '../session';
import { QueryState, ErrorAlert } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { dateTime, day, yuan } from '../../shared/format';
import { cardKindLabel, cardStatusLabel, groupLabel, idTypeLabel, ledgerKindLabel } from '../../shared/labels';
import { isValidPhone } from '../../shared/id-number';
import { payFees } from '../circulation-api';
import { ReaderActivityTabs, StatusAlerts, useReaderStatus } from '../components/ReaderSummary';
import { FeesCard } from '../components/FeesCard';
import type { Balance, Card as ReaderCard, Group, LedgerEntry, Patron } from '../../shared/types';

type Dialog = null | { kind: 'edit' } | { kind: 'issue' } | { kind: 'replace'; card: ReaderCard } | { kind: 'block' } | { kind: 'pin' } | { kind: 'payment' } | { kind: 'deposit' };

function useInvalidate(patronId: string) {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: ['patron', patronId] });
}

/** A small form in a modal: validates, submits, reports errors in plain words. */
function FormDialog<T extends object>({ title, open, onClose, onSubmit, children, initialValues }: {
  title: string; open: boolean; onClose: () => void; onSubmit: (v: T) => Promise<unknown>; children: ReactNode; initialValues?: Partial<T>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<T>();
  const run = useMutation({ mutationFn: onSubmit, onSuccess: onClose });
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={run.isPending} okText={t('common.ok')} cancelText={t('common.cancel')} destroyOnClose>
      <ErrorAlert error={run.error} />
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)} initialValues={initialValues} preserve={false}>{children}</Form>
    </Modal>
  );
}

function CardsCard({ patron, onDialog }: { patron: Patron; onDialog: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const invalidate = useInvalidate(patron.id);
  const act = async (path: string, done: string) => {
    try {
      await api.post(path);
      void message.success(done);
      invalidate();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <Card size="small" title={t('reader.cards')} extra={<Button size="small" onClick={() => onDialog({ kind: 'issue' })}>{t('reader.issueCard')}</Button>}>
      <Table
        size="small" rowKey="id" pagination={false} dataSource={patron.cards}
        columns={[
          { title: t('reader.cardNumber'), dataIndex: 'number' },
          { title: t('reader.cardKind'), render: (_, c) => cardKindLabel(c.kind) },
          { title: t('record.status'), render: (_, c) => <Tag color={c.status === 'active' ? 'green' : 'default'}>{cardStatusLabel(c.status)}</Tag> },
          { title: t('reader.expires'), render: (_, c) => day(c.expiresOn) },
          {
            title: t('common.actions'),
            render: (_, c) => c.kind === 'virtual' || c.status === 'replaced' || c.status === 'withdrawn' ? null : (
              <Space size={4} wrap>
                {c.status === 'active' && <Button size="small" onClick={() => modal.confirm({ title: t('reader.reportLostConfirm', { number: c.number }), onOk: () => act(`/api/patrons/cards/${c.id}/lost`, t('reader.reportedLost')) })}>{t('reader.reportLost')}</Button>}
                <Button size="small" onClick={() => onDialog({ kind: 'replace', card: c })}>{t('reader.replaceCard')}</Button>
                <Button size="small" onClick={() => void act(`/api/patrons/cards/${c.id}/renew`, t('reader.cardRenewed'))}>{t('reader.renewCard')}</Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function MoneyCard({ patron, onDialog }: { patron: Patron; onDialog: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const { can } = useStaff();
  const { message, modal } = App.useApp();
  const invalidate = useInvalidate(patron.id);
  const ledger = useQuery({ queryKey: ['patron', patron.id, 'ledger'], queryFn: () => api.get<{ balance: Balance; entries: LedgerEntry[] }>(`/api/patrons/${patron.id}/ledger`) });
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      void message.success(ok);
      invalidate();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const fees = can('patrons.fees');
  return (
    <Card
      size="small"
      title={t('reader.money')}
      extra={fees && (
        <Space size={4} wrap>
          <Button size="small" onClick={() => onDialog({ kind: 'deposit' })}>{t('reader.takeDeposit')}</Button>
          <Button size="small" onClick={() => modal.confirm({ title: t('reader.refundConfirm'), onOk: () => run(() => api.post(`/api/patrons/${patron.id}/deposit/refund`, {}), t('reader.refunded')) })}>{t('reader.refundDeposit')}</Button>
          <Button size="small" onClick={() => void run(async () => {
            const r = await api.post<{ score: number; waivedFen: number; refundedFen: number }>(`/api/patrons/${patron.id}/credit-waiver`);
            void message.info(t('reader.creditResult', { score: r.score, refunded: yuan(r.refundedFen) }));
          }, t('reader.waived'))}>{t('reader.creditWaiver')}</Button>
          <Button size="small" type="primary" onClick={() => onDialog({ kind: 'payment' })} data-testid="take-payment">{t('reader.takePayment')}</Button>
        </Space>
      )}
    >
      <QueryState query={ledger}>
        {(l) => (
          <>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('reader.depositHeld')}>{yuan(l.balance.depositHeldFen)}</Descriptions.Item>
              <Descriptions.Item label={t('reader.owed')}><span data-testid="reader-owed">{yuan(l.balance.owedFen)}</span></Descriptions.Item>
              <Descriptions.Item label={t('reader.depositWaived')}>{patron.depositWaived ? t('common.yes') : t('common.no')}</Descriptions.Item>
            </Descriptions>
            <Table
              size="small" rowKey="id" pagination={{ pageSize: 5 }} dataSource={l.entries} locale={{ emptyText: t('reader.noLedger') }}
              columns={[
                { title: t('reader.date'), render: (_, e) => dateTime(e.at) },
                { title: t('reader.entryKind'), render: (_, e) => ledgerKindLabel(e.kind) },
                { title: t('reader.amount'), render: (_, e) => yuan(e.amountFen) },
                { title: t('reader.note'), render: (_, e) => e.note ?? '' },
              ]}
            />
          </>
        )}
      </QueryState>
    </Card>
  );
}

function BlocksCard({ patron, onDialog }: { patron: Patron; onDialog: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate(patron.id);
  const status = useReaderStatus(patron.id);
  return (
    <Card size="small" title={t('reader.standing')} extra={<Button size="small" danger onClick={() => onDialog({ kind: 'block' })} data-testid="add-block">{t('reader.block')}</Button>}>
      <QueryState query={status}>
        {(s) => (
          <>
            <StatusAlerts status={s} />
            {s.blocks.map((b) => (
              <div key={b.id} style={{ marginTop: 8 }}>
                <Tag color="red">{b.reason}</Tag> {dateTime(b.createdAt)}{b.expiresAt ? ` → ${dateTime(b.expiresAt)}` : ''}{' '}
                <Button size="small" onClick={async () => {
                  try {
                    await api.del(`/api/patrons/${patron.id}/blocks/${b.id}`);
                    void message.success(t('reader.unblocked'));
                    invalidate();
                  } catch (err) {
                    void message.error(errorMessage(err));
                  }
                }}>{t('reader.unblock')}</Button>
              </div>
            ))}
          </>
        )}
      </QueryState>
    </Card>
  );
}

function Dialogs({ patron, dialog, close }: { patron: Patron; dialog: Dialog; close: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate(patron.id);
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => api.get<Group[]>('/api/patrons/groups') });
  const done = (text: string) => {
    void message.success(text);
    invalidate();
  };
  const amount = (
    <Form.Item name="yuan" label={t('reader.amountYuan')} rules={[{ required: true, message: t('reader.amountRequired') }]}>
      <InputNumber min={0.01} step={0.5} precision={2} style={{ width: 200 }} addonBefore="¥" autoFocus data-testid="amount" />
    </Form.Item>
  );
  return (
    <>
      <FormDialog<{ name: string; phone?: string; groupCode: string }> title={t('reader.edit')} open={dialog?.kind === 'edit'} onClose={close}
        initialValues={{ name: patron.name, groupCode: patron.group.code }}
        onSubmit={async (v) => { await api.patch(`/api/patrons/${patron.id}`, { name: v.name, groupCode: v.groupCode, ...(v.phone ? { phone: v.phone } : {}) }); done(t('reader.saved')); }}>
        <Form.Item name="name" label={t('register.name')} rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }]}><Input /></Form.Item>
        <Form.Item name="phone" label={t('register.phone')} extra={t('reader.phoneKeep', { masked: patron.phoneMasked ?? '—' })} rules={[{ validator: (_, v: string) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('errors.PHONE_INVALID')))) }]}><Input autoComplete="off" /></Form.Item>
        <Form.Item name="groupCode" label={t('register.group')}><Select options={(groups.data ?? []).map((g) => ({ value: g.code, label: groupLabel(g) }))} /></Form.Item>
      </FormDialog>
      <FormDialog<{ kind: string; number: string }> title={t('reader.issueCard')} open={dialog?.kind === 'issue'} onClose={close} initialValues={{ kind: 'barcode' }}
        onSubmit={async (v) => { await api.post(`/api/patrons/${patron.id}/cards`, { kind: v.kind, number: v.number.trim() }); done(t('reader.cardIssued')); }}>
        <Form.Item name="kind" label={t('reader.cardKind')}><Select options={['barcode', 'union', 'e_student'].map((k) => ({ value: k, label: cardKindLabel(k) }))} /></Form.Item>
        <Form.Item name="number" label={t('reader.cardNumber')} rules={[{ required: true, min: 4, max: 40, message: t('register.cardNumberLength') }]}><Input autoFocus /></Form.Item>
      </FormDialog>
      <FormDialog<{ newNumber: string; feeYuan?: number }> title={t('reader.replaceCard')} open={dialog?.kind === 'replace'} onClose={close}
        onSubmit={async (v) => { if (dialog?.kind === 'replace') await api.post(`/api/patrons/cards/${dialog.card.id}/replace`, { newNumber: v.newNumber.trim(), feeFen: v.feeYuan ? Math.round(v.feeYuan * 100) : undefined }); done(t('reader.cardReplaced')); }}>
        <Form.Item name="newNumber" label={t('reader.newCardNumber')} rules={[{ required: true, min: 4, max: 40, message: t('register.cardNumberLength') }]}><Input autoFocus /></Form.Item>
        <Form.Item name="feeYuan" label={t('reader.replaceFee')}><InputNumber min={0} precision={2} addonBefore="¥" /></Form.Item>
      </FormDialog>
      <FormDialog<{ reason: string }> title={t('reader.block')} open={dialog?.kind === 'block'} onClose={close}
        onSubmit={async (v) => { await api.post(`/api/patrons/${patron.id}/blocks`, { reason: v.reason.trim() }); done(t('reader.blocked')); }}>
        <Form.Item name="reason" label={t('reader.blockReason')} rules={[{ required: true, whitespace: true, message: t('reader.blockReasonRequired') }]}><Input.TextArea autoFocus rows={2} data-testid="block-reason" /></Form.Item>
      </FormDialog>
      <FormDialog<{ pin: string }> title={t('reader.resetPin')} open={dialog?.kind === 'pin'} onClose={close}
        onSubmit={async (v) => { await api.put(`/api/patrons/${patron.id}/pin`, { pin: v.pin }); done(t('reader.pinReset')); }}>
        <Form.Item name="pin" label={t('register.pin')} rules={[{ required: true, pattern: /^\d{4,8}$/, message: t('errors.PIN_FORMAT') }]}><Input.Password autoFocus autoComplete="new-password" /></Form.Item>
      </FormDialog>
      <FormDialog<{ yuan: number; note?: string }> title={t('reader.takePayment')} open={dialog?.kind === 'payment'} onClose={close}
        onSubmit={async (v) => { await payFees(patron.id, Math.round(v.yuan * 100), v.note || undefined); done(t('reader.paid')); }}>
        {amount}
        <Form.Item name="note" label={t('reader.note')}><Input /></Form.Item>
      </FormDialog>
      <FormDialog<{ yuan?: number }> title={t('reader.takeDeposit')} open={dialog?.kind === 'deposit'} onClose={close} initialValues={{ yuan: patron.group.depositFen / 100 }}
        onSubmit={async (v) => { await api.post(`/api/patrons/${patron.id}/deposit`, v.yuan ? { amountFen: Math.round(v.yuan * 100) } : {}); done(t('reader.depositTaken')); }}>
        {amount}
      </FormDialog>
    </>
  );
}

export function ReaderPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const patron = useQuery({ queryKey: ['patron', id], queryFn: () => api.get<Patron>(`/api/patrons/${id}`) });
  return (
    <QueryState query={patron}>
      {(p) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          {params.get('registered') && <Alert type="success" showIcon message={t('reader.registered', { name: p.name })} data-testid="registered" />}
          <Card
            size="small"
            title={<Space><span style={{ fontSize: 18 }} data-testid="reader-name">{p.name}</span><Tag>{groupLabel(p.group)}</Tag></Space>}
            extra={<Space><Button size="small" onClick={() => setDialog({ kind: 'edit' })}>{t('reader.edit')}</Button><Button size="small" onClick={() => setDialog({ kind: 'pin' })}>{t('reader.resetPin')}</Button></Space>}
          >
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={idTypeLabel(p.idType)}>{p.idNumberMasked}</Descriptions.Item>
              <Descriptions.Item label={t('register.phone')}>{p.phoneMasked ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('reader.since')}>{day(p.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('reader.pin')}>{p.pinSet ? t('reader.pinSet') : t('reader.pinNotSet')}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Row gutter={16}>
            <Col xs={24} xl={12}><Space direction="vertical" style={{ width: '100%' }} size="middle"><BlocksCard patron={p} onDialog={setDialog} /><CardsCard patron={p} onDialog={setDialog} /></Space></Col>
            <Col xs={24} xl={12}><Space direction="vertical" style={{ width: '100%' }} size="middle"><MoneyCard patron={p} onDialog={setDialog} /><FeesCard patronId={p.id} /></Space></Col>
          </Row>
          <Card size="small" title={t('reader.activity')}><ReaderActivityTabs patronId={p.id} /></Card>
          <Dialogs patron={p} dialog={dialog} close={() => setDialog(null)} />
        </Space>
      )}
    </QueryState>
  );
}
