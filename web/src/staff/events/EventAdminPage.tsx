/**
 * One event for staff: details and poster (replace it), the registrations and waiting list, and
 * door check-in: scan the reader's card or QR code (walk-ins are let in when there is room).
 */
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ScanField } from '../components/ScanField';
import { ErrorAlert, QueryState } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { dateTime, day } from '../../shared/format';
import { audienceLabel, eventKindLabel, hhmm, regStatusLabel, type LibraryEvent, type Registration } from '../../shared/reservations';
import { uploadPoster } from './PublishEvent';

function ReaderName({ id }: { id: string }) {
  const p = useQuery({ queryKey: ['patron', id], staleTime: 5 * 60_000, queryFn: () => api.get<{ name: string }>(`/api/patrons/${id}`) });
  return <Link to={`/readers/${id}`}>{p.data?.name ?? '…'}</Link>;
}

function DoorCheckIn({ e }: { e: LibraryEvent }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [walkIn, setWalkIn] = useState(false);
  const [last, setLast] = useState<Registration | null>(null);
  const scan = useMutation({
    mutationFn: (card: string) => api.post<Registration>(`/api/events/${e.id}/check-in`, { card, walkIn }),
    onSuccess: (r) => { setLast(r); void qc.invalidateQueries({ queryKey: ['event-regs', e.id] }); void qc.invalidateQueries({ queryKey: ['event', e.id] }); },
    onError: () => setLast(null),
  });
  return (
    <Card size="small" title={t('eventsAdmin.door')}>
      <ScanField placeholder={t('eventsAdmin.scanCard')} onScan={(v) => scan.mutate(v)} busy={scan.isPending} testId="door-scan" />
      <Space style={{ margin: '8px 0' }}><Switch size="small" checked={walkIn} onChange={setWalkIn} />{t('eventsAdmin.walkIn')}</Space>
      <ErrorAlert error={scan.error} />
      {last && <Alert type="success" showIcon data-testid="door-ok" message={<>{t('eventsAdmin.admitted')} <ReaderName id={last.patronId} /></>} />}
    </Card>
  );
}

export function EventAdminPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const event = useQuery({ queryKey: ['event', id], queryFn: () => api.get<LibraryEvent>(`/api/events/${id}`) });
  const regs = useQuery({ queryKey: ['event-regs', id], queryFn: async () => (await api.get<{ items: Registration[] }>(`/api/events/${id}/registrations`)).items });
  const [posterKey, setPosterKey] = useState(0);
  const poster = useMutation({ mutationFn: (f: File) => uploadPoster(id!, f), onSuccess: () => { setPosterKey((k) => k + 1); void qc.invalidateQueries({ queryKey: ['event', id] }); } });
  const cancel = useMutation({
    mutationFn: () => api.post(`/api/events/${id}/cancel`),
    onSuccess: () => { void message.success(t('eventsAdmin.cancelledMsg')); void qc.invalidateQueries({ queryKey: ['event', id] }); },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <QueryState query={event}>
      {(e) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Link to="/events">← {t('eventsAdmin.title')}</Link>
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Card size="small" title={<Typography.Text strong data-testid="event-title">{e.title}</Typography.Text>}
                extra={e.status === 'published' && <Button danger size="small" onClick={() => modal.confirm({ title: t('eventsAdmin.cancelConfirm'), okText: t('eventsAdmin.cancelEvent'), cancelText: t('common.back'), onOk: () => cancel.mutateAsync() })}>{t('eventsAdmin.cancelEvent')}</Button>}>
                <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label={t('eventsAdmin.when')}>{day(e.startsAt)} {hhmm(e.startsAt)}–{hhmm(e.endsAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('eventsAdmin.kind')}>{eventKindLabel(e.kind)} · {audienceLabel(e.audience)}</Descriptions.Item>
                  <Descriptions.Item label={t('eventsAdmin.capacity')}>{e.capacity ?? t('events.noRegistration')}</Descriptions.Item>
                  <Descriptions.Item label={t('eventsAdmin.registered')}><span data-testid="event-registered">{e.registered}</span> · {t('eventsAdmin.waitlisted')} {e.waitlisted} · {t('eventsAdmin.attended')} <span data-testid="event-attended">{e.attended}</span></Descriptions.Item>
                  <Descriptions.Item label={t('record.status')}>{e.status === 'cancelled' ? <Tag color="red">{t('events.cancelled')}</Tag> : <Tag color="green">{t('eventsAdmin.published')}</Tag>}</Descriptions.Item>
                </Descriptions>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 4, expandable: true }}>{e.description}</Typography.Paragraph>
                <ErrorAlert error={poster.error} />
                <Space align="start">
                  {e.posterUrl && <img key={posterKey} src={`${e.posterUrl}?v=${posterKey}`} alt={t('events.poster')} style={{ height: 120, borderRadius: 4 }} data-testid="event-poster-img" />}
                  <Upload accept="image/png,image/jpeg,image/webp" showUploadList={false} beforeUpload={(f) => { poster.mutate(f); return false; }}>
                    <Button icon={<UploadOutlined />} loading={poster.isPending}>{e.posterUrl ? t('eventsAdmin.replacePoster') : t('eventsAdmin.choosePoster')}</Button>
                  </Upload>
                </Space>
              </Card>
            </Col>
            <Col xs={24} xl={10}>{e.status === 'published' && e.capacity !== null && <DoorCheckIn e={e} />}</Col>
          </Row>
          <Card size="small" title={t('eventsAdmin.registrations')}>
            <QueryState query={regs} isEmpty={(l) => !l.length} emptyText={t('eventsAdmin.noRegistrations')}>
              {(list) => (
                <Table size="small" rowKey="id" dataSource={list} pagination={{ pageSize: 50 }} data-testid="registrations"
                  columns={[
                    { title: t('bookings.reader'), render: (_, r) => <ReaderName id={r.patronId} /> },
                    { title: t('record.status'), render: (_, r) => <Tag color={r.status === 'registered' ? 'green' : r.status === 'waitlisted' ? 'orange' : 'default'}>{r.status === 'waitlisted' ? t('events.waitingN', { n: r.waitlistPosition }) : regStatusLabel(r.status)}</Tag> },
                    { title: t('eventsAdmin.registeredAt'), render: (_, r) => dateTime(r.createdAt) },
                    { title: t('eventsAdmin.viaSeries'), render: (_, r) => (r.viaSeries ? t('common.yes') : '') },
                    { title: t('eventsAdmin.attended'), render: (_, r) => (r.checkedInAt ? <Tag color="cyan">{hhmm(r.checkedInAt)}</Tag> : '') },
                  ]} />
              )}
            </QueryState>
          </Card>
        </Space>
      )}
    </QueryState>
  );
}
