/** 活动管理: a library's events over a range of days, with places taken, and publishing new ones. */
import { App, Button, Card, DatePicker, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api';
import { QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { day } from '../../shared/format';
import { audienceLabel, eventKindLabel, hhmm, type LibraryEvent } from '../../shared/reservations';
import { useManagedLibrary } from '../reservations/useManagedLibrary';
import { PublishEvent } from './PublishEvent';

export function EventsAdminPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [libraryId, setLibraryId] = useManagedLibrary();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(7, 'day'), dayjs().add(60, 'day')]);
  const [publishing, setPublishing] = useState(false);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const events = useQuery({ queryKey: ['events', 'admin', libraryId, from, to], enabled: !!libraryId, queryFn: async () => (await api.get<{ items: LibraryEvent[] }>('/api/events', { libraryId, from, to })).items });
  return (
    <Card size="small" title={t('eventsAdmin.title')} extra={
      <Space wrap>
        <LibraryPicker api={api} value={libraryId} onChange={setLibraryId} />
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Button type="primary" icon={<PlusOutlined />} disabled={!libraryId} onClick={() => setPublishing(true)} data-testid="new-event">{t('eventsAdmin.publish')}</Button>
      </Space>
    }>
      <QueryState query={events} isEmpty={(l) => !l.length} emptyText={t('eventsAdmin.none')}>
        {(list) => (
          <Table size="small" rowKey="id" dataSource={list} pagination={{ pageSize: 30 }} data-testid="events-table"
            columns={[
              { title: t('eventsAdmin.when'), render: (_, e) => `${day(e.startsAt)} ${hhmm(e.startsAt)}–${hhmm(e.endsAt)}` },
              { title: t('eventsAdmin.eventTitle'), render: (_, e) => <Link to={`/events/${e.id}`}>{e.title}</Link> },
              { title: t('eventsAdmin.kind'), render: (_, e) => <>{eventKindLabel(e.kind)}{e.seriesId && <Tag color="purple" style={{ marginLeft: 4 }}>{t('events.series')}</Tag>}</> },
              { title: t('eventsAdmin.audience'), render: (_, e) => audienceLabel(e.audience) },
              { title: t('eventsAdmin.registered'), render: (_, e) => (e.capacity === null ? t('events.noRegistration') : `${e.registered}/${e.capacity}`) },
              { title: t('eventsAdmin.waitlisted'), dataIndex: 'waitlisted' },
              { title: t('eventsAdmin.attended'), dataIndex: 'attended' },
              { title: t('record.status'), render: (_, e) => (e.status === 'cancelled' ? <Tag color="red">{t('events.cancelled')}</Tag> : <Tag color="green">{t('eventsAdmin.published')}</Tag>) },
            ]} />
        )}
      </QueryState>
      {publishing && libraryId && (
        <PublishEvent libraryId={libraryId} onClose={() => setPublishing(false)} onPublished={(e) => {
          setPublishing(false);
          void message.success(t('eventsAdmin.publishedMsg', { title: e.title }));
          void qc.invalidateQueries({ queryKey: ['events'] });
          navigate(`/events/${e.id}`);
        }} />
      )}
    </Card>
  );
}
