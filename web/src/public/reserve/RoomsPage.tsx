/** 空间预约: book an activity room for a group, for a span of slots, with the party size and purpose. */
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { EmptyState, ErrorAlert, QueryState } from '../../shared/PageState';
import { hhmm, isFree, type AvailabilityView, type Booking } from '../../shared/reservations';
import { ChoiceBar, useReserveChoice } from './SeatsPage';
import { SlotGrid } from './SlotGrid';

export function RoomsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { signedIn } = useReaderSession();
  const c = useReserveChoice('activity_room');
  const [start, setStart] = useState<string | null>(null);
  const [end, setEnd] = useState<string | undefined>();
  const avail = useQuery({
    queryKey: ['res', 'availability', c.libraryId, c.day, c.spaceId], enabled: !!c.libraryId && !!c.spaceId,
    queryFn: () => api.get<AvailabilityView>(`/api/reservations/libraries/${c.libraryId}/availability`, { day: c.day, spaceId: c.spaceId }),
  });
  useEffect(() => { setStart(null); setEnd(undefined); }, [c.libraryId, c.day, c.spaceId]);
  const room = avail.data?.spaces.find((s) => s.id === c.spaceId);
  const info = c.spaces.data?.find((s) => s.id === c.spaceId);
  const maxMs = (c.policy.data?.maxRoomHours ?? 4) * 3600_000;
  // end times: slot ends after the start, while the room stays free and within the longest booking
  const ends = !room || !start ? [] : room.slots
    .filter((s) => Date.parse(s.endsAt) > Date.parse(start) && Date.parse(s.endsAt) - Date.parse(start) <= maxMs)
    .filter((s) => isFree(room.free, Date.parse(start), Date.parse(s.endsAt)))
    .map((s) => s.endsAt);
  useEffect(() => setEnd(ends[0]), [start]); // eslint-disable-line react-hooks/exhaustive-deps
  const book = useMutation({
    mutationFn: (v: { partySize: number; purpose?: string }) => api.post<Booking>('/api/me/reservations/room', { spaceId: c.spaceId, startsAt: start, endsAt: end, partySize: v.partySize, purpose: v.purpose || null }),
    onSuccess: (b) => {
      void message.success(t('res.roomBooked', { from: hhmm(b.startsAt), to: hhmm(b.endsAt) }));
      void qc.invalidateQueries({ queryKey: ['res'] });
      void qc.invalidateQueries({ queryKey: ['me'] });
      navigate('/bookings');
    },
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>{t('res.roomsTitle')}</Typography.Title>
      <Card size="small"><ChoiceBar c={c} /></Card>
      {!c.libraryId ? <EmptyState text={t('res.pickLibrary')} /> : (
        <QueryState query={c.spaces} isEmpty={(s) => !s.length} emptyText={t('res.noActivityRooms')}>
          {() => (
            <QueryState query={avail} isEmpty={(a) => !a.opening.length} emptyText={t('res.closedThatDay')}>
              {() => room && (
                <>
                  {info && (
                    <Descriptions size="small" column={{ xs: 1, sm: 3 }} bordered>
                      <Descriptions.Item label={t('res.capacity')}>{info.capacity}</Descriptions.Item>
                      <Descriptions.Item label={t('res.floor')}>{info.floor ?? '—'}</Descriptions.Item>
                      <Descriptions.Item label={t('res.equipment')}>{info.equipment.join('、') || '—'}</Descriptions.Item>
                    </Descriptions>
                  )}
                  <Card size="small" title={t('res.chooseStart')}>
                    <SlotGrid slots={room.slots} selected={start} onSelect={setStart} capacity={1} />
                  </Card>
                  {start && (
                    <Card size="small" title={t('res.roomDetails')}>
                      <ErrorAlert error={book.error} />
                      {!signedIn ? (
                        <Alert type="info" showIcon message={<>{t('res.signInToBook')} <Link to="/sign-in?next=/rooms">{t('public.signIn')}</Link></>} />
                      ) : (
                        <Form layout="vertical" onFinish={(v) => book.mutate(v)} initialValues={{ partySize: Math.min(10, info?.capacity ?? 10) }}>
                          <Form.Item label={t('res.until')}>
                            <Select data-testid="room-end" value={end} onChange={setEnd} options={ends.map((e) => ({ value: e, label: `${hhmm(start)}–${hhmm(e)}` }))} notFoundContent={t('res.noEnd')} />
                          </Form.Item>
                          <Form.Item name="partySize" label={t('res.partySize')} rules={[{ required: true, message: t('res.partySizeRequired') }]}>
                            <InputNumber min={1} max={info?.capacity ?? 1000} data-testid="party-size" />
                          </Form.Item>
                          <Form.Item name="purpose" label={t('res.purpose')}><Input.TextArea rows={2} maxLength={500} data-testid="room-purpose" /></Form.Item>
                          <Button type="primary" htmlType="submit" disabled={!end} loading={book.isPending} data-testid="book-room">{t('res.bookRoom')}</Button>
                        </Form>
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
