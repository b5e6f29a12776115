/**
 * 座位预约 on a phone: choose the library, the day (within the booking window), the reading room
 * and zone; the room's day as a grid of slots; tap a start, choose how long, tap a free seat, book.
 */
import { Alert, App, Button, Card, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { EmptyState, ErrorAlert, QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { addDaysIso, dayLabel, hhmm, isFree, SEAT_ZONES, todayIso, zoneLabel, type AvailabilityView, type Booking, type Policy, type Space as Room } from '../../shared/reservations';
import { SlotGrid } from './SlotGrid';

export function useReserveChoice(kind: Room['kind']) {
  const [libraryId, setLibraryId] = useState<string | undefined>(() => sessionStorage.getItem('tianyi.res.library') ?? undefined);
  const [day, setDay] = useState(todayIso());
  const [spaceId, setSpaceId] = useState<string | undefined>();
  useEffect(() => {
    if (libraryId) sessionStorage.setItem('tianyi.res.library', libraryId);
  }, [libraryId]);
  const policy = useQuery({ queryKey: ['res', 'policy', libraryId], enabled: !!libraryId, queryFn: () => api.get<Policy>(`/api/reservations/libraries/${libraryId}/policy`) });
  const spaces = useQuery({
    queryKey: ['res', 'spaces', libraryId, kind], enabled: !!libraryId,
    queryFn: async () => (await api.get<{ items: Room[] }>(`/api/reservations/libraries/${libraryId}/spaces`, { kind })).items.filter((s) => s.inService),
  });
  useEffect(() => {
    if (spaces.data && !spaces.data.some((s) => s.id === spaceId)) setSpaceId(spaces.data[0]?.id);
  }, [spaces.data, spaceId]);
  const days = Array.from({ length: (policy.data?.bookingWindowDays ?? 0) + 1 }, (_, i) => addDaysIso(todayIso(), i));
  return { libraryId, setLibraryId: (id: string | undefined) => { setLibraryId(id); setSpaceId(undefined); }, day, setDay, spaceId, setSpaceId, policy, spaces, days };
}

export function ChoiceBar({ c, zone, setZone }: { c: ReturnType<typeof useReserveChoice>; zone?: string; setZone?: (z: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <Space wrap style={{ width: '100%' }}>
      <LibraryPicker api={api} value={c.libraryId} onChange={c.setLibraryId} testId="res-library" />
      <Select data-testid="res-day" value={c.day} onChange={c.setDay} style={{ width: 130 }} options={c.days.map((d) => ({ value: d, label: dayLabel(d) }))} />
      {c.spaces.data && c.spaces.data.length > 0 && (
        <Select data-testid="res-room" value={c.spaceId} onChange={c.setSpaceId} style={{ minWidth: 150 }} options={c.spaces.data.map((s) => ({ value: s.id, label: s.name }))} />
      )}
      {setZone && (
        <Select data-testid="res-zone" value={zone ?? ''} onChange={(v: string) => setZone(v || undefined)} style={{ width: 120 }}
          options={[{ value: '', label: t('res.anyZone') }, ...SEAT_ZONES.map((z) => ({ value: z, label: zoneLabel(z) }))]} />
      )}
    </Space>
  );
}

function SeatGrid({ a, spaceId, start, end, zone, selected, onSelect }: {
  a: AvailabilityView; spaceId: string; start: number; end: number; zone?: string; selected?: string; onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const seats = a.seats.filter((s) => s.spaceId === spaceId && (!zone || s.zone === zone)).sort((x, y) => x.number.localeCompare(y.number, 'en', { numeric: true }));
  if (!seats.length) return <EmptyState text={t('res.noSeatsInZone')} />;
  return (
    <>
      <div className="ty-legend"><span><i className="ty-key ty-key-free" />{t('res.legendFree')}</span><span><i className="ty-key ty-key-taken" />{t('res.legendTaken')}</span><span>♿ {t('res.legendAccessible')}</span></div>
      <div className="ty-seats" data-testid="seat-grid">
        {seats.map((s) => {
          const free = isFree(s.free, start, end);
          return (
            <button key={s.id} type="button" disabled={!free} className={`ty-seat${selected === s.id ? ' selected' : ''}`} data-testid="seat" data-seat={s.number}
              aria-label={`${s.number} ${zoneLabel(s.zone)} ${free ? t('res.legendFree') : t('res.legendTaken')}`} onClick={() => onSelect(s.id)}>
              {s.number}{s.accessible ? ' ♿' : ''}<small>{zoneLabel(s.zone)}</small>
            </button>
          );
        })}
      </div>
    </>
  );
}

export function SeatsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { signedIn } = useReaderSession();
  const c = useReserveChoice('reading_room');
  const [zone, setZone] = useState<string | undefined>();
  const [start, setStart] = useState<string | null>(null);
  const [hours, setHours] = useState(2);
  const [seatId, setSeatId] = useState<string | undefined>();
  const avail = useQuery({
    queryKey: ['res', 'availability', c.libraryId, c.day, c.spaceId], enabled: !!c.libraryId && !!c.spaceId,
    queryFn: () => api.get<AvailabilityView>(`/api/reservations/libraries/${c.libraryId}/availability`, { day: c.day, spaceId: c.spaceId }),
    refetchInterval: 60_000,
  });
  useEffect(() => { setStart(null); setSeatId(undefined); }, [c.libraryId, c.day, c.spaceId]);
  useEffect(() => setSeatId(undefined), [start, hours, zone]);
  const room = avail.data?.spaces.find((s) => s.id === c.spaceId);
  const closing = room?.slots.length ? Date.parse(room.slots[room.slots.length - 1].endsAt) : 0;
  const maxHours = c.policy.data?.maxSeatHoursPerDay ?? 4;
  const startMs = start ? Date.parse(start) : 0;
  const endMs = Math.min(startMs + hours * 3600_000, closing);
  const hourOptions = useMemo(() => Array.from({ length: Math.max(1, Math.floor(maxHours)) }, (_, i) => i + 1), [maxHours]);
  const book = useMutation({
    mutationFn: (body: object) => api.post<Booking>('/api/me/reservations/seat', body),
    onSuccess: (b) => {
      void message.success(t('res.booked', { seat: b.seatNumber ?? '', from: hhmm(b.startsAt), to: hhmm(b.endsAt) }));
      void qc.invalidateQueries({ queryKey: ['me'] });
      void qc.invalidateQueries({ queryKey: ['res'] });
      navigate('/bookings');
    },
  });
  const span = { startsAt: new Date(startMs).toISOString(), endsAt: new Date(endMs).toISOString() };
  const seat = avail.data?.seats.find((s) => s.id === seatId);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>{t('res.seatsTitle')}</Typography.Title>
      <Card size="small"><ChoiceBar c={c} zone={zone} setZone={setZone} /></Card>
      {!c.libraryId ? <EmptyState text={t('res.pickLibrary')} /> : (
        <QueryState query={c.spaces} isEmpty={(s) => !s.length} emptyText={t('res.noReadingRooms')}>
          {() => (
            <QueryState query={avail} isEmpty={(a) => !a.opening.length} emptyText={t('res.closedThatDay')}>
              {(a) => room && (
                <>
                  <Card size="small" title={t('res.chooseStart')}>
                    <SlotGrid slots={room.slots} selected={start} onSelect={setStart} capacity={room.capacity} />
                  </Card>
                  {start && (
                    <Card size="small" title={t('res.chooseSeat')} extra={
                      <Select data-testid="res-hours" value={hours} onChange={setHours} style={{ width: 110 }} options={hourOptions.map((h) => ({ value: h, label: t('res.hours', { count: h }) }))} />
                    }>
                      <Typography.Paragraph type="secondary">{t('res.span', { from: hhmm(span.startsAt), to: hhmm(span.endsAt) })}</Typography.Paragraph>
                      <SeatGrid a={a} spaceId={room.id} start={startMs} end={endMs} zone={zone} selected={seatId} onSelect={setSeatId} />
                    </Card>
                  )}
                  {start && (
                    <Card size="small">
                      <ErrorAlert error={book.error} />
                      {!signedIn ? (
                        <Alert type="info" showIcon message={<>{t('res.signInToBook')} <Link to="/sign-in?next=/seats">{t('public.signIn')}</Link></>} />
                      ) : (
                        <Space wrap>
                          <Button type="primary" size="large" disabled={!seat} loading={book.isPending} data-testid="book-seat"
                            onClick={() => book.mutate({ seatId, ...span })}>
                            {seat ? t('res.bookSeat', { seat: seat.number, from: hhmm(span.startsAt), to: hhmm(span.endsAt) }) : t('res.pickSeatFirst')}
                          </Button>
                          <Button size="large" loading={book.isPending} data-testid="book-any" onClick={() => book.mutate({ spaceId: room.id, zone, ...span })}>{t('res.anySeat')}</Button>
                        </Space>
                      )}
                    </Card>
                  )}
                </>
              )}
            </QueryState>
          )}
        </QueryState>
      )}
    </Space>
  );
}
