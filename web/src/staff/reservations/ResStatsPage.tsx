/**
 * 预约与活动统计: seat occupancy by hour and room (booked vs. really occupied), no-show rates, and
 * registrations and attendance per library for events.
 */
import { Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api';
import { EChart } from '../components/EChart';
import { QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { libraryName } from '../../shared/format';
import { byId, useLibraries } from '../../shared/libraries';
import { useManagedLibrary } from './useManagedLibrary';

interface ResStats {
  days: number; noShowRate: number; byStatus: Record<string, number>;
  rooms: { spaceId: string; name: string; seats: number; bookings: number; noShows: number; noShowRate: number; byHour: { hour: number; bookedSeats: number; occupiedSeats: number; occupancy: number }[] }[];
}
interface EventRow { libraryId: string; held: number; cancelled: number; registrations: number; waitlisted: number; attended: number; attendanceRate: number }
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function Occupancy({ s }: { s: ResStats }) {
  const { t } = useTranslation();
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => s.rooms.some((r) => r.byHour[h].bookedSeats > 0)) ;
  const shown = hours.length ? hours : Array.from({ length: 14 }, (_, i) => i + 8);
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: shown.map((h) => `${h}:00`) }, yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: s.rooms.map((r) => ({ name: r.name, type: 'line', smooth: true, data: shown.map((h) => Math.round(r.byHour[h].occupancy * 1000) / 10) })),
  }), [s]); // eslint-disable-line react-hooks/exhaustive-deps
  const bookings = Object.values(s.byStatus).reduce((a, b) => a + b, 0);
  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('resStats.bookings')} value={bookings} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('resStats.noShowRate')} value={pct(s.noShowRate)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('resStats.noShows')} value={s.byStatus.no_show ?? 0} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('resStats.cancelled')} value={s.byStatus.cancelled ?? 0} /></Card></Col>
      </Row>
      <Card size="small" title={t('resStats.occupancyByHour')} style={{ marginBottom: 16 }}><EChart option={option} testId="chart-occupancy" /></Card>
      <Table size="small" rowKey="spaceId" pagination={false} dataSource={s.rooms} data-testid="room-stats"
        columns={[
          { title: t('bookings.room'), dataIndex: 'name' },
          { title: t('resStats.seats'), dataIndex: 'seats' },
          { title: t('resStats.bookings'), dataIndex: 'bookings' },
          { title: t('resStats.noShows'), dataIndex: 'noShows' },
          { title: t('resStats.noShowRate'), render: (_, r) => pct(r.noShowRate) },
          { title: t('resStats.peak'), render: (_, r) => pct(Math.max(...r.byHour.map((h) => h.occupancy))) },
        ]} />
    </>
  );
}

function EventStats({ rows }: { rows: EventRow[] }) {
  const { t } = useTranslation();
  const libs = byId(useLibraries(api).data);
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: rows.map((r) => libraryName(libs.get(r.libraryId))) }, yAxis: { type: 'value' },
    series: [
      { name: t('resStats.registrations'), type: 'bar', data: rows.map((r) => r.registrations) },
      { name: t('resStats.attended'), type: 'bar', data: rows.map((r) => r.attended) },
    ],
  }), [rows, libs.size, t]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <EChart option={option} testId="chart-events" />
      <Table size="small" rowKey="libraryId" pagination={false} dataSource={rows} data-testid="event-stats"
        columns={[
          { title: t('record.library'), render: (_, r) => libraryName(libs.get(r.libraryId)) },
          { title: t('resStats.held'), dataIndex: 'held' },
          { title: t('resStats.cancelled'), dataIndex: 'cancelled' },
          { title: t('resStats.registrations'), dataIndex: 'registrations' },
          { title: t('eventsAdmin.waitlisted'), dataIndex: 'waitlisted' },
          { title: t('resStats.attended'), dataIndex: 'attended' },
          { title: t('resStats.attendanceRate'), render: (_, r) => pct(r.attendanceRate) },
        ]} />
    </>
  );
}

export function ResStatsPage() {
  const { t } = useTranslation();
  const [libraryId, setLibraryId] = useManagedLibrary();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs().add(30, 'day')]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const res = useQuery({ queryKey: ['res', 'stats', libraryId, from, to], enabled: !!libraryId, queryFn: () => api.get<ResStats>(`/api/reservations/libraries/${libraryId}/stats`, { from, to }) });
  const ev = useQuery({ queryKey: ['events', 'stats', from, to], queryFn: async () => (await api.get<{ items: EventRow[] }>('/api/events/stats', { from, to })).items });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('resStats.title')} extra={<Space wrap><LibraryPicker api={api} value={libraryId} onChange={setLibraryId} />
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} /></Space>}>
        <QueryState query={res} isEmpty={(s) => !s.rooms.length} emptyText={t('resStats.noRooms')}>{(s) => <Occupancy s={s} />}</QueryState>
      </Card>
      <Card size="small" title={t('resStats.eventsTitle')}>
        <QueryState query={ev} isEmpty={(l) => !l.length} emptyText={t('resStats.noEvents')}>{(rows) => <EventStats rows={rows} />}</QueryState>
      </Card>
    </Space>
  );
}
