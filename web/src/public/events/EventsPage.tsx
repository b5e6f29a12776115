/** 活动: the events calendar, filtered by library, type, audience and dates, grouped by day. */
import { Card, DatePicker, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import i18n from 'i18next';
import { api } from '../api';
import { QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { day, libraryName } from '../../shared/format';
import { byId, useLibraries } from '../../shared/libraries';
import { AUDIENCES, audienceLabel, EVENT_KINDS, eventKindLabel, hhmm, type LibraryEvent } from '../../shared/reservations';

const monthLabel = (iso: string) => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { month: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));

export function PlacesTag({ e }: { e: LibraryEvent }) {
  const { t } = useTranslation();
  if (e.status === 'cancelled') return <Tag color="red">{t('events.cancelled')}</Tag>;
  if (e.capacity === null) return <Tag color="green">{t('events.noRegistration')}</Tag>;
  if (e.placesLeft) return <Tag color="blue" data-testid="places-left">{t('events.placesLeft', { n: e.placesLeft })}</Tag>;
  return <Tag color="orange" data-testid="places-left">{t('events.fullWaitlist', { n: e.waitlisted })}</Tag>;
}

export function EventsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const libs = byId(useLibraries(api).data);
  const set = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  const from = params.get('from') ?? dayjs().format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs(from).add(30, 'day').format('YYYY-MM-DD');
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([dayjs(from), dayjs(to)]);
  const q = { libraryId: params.get('library') ?? undefined, kind: params.get('kind') ?? undefined, audience: params.get('audience') ?? undefined, from, to };
  const events = useQuery({ queryKey: ['events', q], queryFn: async () => (await api.get<{ items: LibraryEvent[] }>('/api/events', q)).items });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('events.title')}</Typography.Title>
        <Link to="/my-events" data-testid="my-events-link">{t('events.mine')}</Link>
      </Space>
      <Card size="small">
        <Space wrap>
          <LibraryPicker api={api} allowAll value={q.libraryId} onChange={(v) => set('library', v)} testId="events-library" />
          <Select data-testid="events-kind" value={q.kind ?? ''} style={{ width: 110 }} onChange={(v: string) => set('kind', v)}
            options={[{ value: '', label: t('events.allKinds') }, ...EVENT_KINDS.map((k) => ({ value: k, label: eventKindLabel(k) }))]} />
          <Select data-testid="events-audience" value={q.audience ?? ''} style={{ width: 110 }} onChange={(v: string) => set('audience', v)}
            options={[{ value: '', label: t('events.allAudiences') }, ...AUDIENCES.map((a) => ({ value: a, label: audienceLabel(a) }))]} />
          <DatePicker.RangePicker value={range} allowClear={false} inputReadOnly onChange={(v) => {
            if (!v?.[0] || !v[1]) return;
            setRange([v[0], v[1]]);
            const p = new URLSearchParams(params);
            p.set('from', v[0].format('YYYY-MM-DD'));
            p.set('to', v[1].format('YYYY-MM-DD'));
            setParams(p, { replace: true });
          }} />
        </Space>
      </Card>
      <QueryState query={events} isEmpty={(l) => !l.length} emptyText={t('events.none')}>
        {(list) => (
          <div data-testid="event-list">
            {list.map((e) => (
              <div className="ty-event-card" key={e.id} data-testid="event-card">
                <div className="ty-event-date"><b>{day(e.startsAt).slice(8)}</b>{monthLabel(e.startsAt)}</div>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Typography.Text strong style={{ fontSize: 16 }}><Link to={`/events/${e.id}`}>{e.title}</Link></Typography.Text>
                  <div className="ty-meta">{day(e.startsAt)} {hhmm(e.startsAt)}–{hhmm(e.endsAt)} · {libraryName(libs.get(e.libraryId))}{e.place ? ` · ${e.place}` : ''}</div>
                  <Space size={4} wrap style={{ marginTop: 6 }}>
                    <Tag>{eventKindLabel(e.kind)}</Tag>
                    <Tag>{audienceLabel(e.audience)}</Tag>
                    {e.seriesId && <Tag color="purple">{t('events.series')}</Tag>}
                    <PlacesTag e={e} />
                  </Space>
                </div>
                {e.posterUrl && <img src={e.posterUrl} alt={t('events.poster')} loading="lazy" />}
              </div>
            ))}
          </div>
        )}
      </QueryState>
    </Space>
  );
}
