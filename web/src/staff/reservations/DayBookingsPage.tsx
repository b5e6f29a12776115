/**
 * 预约管理: the day's bookings of a library (seats and rooms, with who and the state), staff cancel
 * when a room is needed, and the booking suspensions after no-shows (违约), which staff can lift.
 */
import { App, Button, Card, DatePicker, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../api';
import { QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { errorMessage } from '../../shared/errors';
import { dateTime, libraryName } from '../../shared/format';
import { byId, useLibraries } from '../../shared/libraries';
import { BOOKING_COLORS, bookingStatusLabel, hhmm, type Booking, type Space as Room, type Suspension } from '../../shared/reservations';
import { useManagedLibrary } from './useManagedLibrary';

function DayList({ libraryId }: { libraryId: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [day, setDay] = useState(dayjs());
  const [spaceId, setSpaceId] = useState<string>('');
  const d = day.format('YYYY-MM-DD');
  const spaces = useQuery({ queryKey: ['res', 'spaces', libraryId, 'all'], queryFn: async () => (await api.get<{ items: Room[] }>(`/api/reservations/libraries/${libraryId}/spaces`)).items });
  const rooms = byId(spaces.data);
  const list = useQuery({ queryKey: ['res', 'day', libraryId, d, spaceId], refetchInterval: 30_000, queryFn: async () => (await api.get<{ items: Booking[] }>(`/api/reservations/libraries/${libraryId}/bookings`, { day: d, spaceId: spaceId || undefined })).items });
  const cancel = useMutation({
    mutationFn: (id: string) => api.post(`/api/reservations/bookings/${id}/cancel`),
    onSuccess: () => { void message.success(t('bookings.cancelled')); void qc.invalidateQueries({ queryKey: ['res', 'day'] }); },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker value={day} allowClear={false} onChange={(v) => v && setDay(v)} />
        <Select value={spaceId} onChange={setSpaceId} style={{ minWidth: 160 }} options={[{ value: '', label: t('bookings.allRooms') }, ...(spaces.data ?? []).map((s) => ({ value: s.id, label: s.name }))]} />
      </Space>
      <QueryState query={list} isEmpty={(l) => !l.length} emptyText={t('bookings.none')}>
        {(items) => (
          <Table size="small" rowKey="id" dataSource={items} pagination={{ pageSize: 50 }} data-testid="day-bookings"
            columns={[
              { title: t('bookings.time'), render: (_, b) => `${hhmm(b.startsAt)}–${hhmm(b.endsAt)}`, sorter: (a, b) => a.startsAt.localeCompare(b.startsAt), defaultSortOrder: 'ascend' },
              { title: t('bookings.room'), render: (_, b) => rooms.get(b.spaceId)?.name ?? '—' },
              { title: t('bookings.what'), render: (_, b) => (b.kind === 'seat' ? t('res.seatNo', { seat: b.seatNumber }) : b.kind === 'event' ? t('bookings.event') : t('bookings.group', { n: b.partySize ?? '' })) },
              { title: t('bookings.reader'), render: (_, b) => (b.patronId ? <Link to={`/readers/${b.patronId}`}>{t('bookings.openReader')}</Link> : '—') },
              { title: t('record.status'), render: (_, b) => <Tag color={BOOKING_COLORS[b.status]}>{bookingStatusLabel(b.status)}</Tag> },
              { title: t('bookings.checkedInAt'), render: (_, b) => (b.checkedInAt ? hhmm(b.checkedInAt) : '') },
              { title: '', render: (_, b) => (b.status === 'booked' && b.kind !== 'event'
                ? <Button size="small" danger onClick={() => modal.confirm({ title: t('bookings.cancelConfirm'), okText: t('bookings.cancel'), cancelText: t('common.back'), onOk: () => cancel.mutateAsync(b.id) })}>{t('bookings.cancel')}</Button>
                : null) },
            ]} />
        )}
      </QueryState>
    </>
  );
}

function Suspensions({ libraryId }: { libraryId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [activeOnly, setActiveOnly] = useState(true);
  const libs = byId(useLibraries(api).data);
  const list = useQuery({ queryKey: ['res', 'suspensions', libraryId, activeOnly], queryFn: async () => (await api.get<{ items: Suspension[] }>('/api/reservations/suspensions', { libraryId, active: activeOnly })).items });
  const lift = useMutation({
    mutationFn: (id: string) => api.post(`/api/reservations/suspensions/${id}/lift`, {}),
    onSuccess: () => { void message.success(t('bookings.lifted')); void qc.invalidateQueries({ queryKey: ['res', 'suspensions'] }); },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}><Switch checked={activeOnly} onChange={setActiveOnly} />{t('bookings.activeOnly')}</Space>
      <QueryState query={list} isEmpty={(l) => !l.length} emptyText={t('bookings.noSuspensions')}>
        {(items) => (
          <Table size="small" rowKey="id" dataSource={items} pagination={{ pageSize: 20 }} data-testid="suspensions"
            columns={[
              { title: t('bookings.reader'), render: (_, s) => <Link to={`/readers/${s.patronId}`}>{t('bookings.openReader')}</Link> },
              { title: t('record.library'), render: (_, s) => libraryName(libs.get(s.libraryId)) },
              { title: t('bookings.noShows'), dataIndex: 'noShows' },
              { title: t('bookings.until'), render: (_, s) => dateTime(s.endsAt) },
              { title: t('record.status'), render: (_, s) => (s.active ? <Tag color="red">{t('bookings.suspended')}</Tag> : <Tag>{s.liftedAt ? t('bookings.liftedTag') : t('bookings.ended')}</Tag>) },
              { title: '', render: (_, s) => (s.active ? <Button size="small" loading={lift.isPending && lift.variables === s.id} onClick={() => lift.mutate(s.id)}>{t('bookings.lift')}</Button> : null) },
            ]} />
        )}
      </QueryState>
    </>
  );
}

export function DayBookingsPage() {
  const { t } = useTranslation();
  const [libraryId, setLibraryId] = useManagedLibrary();
  return (
    <Card size="small" title={t('bookings.title')} extra={<LibraryPicker api={api} value={libraryId} onChange={setLibraryId} />}>
      {libraryId && (
        <Tabs items={[
          { key: 'day', label: t('bookings.dayTab'), children: <DayList libraryId={libraryId} /> },
          { key: 'suspensions', label: t('bookings.suspensionsTab'), children: <Suspensions libraryId={libraryId} /> },
        ]} />
      )}
    </Card>
  );
}
