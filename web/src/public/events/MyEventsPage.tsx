/** 我的活动: my registrations and waiting-list places, with cancel. */
import { App, Button, List, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { QueryState } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { day } from '../../shared/format';
import { hhmm, regStatusLabel, type LibraryEvent, type Registration } from '../../shared/reservations';

function Row({ r }: { r: Registration }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const e = useQuery({ queryKey: ['event', r.eventId], queryFn: () => api.get<LibraryEvent>(`/api/events/${r.eventId}`) });
  const cancel = useMutation({
    mutationFn: () => api.del(`/api/me/events/${r.eventId}/registration`),
    onSuccess: () => { void message.success(t('events.cancelledMsg')); void qc.invalidateQueries({ queryKey: ['me', 'events'] }); void qc.invalidateQueries({ queryKey: ['event', r.eventId] }); },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const upcoming = e.data && Date.parse(e.data.startsAt) > Date.now();
  return (
    <List.Item data-testid="my-event" data-status={r.status}
      actions={r.status !== 'cancelled' && upcoming ? [<Button key="c" size="small" danger loading={cancel.isPending} onClick={() => cancel.mutate()}>{t('events.cancelRegistration')}</Button>] : []}>
      <List.Item.Meta
        title={<Link to={`/events/${r.eventId}`}>{e.data?.title ?? '…'}</Link>}
        description={<Space wrap>
          <Tag color={r.status === 'registered' ? 'green' : r.status === 'waitlisted' ? 'orange' : 'default'} data-testid="my-event-status">
            {r.status === 'waitlisted' ? t('events.waitingN', { n: r.waitlistPosition }) : regStatusLabel(r.status)}
          </Tag>
          {e.data && <span>{day(e.data.startsAt)} {hhmm(e.data.startsAt)}</span>}
          {r.checkedInAt && <Tag color="cyan">{t('events.attended')}</Tag>}
          {r.promotedAt && r.status === 'registered' && <span className="ty-meta">{t('events.promoted')}</span>}
        </Space>}
      />
    </List.Item>
  );
}

export function MyEventsPage() {
  const { t } = useTranslation();
  const { signedIn } = useReaderSession();
  const mine = useQuery({ queryKey: ['me', 'events'], enabled: signedIn, queryFn: async () => (await api.get<{ items: Registration[] }>('/api/me/events')).items });
  if (!signedIn) return <Navigate to="/sign-in?next=/my-events" replace />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('events.mine')}</Typography.Title>
        <Link to="/events">{t('events.backToCalendar')}</Link>
      </Space>
      <QueryState query={mine} isEmpty={(l) => !l.length} emptyText={t('events.noneMine')}>
        {(list) => <List data-testid="my-events" dataSource={list} renderItem={(r) => <Row r={r} />} />}
      </QueryState>
    </Space>
  );
}
