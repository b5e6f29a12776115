/**
 * The reader at the desk, without a photo: who, which card, what they owe, whether they may borrow
 * and why not, and their loans, holds and fees.
 */
import { Alert, App, Button, Card, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { api } from '../api';
import { patronFees, patronHolds, patronLoans, renewLoan } from '../circulation-api';
import { useStaff } from '../session';
import { errorMessage } from '../../shared/errors';
import { QueryState } from '../../shared/PageState';
import { codeMessage } from '../../shared/errors';
import { day, isPast, yuan } from '../../shared/format';
import { cardKindLabel, cardStatusLabel, groupLabel } from '../../shared/labels';
import { feeKindKey, holdStatusKey } from '../../shared/circulation';
import type { Card as ReaderCard, Patron, PatronStatus } from '../../shared/types';

export function useReaderStatus(patronId: string | undefined) {
  return useQuery({ queryKey: ['patron', patronId, 'status'], enabled: !!patronId, queryFn: () => api.get<PatronStatus>(`/api/patrons/${patronId}/status`) });
}

export function StatusAlerts({ status }: { status: PatronStatus }) {
  const { t } = useTranslation();
  const reasons = [
    ...status.blocks.map((b) => t('reader.blockedBecause', { reason: b.reason })),
    ...status.refusals.filter((r) => r.code !== 'PATRON_BLOCKED').map((r) => codeMessage(r.code) ?? r.message),
  ];
  if (!reasons.length) return <Alert type="success" showIcon message={t('reader.mayBorrow')} data-testid="reader-ok" />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="reader-blocks"
      message={t('reader.mayNotBorrow')}
      description={<ul style={{ margin: 0, paddingLeft: 18 }}>{reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
    />
  );
}

function LoansList({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { servicePointId } = useStaff();
  const qc = useQueryClient();
  const loans = useQuery({ queryKey: ['patron', patronId, 'loans'], queryFn: () => patronLoans(patronId) });
  const renew = async (loanId: string) => {
    try {
      const r = await renewLoan(loanId, servicePointId);
      void message.success(t('renew.newDue', { due: day(r.loan.dueAt) }));
      void qc.invalidateQueries({ queryKey: ['patron', patronId] });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <QueryState query={loans} isEmpty={(l) => !l.length} emptyText={t('reader.noLoans')}>
      {(list) => (
        <Table
          size="small" rowKey="id" pagination={false} dataSource={list} data-testid="reader-loans"
          columns={[
            { title: t('record.barcode'), dataIndex: 'itemBarcode' },
            { title: t('desk.title'), render: (_, l) => l.title ?? '—' },
            { title: t('desk.due'), render: (_, l) => <span style={{ color: isPast(l.dueAt) ? '#b71c1c' : undefined }}>{day(l.dueAt)}{isPast(l.dueAt) ? ` (${t('account.overdue')})` : ''}</span> },
            { title: t('desk.renewals'), dataIndex: 'renewals' },
            { title: '', render: (_, l) => <Button size="small" tabIndex={-1} onClick={() => void renew(l.id)}>{t('nav.renew')}</Button> },
          ]}
        />
      )}
    </QueryState>
  );
}

/** Past loans: shown only when asked (the reader's request), never on the desk by default. */
function HistoryList({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const history = useQuery({ queryKey: ['patron', patronId, 'history'], enabled: shown, queryFn: async () => (await patronLoans(patronId, true)).filter((l) => l.status !== 'open') });
  if (!shown) {
    return (
      <Space direction="vertical">
        <Typography.Text type="secondary">{t('reader.historyPrivacy')}</Typography.Text>
        <Button size="small" onClick={() => setShown(true)} data-testid="show-history">{t('reader.showHistory')}</Button>
      </Space>
    );
  }
  return (
    <QueryState query={history} isEmpty={(l) => !l.length} emptyText={t('reader.noHistory')}>
      {(list) => (
        <Table size="small" rowKey="id" pagination={{ pageSize: 10 }} dataSource={list}
          columns={[
            { title: t('record.barcode'), dataIndex: 'itemBarcode' },
            { title: t('desk.title'), render: (_, l) => l.title ?? '—' },
            { title: t('reader.loanedAt'), render: (_, l) => day(l.loanedAt) },
            { title: t('reader.returnedAt'), render: (_, l) => day((l as { closedAt?: string | null }).closedAt) },
          ]}
        />
      )}
    </QueryState>
  );
}

function HoldsList({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  const holds = useQuery({ queryKey: ['patron', patronId, 'holds'], queryFn: () => patronHolds(patronId) });
  return (
    <QueryState query={holds} isEmpty={(l) => !l.length} emptyText={t('reader.noHolds')}>
      {(list) => (
        <Table
          size="small" rowKey="id" pagination={false} dataSource={list}
          columns={[
            { title: t('desk.title'), render: (_, h) => h.title ?? '—' },
            { title: t('record.status'), render: (_, h) => <Tag color={h.status === 'ready' ? 'green' : 'blue'}>{t(holdStatusKey(h.status))}</Tag> },
            { title: t('reader.shelfUntil'), render: (_, h) => day(h.shelfExpiresOn) },
          ]}
        />
      )}
    </QueryState>
  );
}

function FeesList({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  const fees = useQuery({ queryKey: ['patron', patronId, 'fees'], queryFn: async () => (await patronFees(patronId)).fees.filter((f) => f.outstandingFen > 0) });
  return (
    <QueryState query={fees} isEmpty={(l) => !l.length} emptyText={t('reader.noFees')}>
      {(list) => (
        <Table
          size="small" rowKey="id" pagination={false} dataSource={list}
          columns={[
            { title: t('reader.feeKind'), render: (_, f) => t(feeKindKey(f.kind)) },
            { title: t('reader.date'), render: (_, f) => day(f.createdAt) },
            { title: t('reader.amount'), render: (_, f) => yuan(f.amountFen) },
            { title: t('reader.outstanding'), render: (_, f) => yuan(f.outstandingFen) },
          ]}
        />
      )}
    </QueryState>
  );
}

/** Holds waiting on the hold shelf for this reader: the desk hands them over now. */
function ReadyHolds({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  const holds = useQuery({ queryKey: ['patron', patronId, 'holds'], queryFn: () => patronHolds(patronId) });
  const ready = (holds.data ?? []).filter((h) => h.status === 'ready');
  if (!ready.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 8 }}
      data-testid="ready-holds"
      message={t('reader.readyHolds', { count: ready.length })}
      description={<ul style={{ margin: 0, paddingLeft: 18 }}>{ready.map((h) => <li key={h.id}>{h.title ?? '—'}（{t('reader.shelfUntil')} {day(h.shelfExpiresOn)}）</li>)}</ul>}
    />
  );
}

export function ReaderActivityTabs({ patronId }: { patronId: string }) {
  const { t } = useTranslation();
  return (
    <Tabs
      size="small"
      items={[
        { key: 'loans', label: t('reader.loans'), children: <LoansList patronId={patronId} /> },
        { key: 'holds', label: t('reader.holds'), children: <HoldsList patronId={patronId} /> },
        { key: 'fees', label: t('reader.fees'), children: <FeesList patronId={patronId} /> },
        { key: 'history', label: t('reader.history'), children: <HistoryList patronId={patronId} /> },
      ]}
    />
  );
}

export function ReaderSummary({ patron, card, extra }: { patron: Patron; card?: ReaderCard; extra?: ReactNode }) {
  const { t } = useTranslation();
  const status = useReaderStatus(patron.id);
  return (
    <Card size="small" data-testid="reader-summary" title={<Space><Typography.Text strong style={{ fontSize: 18 }} data-testid="reader-summary-name">{patron.name}</Typography.Text><Tag>{groupLabel(patron.group)}</Tag></Space>} extra={extra}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('reader.card')}>{card ? `${card.number} · ${cardKindLabel(card.kind)} · ${cardStatusLabel(card.status)}` : patron.cards.filter((c) => c.status === 'active').map((c) => c.number).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('reader.idNumber')}>{patron.idNumberMasked}</Descriptions.Item>
        {status.data && (
          <>
            <Descriptions.Item label={t('reader.deposit')}>
              {status.data.flags.depositWaived ? t('account.depositWaived') : `${yuan(status.data.flags.depositHeldFen)} / ${yuan(status.data.flags.depositRequiredFen)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('reader.owed')}>
              <span style={{ color: status.data.flags.owedFen > 0 ? '#b71c1c' : undefined }}>{yuan(status.data.flags.owedFen)}</span>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      {status.data && <StatusAlerts status={status.data} />}
      <ReadyHolds patronId={patron.id} />
      <ReaderActivityTabs patronId={patron.id} />
    </Card>
  );
}
