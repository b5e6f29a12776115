/**
 * Statistics: loans, returns, active readers and new cards, per library and per day, and the
 * network compared member by member; CSV export of what is shown.
 * Reads GET /api/stats/daily?from&to -> {items: [{date, libraryId, loans, returns, activeReaders, newCards}]}.
 */
import { Button, Card, Col, DatePicker, Row, Space, Statistic } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api';
import { EChart } from '../components/EChart';
import { QueryState } from '../../shared/PageState';
import { byId, useLibraries } from '../../shared/libraries';
import { libraryName } from '../../shared/format';
import { itemsOf } from '../../shared/circulation';

interface DayRow {
  date: string;
  libraryId: string;
  loans: number;
  returns: number;
  activeReaders: number;
  newCards: number;
}

const MEASURES = ['loans', 'returns', 'activeReaders', 'newCards'] as const;
const MEASURE_KEY: Record<(typeof MEASURES)[number], string> = { loans: 'stats.loans', returns: 'stats.returns', activeReaders: 'stats.activeReaders', newCards: 'stats.newCards' };

function downloadCsv(name: string, rows: (string | number)[][]): void {
  const csv = '\uFEFF' + rows.map((r) => r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',')).join('\r\n');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

function Charts({ rows }: { rows: DayRow[] }) {
  const { t } = useTranslation();
  const libs = byId(useLibraries(api).data);
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const libIds = [...new Set(rows.map((r) => r.libraryId))];
  const total = (k: (typeof MEASURES)[number]) => rows.reduce((s, r) => s + r[k], 0);
  const perDay = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: dates }, yAxis: { type: 'value' },
    series: MEASURES.map((m) => ({ name: t(MEASURE_KEY[m]), type: 'line', smooth: true, data: dates.map((d) => rows.filter((r) => r.date === d).reduce((s, r) => s + r[m], 0)) })),
  }), [rows, t]); // eslint-disable-line react-hooks/exhaustive-deps
  const perLibrary = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: libIds.map((id) => libraryName(libs.get(id))) }, yAxis: { type: 'value' },
    series: MEASURES.map((m) => ({ name: t(MEASURE_KEY[m]), type: 'bar', data: libIds.map((id) => rows.filter((r) => r.libraryId === id).reduce((s, r) => s + r[m], 0)) })),
  }), [rows, t, libs.size]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {MEASURES.map((m) => <Col key={m} xs={12} md={6}><Card size="small"><Statistic title={t(MEASURE_KEY[m])} value={total(m)} /></Card></Col>)}
      </Row>
      <Card size="small" title={t('stats.perDay')} style={{ marginBottom: 16 }}><EChart option={perDay} testId="chart-per-day" /></Card>
      <Card size="small" title={t('stats.perLibrary')} extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadCsv('tianyi-stats.csv', [
          ['date', 'library', ...MEASURES], ...rows.map((r) => [r.date, libs.get(r.libraryId)?.code ?? r.libraryId, ...MEASURES.map((m) => r[m])]),
        ])}>{t('common.exportCsv')}</Button>
      }><EChart option={perLibrary} testId="chart-per-library" /></Card>
    </>
  );
}

export function StatsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const stats = useQuery({ queryKey: ['stats', from, to], queryFn: async () => itemsOf(await api.get<{ items: DayRow[] }>('/api/stats/daily', { from, to })) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('stats.heading')} extra={<DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />} />
      <QueryState query={stats} isEmpty={(r) => !r.length} emptyText={t('stats.none')}>{(rows) => <Charts rows={rows} />}</QueryState>
    </Space>
  );
}
