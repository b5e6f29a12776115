/** My account: who I am (masked), loans with renew, holds with cancel, fees, and the QR card. */
import { Alert, App, Button, Card, Descriptions, List, Space, Tabs, Tag, Typography } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { QueryState } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { day, isPast, libraryName, yuan } from '../../shared/format';
import { cardKindLabel, cardStatusLabel, groupLabel } from '../../shared/labels';
import { byId, useLibraryDetails } from '../../shared/libraries';
import { feeKindKey, holdStatusKey, type FeesView, type HoldView, type LoanView } from '../../shared/circulation';
import { QrCardFullScreen } from '../components/QrCard';
import type { Me } from '../../shared/types';

function LoansTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const loans = useQuery({ queryKey: ['me', 'loans'], queryFn: () => api.get<LoanView[]>('/api/me/loans') });
  const renew = useMutation({
    mutationFn: (id: string) => api.post<{ loan: LoanView }>(`/api/me/loans/${id}/renew`),
    onSuccess: (r) => {
      void message.success(t('account.renewed', { due: day(r.loan.dueAt) }));
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <QueryState query={loans} isEmpty={(l) => !l.length} emptyText={t('account.noLoans')}>
      {(list) => (
        <List
          data-testid="my-loans"
          dataSource={list}
          renderItem={(l) => (
            <List.Item
              actions={[
                <Button key="renew" size="small" loading={renew.isPending && renew.variables === l.id} onClick={() => renew.mutate(l.id)}>
                  {t('account.renew')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={<Link to={`/record/${l.recordId}`}>{l.title ?? l.itemBarcode}</Link>}
                description={
                  <Space wrap>
                    <span>{t('account.due', { date: day(l.dueAt) })}</span>
                    {(l.overdue ?? isPast(l.dueAt)) && <Tag color="red">{t('account.overdue')}</Tag>}
                    <span className="ty-meta">{t('account.renewals', { count: l.renewals })}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </QueryState>
  );
}

function HoldsTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const libs = useLibraryDetails(api);
  const sps = byId((libs.data ?? []).flatMap((l) => l.servicePoints));
  const libsById = byId(libs.data);
  const holds = useQuery({ queryKey: ['me', 'holds'], queryFn: () => api.get<HoldView[]>('/api/me/holds') });
  const cancel = useMutation({
    mutationFn: (id: string) => api.del(`/api/me/holds/${id}`),
    onSuccess: () => {
      void message.success(t('account.holdCancelled'));
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <QueryState query={holds} isEmpty={(l) => !l.length} emptyText={t('account.noHolds')}>
      {(list) => (
        <List
          data-testid="my-holds"
          dataSource={list}
          renderItem={(h) => (
            <List.Item
              actions={h.status === 'pending' || h.status === 'ready' || h.status === 'in_transit' ? [
                <Button key="cancel" size="small" danger onClick={() => modal.confirm({ title: t('account.cancelHoldConfirm'), okText: t('account.cancelHold'), cancelText: t('common.back'), onOk: () => cancel.mutateAsync(h.id) })}>
                  {t('account.cancelHold')}
                </Button>,
              ] : []}
            >
              <List.Item.Meta
                title={<Link to={`/record/${h.recordId}`}>{h.title ?? t('account.aTitle')}</Link>}
                description={
                  <Space wrap>
                    <Tag color={h.status === 'ready' ? 'green' : 'blue'} data-testid="hold-status">{t(holdStatusKey(h.status))}</Tag>
                    {h.status === 'ready' && <strong>{t('account.readyUntil', { date: day(h.shelfExpiresOn) })}</strong>}
                    {h.status === 'pending' && h.queuePosition && <span>{t('account.queuePosition', { n: h.queuePosition })}</span>}
                    <span className="ty-meta">
                      {t('account.pickupAt', { place: `${libraryName(libsById.get(h.pickupLibraryId))} ${libraryName(sps.get(h.pickupServicePointId))}` })}
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </QueryState>
  );
}

function FeesTab() {
  const { t } = useTranslation();
  const fees = useQuery({ queryKey: ['me', 'fees'], queryFn: () => api.get<FeesView>('/api/me/fees') });
  return (
    <QueryState query={fees} isEmpty={(f) => !f.fees.some((x) => x.outstandingFen > 0)} emptyText={t('account.noFees')}>
      {(f) => (
        <List
          header={<strong>{t('account.owedTotal', { amount: yuan(f.owedFen) })}</strong>}
          dataSource={f.fees.filter((x) => x.outstandingFen > 0)}
          renderItem={(x) => (
            <List.Item extra={<strong>{yuan(x.outstandingFen)}</strong>}>
              <List.Item.Meta title={t(feeKindKey(x.kind))} description={`${day(x.createdAt)} ${x.note ?? ''}`} />
            </List.Item>
          )}
        />
      )}
    </QueryState>
  );
}

function Profile({ me, onShowCard }: { me: Me; onShowCard: () => void }) {
  const { t } = useTranslation();
  const active = me.cards.filter((c) => c.kind !== 'virtual');
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="reader-name">{me.profile.name}</Typography.Title>
        <Button type="primary" icon={<QrcodeOutlined />} onClick={onShowCard} data-testid="show-qr">{t('account.showQr')}</Button>
      </Space>
      {me.blocked && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('account.blocked')} />}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('account.group')}>{groupLabel(me.profile.group)}</Descriptions.Item>
        <Descriptions.Item label={t('account.idNumber')}>{me.profile.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label={t('account.phone')}>{me.profile.phoneMasked ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('account.deposit')}>{me.profile.depositWaived ? t('account.depositWaived') : yuan(me.balance.depositHeldFen)}</Descriptions.Item>
        <Descriptions.Item label={t('account.owed')}>{yuan(me.balance.owedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('account.cards')}>
          {active.map((c) => `${cardKindLabel(c.kind)} ${c.number} (${cardStatusLabel(c.status)})`).join('；')}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const { signedIn, signOut } = useReaderSession();
  const [showCard, setShowCard] = useState(false);
  const me = useQuery({ queryKey: ['me'], enabled: signedIn, queryFn: () => api.get<Me>('/api/me') });
  if (!signedIn) return <Navigate to="/sign-in?next=/account" replace />;
  return (
    <QueryState query={me}>
      {(m) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Profile me={m} onShowCard={() => setShowCard(true)} />
          <Card>
            <Tabs
              items={[
                { key: 'loans', label: t('account.loans'), children: <LoansTab /> },
                { key: 'holds', label: t('account.holds'), children: <HoldsTab /> },
                { key: 'fees', label: t('account.fees'), children: <FeesTab /> },
              ]}
            />
          </Card>
          <Button block onClick={() => void signOut()} data-testid="sign-out">{t('account.signOut')}</Button>
          {showCard && <QrCardFullScreen name={m.profile.name} onClose={() => setShowCard(false)} />}
        </Space>
      )}
    </QueryState>
  );
}
