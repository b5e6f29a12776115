/**
 * Publish a lecture, exhibition or other event — or a series of sessions — with its room (booked
 * under the reservation rules) or a place, capacity (empty: no registration), audience,
 * description, and a poster uploaded after publishing.
 */
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { ErrorAlert } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { AUDIENCES, audienceLabel, EVENT_KINDS, eventKindLabel, type LibraryEvent, type Space as Room } from '../../shared/reservations';

interface Values {
  libraryId: string; kind: string; title: string; description?: string; audience: string; spaceId?: string; place?: string; capacity?: number | null;
  sessions: { span: [Dayjs, Dayjs] }[]; membership?: boolean;
}

export async function uploadPoster(eventId: string, file: File): Promise<void> {
  await api.request(`/api/events/${eventId}/poster`, { method: 'PUT', body: file, headers: { 'content-type': file.type || 'image/png' } });
}

export function PublishEvent({ libraryId, onClose, onPublished }: { libraryId: string; onClose: () => void; onPublished: (e: LibraryEvent) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [poster, setPoster] = useState<File | null>(null);
  const lib = Form.useWatch('libraryId', form) ?? libraryId;
  const rooms = useQuery({ queryKey: ['res', 'spaces', lib, 'activity_room'], enabled: !!lib, queryFn: async () => (await api.get<{ items: Room[] }>(`/api/reservations/libraries/${lib}/spaces`, { kind: 'activity_room' })).items });
  const publish = useMutation({
    mutationFn: async (v: Values) => {
      const fields = {
        libraryId: v.libraryId, kind: v.kind, title: v.title.trim(), description: v.description?.trim() ?? '', audience: v.audience,
        spaceId: v.spaceId || null, place: v.spaceId ? null : v.place?.trim() || null, capacity: v.capacity ?? null,
      };
      const sessions = v.sessions.map((s) => ({ startsAt: s.span[0].toISOString(), endsAt: s.span[1].toISOString() }));
      const first = sessions.length > 1
        ? (await api.post<{ events: LibraryEvent[] }>('/api/events/series', { ...fields, membership: !!v.membership, sessions })).events
        : [await api.post<LibraryEvent>('/api/events', { ...fields, ...sessions[0] })];
      if (poster) for (const e of first) await uploadPoster(e.id, poster);
      return first[0];
    },
    onSuccess: onPublished,
  });
  return (
    <Modal open width={720} title={t('eventsAdmin.publish')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={publish.isPending} okText={t('eventsAdmin.publishOk')} cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'event-publish' } as React.ComponentProps<typeof Button>}>
      <ErrorAlert error={publish.error} />
      <Form form={form} layout="vertical" onFinish={(v) => publish.mutate(v)} initialValues={{ libraryId, kind: 'lecture', audience: 'all', capacity: 50, sessions: [{}] }}>
        <Space wrap>
          <Form.Item name="libraryId" label={t('record.library')} rules={[{ required: true }]}><LibraryPicker api={api} value={undefined} onChange={() => undefined} /></Form.Item>
          <Form.Item name="kind" label={t('eventsAdmin.kind')}><Select style={{ width: 120 }} data-testid="event-kind" options={EVENT_KINDS.map((k) => ({ value: k, label: eventKindLabel(k) }))} /></Form.Item>
          <Form.Item name="audience" label={t('eventsAdmin.audience')}><Select style={{ width: 120 }} options={AUDIENCES.map((a) => ({ value: a, label: audienceLabel(a) }))} /></Form.Item>
        </Space>
        <Form.Item name="title" label={t('eventsAdmin.eventTitle')} rules={[{ required: true, whitespace: true, message: t('eventsAdmin.titleRequired') }]}><Input maxLength={200} data-testid="event-title-input" /></Form.Item>
        <Space wrap>
          <Form.Item name="spaceId" label={t('eventsAdmin.room')}>
            <Select allowClear style={{ width: 200 }} placeholder={t('eventsAdmin.noRoom')} data-testid="event-room" options={(rooms.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.capacity})` }))} />
          </Form.Item>
          <Form.Item name="place" label={t('eventsAdmin.place')}><Input style={{ width: 200 }} placeholder={t('eventsAdmin.placeHint')} /></Form.Item>
          <Form.Item name="capacity" label={t('eventsAdmin.capacity')} extra={t('eventsAdmin.capacityHint')}><InputNumber min={1} max={100000} data-testid="event-capacity" /></Form.Item>
        </Space>
        <Form.List name="sessions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline">
                  <div data-testid={`event-when-${i}`}>
                    <Form.Item name={[f.name, 'span']} label={fields.length > 1 ? t('eventsAdmin.sessionN', { n: i + 1 }) : t('eventsAdmin.when')} rules={[{ required: true, message: t('eventsAdmin.whenRequired') }]}>
                      <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" />
                    </Form.Item>
                  </div>
                  {fields.length > 1 && <Button size="small" onClick={() => remove(f.name)}>{t('common.remove')}</Button>}
                </Space>
              ))}
              <Space>
                <Button size="small" onClick={() => add({})}>{t('eventsAdmin.addSession')}</Button>
                {fields.length > 1 && <Form.Item name="membership" valuePropName="checked" noStyle><Switch size="small" /></Form.Item>}
                {fields.length > 1 && <span>{t('eventsAdmin.membership')}</span>}
              </Space>
            </>
          )}
        </Form.List>
        <Form.Item name="description" label={t('eventsAdmin.description')} style={{ marginTop: 12 }}><Input.TextArea rows={4} maxLength={20000} data-testid="event-description" /></Form.Item>
        <Form.Item label={t('eventsAdmin.poster')} extra={t('eventsAdmin.posterHint')}>
          <div data-testid="event-poster">
            <Upload accept="image/png,image/jpeg,image/webp" maxCount={1} beforeUpload={(f) => { setPoster(f); return false; }} onRemove={() => setPoster(null)}
              fileList={poster ? [{ uid: '1', name: poster.name, status: 'done' }] : []}>
              <Button icon={<UploadOutlined />}>{t('eventsAdmin.choosePoster')}</Button>
            </Upload>
          </div>
        </Form.Item>
      </Form>
    </Modal>
  );
}
