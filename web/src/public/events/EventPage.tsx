/** One event: poster, when and where, places; register, join the waiting list (候补) or cancel. */
import { Alert, App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { ErrorAlert, QueryState } from '../../shared/PageState';
import { SpaceName } from '../../shared/SpaceName';
import { day, libraryName } from '../../shared/format';
import { byId, useLibraries } from '../../shared/libraries';
import { audienceLabel, eventKindLabel, hhmm, type LibraryEvent, type Registration } from '../../shared/reservations';
import { PlacesTag } from './EventsPage';

function Registering({ e }: { e: LibraryEvent }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const { signedIn } = useReaderSession();
  const mine = useQuery({ queryKey: ['me', 'events'], enabled: signedIn, queryFn: async () => (await api.get<{ items: Registration[] }>('/api/me/events')).items });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['me', 'events'] });
    void qc.invalidateQueries({ queryKey: ['events'] });
    void qc.invalidateQueries({ queryKey: ['event', e.id] });
  };
  const register = useMutation({
    mutationFn: () => api.post<Registration>(`/api/me/events/${e.id}/registration`),
    onSuccess: (r) => { void message.success(r.status === 'registered' ? t('events.registeredMsg') : t('events.waitlistedMsg', { n: r.waitlistPosition })); refresh(); },
  });
  const cancel = useMutation({ mutationFn: () => api.del(`/api/me/events/${e.id}/registration`), onSuccess: () => { void message.success(t('events.cancelledMsg')); refresh(); } });
  const series = useMutation({ mutationFn: () => api.post(`/api/me/event-series/${e.seriesId}/membership`), onSuccess: () => { void message.success(t('events.seriesJoined')); refresh(); } });
  if (e.status === 'cancelled') return <Alert type="error" showIcon message={t('events.cancelledNotice')} />;
  if (e.capacity === null) return <Alert type="success" showIcon message={t('events.justCome')} />;
  if (!signedIn) return <Alert type="info" showIcon message={<>{t('events.signInToRegister')} <Link to={`/sign-in?next=/events/${e.id}`}>{t('public.signIn')}</Link></>} />;
  // Until the reader's own registrations are known the button stays disabled (not merely
  // "loading": a loading antd Button swallows clicks, and a scanner-quick tap would be lost).
  const reg = mine.data?.find((r) => r.eventId === e.id && r.status !== 'cancelled');
  const started = Date.parse(e.startsAt) <= Date.now();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={register.error ?? cancel.error ?? series.error} />
      {reg?.status === 'registered' && <Alert type="success" showIcon data-testid="my-registration" message={t('events.youAreRegistered')} />}
      {reg?.status === 'waitlisted' && <Alert type="warning" showIcon data-testid="my-registration" message={t('events.youAreWaiting', { n: reg.waitlistPosition })} />}
      <Space wrap>
        {!reg && !started && (
          <Button type="primary" size="large" disabled={!mine.isSuccess} loading={register.isPending} onClick={() => register.mutate()} data-testid="register">
            {e.placesLeft ? t('events.register') : t('events.joinWaitlist')}
          </Button>
        )}
        {reg && (
          <Button danger size="large" loading={cancel.isPending} data-testid="cancel-registration"
            onClick={() => modal.confirm({ title: t('events.cancelConfirm'), okText: t('events.cancelRegistration'), cancelText: t('common.back'), onOk: () => cancel.mutateAsync() })}>
            {t('events.cancelRegistration')}
          </Button>
        )}
        {e.seriesId && !started && <Button loading={series.isPending} onClick={() => series.mutate()}>{t('events.joinSeries')}</Button>}
      </Space>
    </Space>
  );
}

export function EventPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const libs = byId(useLibraries(api).data);
  const event = useQuery({ queryKey: ['event', id], queryFn: () => api.get<LibraryEvent>(`/api/events/${id}`) });
  return (
    <QueryState query={event}>
      {(e) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Link to="/events">← {t('events.backToCalendar')}</Link>
          {e.posterUrl && <img className="ty-poster" src={e.posterUrl} alt={t('events.poster')} data-testid="poster" />}
          <Card>
            <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="event-title">{e.title}</Typography.Title>
            <Space size={4} wrap style={{ marginBottom: 12 }}>
              <Tag>{eventKindLabel(e.kind)}</Tag><Tag>{audienceLabel(e.audience)}</Tag><PlacesTag e={e} />
            </Space>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('events.when')}>{day(e.startsAt)} {hhmm(e.startsAt)}–{day(e.endsAt) !== day(e.startsAt) ? `${day(e.endsAt)} ` : ''}{hhmm(e.endsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('events.where')}>{libraryName(libs.get(e.libraryId))} · {e.spaceId ? <SpaceName api={api} id={e.spaceId} /> : e.place ?? '—'}</Descriptions.Item>
              {e.capacity !== null && <Descriptions.Item label={t('events.capacity')}>{t('events.capacityLine', { capacity: e.capacity, registered: e.registered, waitlisted: e.waitlisted })}</Descriptions.Item>}
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{e.description}</Typography.Paragraph>
            <Registering e={e} />
          </Card>
          {e.seriesId && <SeriesSessions seriesId={e.seriesId} current={e.id} />}
        </Space>
      )}
    </QueryState>
  );
}

function SeriesSessions({ seriesId, current }: { seriesId: string; current: string }) {
  const { t } = useTranslation();
  const sessions = useQuery({ queryKey: ['events', 'series', seriesId], queryFn: async () => (await api.get<{ items: LibraryEvent[] }>('/api/events', { seriesId, from: '2000-01-01', to: '2100-01-01' })).items });
  return (
    <Card size="small" title={t('events.sessions')}>
      <QueryState query={sessions} isEmpty={(l) => !l.length}>
        {(list) => <Space direction="vertical">{list.map((s) => (
          <span key={s.id}>{s.id === current ? <b>{day(s.startsAt)} {hhmm(s.startsAt)}</b> : <Link to={`/events/${s.id}`}>{day(s.startsAt)} {hhmm(s.startsAt)}</Link>}</span>
        ))}</Space>}
      </QueryState>
    </Card>
  );
}
