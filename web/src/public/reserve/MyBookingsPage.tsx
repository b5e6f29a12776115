/**
 * 我的预约: live bookings first with what can be done now — check in by scanning the seat's code
 * (typed here, standing in for the phone camera), step away and come back, leave early, cancel —
 * then the history.
 */
import { App, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { ErrorAlert, QueryState } from '../../shared/PageState';
import { SpaceName } from '../../shared/SpaceName';
import { errorMessage } from '../../shared/errors';
import { day, libraryName } from '../../shared/format';
import { byId, useLibraries } from '../../shared/libraries';
import { BOOKING_COLORS, bookingStatusLabel, hhmm, type Booking } from '../../shared/reservations';

const LIVE = new Set(['booked', 'checked_in', 'away']);
const DONE: Record<string, string> = { 'check-in': 'res.doneCheckIn', away: 'res.doneAway', back: 'res.doneBack', end: 'res.doneEnd', cancel: 'res.doneCancel' };
const CONFIRM: Record<string, string> = { end: 'res.confirmEnd', cancel: 'res.confirmCancel' };

function ScanSeat() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const scan = useMutation({
    mutationFn: (seatCode: string) => api.post<Booking>('/api/me/reservations/check-in', { seatCode }),
    onSuccess: (b) => {
      setCode('');
      void message.success(t('res.checkedIn', { seat: b.seatNumber ?? '' }));
      void qc.invalidateQueries({ queryKey: ['me', 'bookings'] });
    },
  });
  return (
    <Card size="small" title={<><ScanOutlined /> {t('res.scanTitle')}</>}>
      <ErrorAlert error={scan.error} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('res.scanHint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input size="large" value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('res.seatCode')} data-testid="seat-code" autoComplete="off"
          onPressEnter={() => code.trim() && scan.mutate(code.trim())} />
        <Button size="large" type="primary" loading={scan.isPending} disabled={!code.trim()} onClick={() => scan.mutate(code.trim())} data-testid="seat-check-in">{t('res.checkIn')}</Button>
      </Space.Compact>
    </Card>
  );
}

function Actions({ b }: { b: Booking }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (action: string) => api.post<Booking>(`/api/me/reservations/${b.id}/${action}`),
    onSuccess: (_r, action) => {
      void message.success(t(DONE[action]));
      void qc.invalidateQueries({ queryKey: ['me', 'bookings'] });
      void qc.invalidateQueries({ queryKey: ['res'] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const btn = (action: string, label: string, danger = false) => (
    <Button key={action} size="small" danger={danger} loading={act.isPending && act.variables === action} data-testid={`booking-${action}`}
      onClick={() => (danger ? modal.confirm({ title: t(CONFIRM[action]), okText: label, cancelText: t('common.back'), onOk: () => act.mutateAsync(action) }) : act.mutate(action))}>
      {label}
    </Button>
  );
  if (b.status === 'booked') return <Space wrap>{b.kind === 'room' && btn('check-in', t('res.checkIn'))}{btn('cancel', t('res.cancel'), true)}</Space>;
  if (b.status === 'checked_in') return <Space wrap>{b.kind === 'seat' && btn('away', t('res.away'))}{btn('end', t('res.end'), true)}</Space>;
  if (b.status === 'away') return <Space wrap>{btn('back', t('res.back'))}{btn('end', t('res.end'), true)}</Space>;
  return null;
}

export function MyBookingsPage() {
  const { t } = useTranslation();
  const { signedIn } = useReaderSession();
  const libs = byId(useLibraries(api).data);
  const bookings = useQuery({
    queryKey: ['me', 'bookings'], enabled: signedIn, refetchInterval: 60_000,
    queryFn: async () => (await api.get<{ items: Booking[] }>('/api/me/reservations')).items.filter((b) => b.kind !== 'event'),
  });
  if (!signedIn) return <Navigate to="/sign-in?next=/bookings" replace />;
  const render = (b: Booking) => (
    <List.Item data-testid="booking" data-status={b.status} actions={[<Actions key="a" b={b} />]}>
      <List.Item.Meta
        title={<Space wrap><span>{b.kind === 'seat' ? t('res.seatNo', { seat: b.seatNumber }) : t('res.roomBooking')}</span>
          <Tag color={BOOKING_COLORS[b.status]} data-testid="booking-status">{bookingStatusLabel(b.status)}</Tag></Space>}
        description={<Space direction="vertical" size={0}>
          <span>{day(b.startsAt)} {hhmm(b.startsAt)}–{hhmm(b.endsAt)}</span>
          <span className="ty-meta">{libraryName(libs.get(b.libraryId))} · <SpaceName api={api} id={b.spaceId} /></span>
          {b.status === 'booked' && b.kind === 'seat' && <span className="ty-meta">{t('res.checkInBy')}</span>}
          {b.status === 'away' && <span className="ty-meta">{t('res.awaySince', { time: hhmm(b.awaySince!) })}</span>}
        </Space>}
      />
    </List.Item>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('res.myBookings')}</Typography.Title>
        <Space><Link to="/seats">{t('nav.seats')}</Link><Link to="/rooms">{t('nav.rooms')}</Link></Space>
      </Space>
      <ScanSeat />
      <QueryState query={bookings} isEmpty={(l) => !l.length} emptyText={t('res.noBookings')}>
        {(list) => (
          <>
            <Card size="small" title={t('res.live')}>
              <List data-testid="live-bookings" dataSource={list.filter((b) => LIVE.has(b.status))} renderItem={render} locale={{ emptyText: t('res.noLive') }} />
            </Card>
            <Card size="small" title={t('res.history')}>
              <List dataSource={list.filter((b) => !LIVE.has(b.status)).slice(0, 30)} renderItem={render} locale={{ emptyText: t('res.noHistory') }} />
            </Card>
          </>
        )}
      </QueryState>
    </Space>
  );
}
