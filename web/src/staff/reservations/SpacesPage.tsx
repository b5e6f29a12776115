/**
 * 座位与空间: a library's reading rooms (with their seats) and activity rooms; create a reading room
 * with a row of seats, take a room or a seat out of service (and back), see each seat's QR code.
 */
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert, QueryState } from '../../shared/PageState';
import { LibraryPicker } from '../../shared/LibraryPicker';
import { errorMessage } from '../../shared/errors';
import { SEAT_ZONES, zoneLabel, type Seat, type Space as Room } from '../../shared/reservations';
import { useManagedLibrary } from './useManagedLibrary';

interface NewRoom { kind: Room['kind']; code: string; name: string; floor?: string; seats?: number; prefix?: string; zone?: string; capacity?: number; equipment?: string }

function Seats({ space }: { space: Room }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ['res', 'space-seats', space.id];
  const detail = useQuery({ queryKey: key, queryFn: () => api.get<Room & { seats: Seat[] }>(`/api/reservations/spaces/${space.id}`) });
  const change = useMutation({
    mutationFn: (v: { id: string; inService: boolean }) => api.patch(`/api/reservations/seats/${v.id}`, { inService: v.inService }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <QueryState query={detail} isEmpty={(d) => !d.seats.length} emptyText={t('spaces.noSeats')}>
      {(d) => (
        <Table size="small" rowKey="id" dataSource={d.seats} pagination={{ pageSize: 20 }} data-testid="seats-table"
          columns={[
            { title: t('spaces.seat'), dataIndex: 'number' },
            { title: t('spaces.zone'), render: (_, s) => zoneLabel(s.zone) },
            { title: t('spaces.accessible'), render: (_, s) => (s.accessible ? '♿' : '') },
            { title: t('spaces.code'), render: (_, s) => <Typography.Text code copyable data-testid={`seat-code-${s.number}`}>{s.code}</Typography.Text> },
            { title: t('spaces.inService'), render: (_, s) => <Switch size="small" checked={s.inService} data-testid={`seat-service-${s.number}`} loading={change.isPending && change.variables?.id === s.id} onChange={(v) => change.mutate({ id: s.id, inService: v })} /> },
          ]} />
      )}
    </QueryState>
  );
}

function NewRoomDialog({ libraryId, onClose, onSaved }: { libraryId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<NewRoom>();
  const kind = Form.useWatch('kind', form);
  const create = useMutation({
    mutationFn: (v: NewRoom) => api.post(`/api/reservations/libraries/${libraryId}/spaces`, {
      kind: v.kind, code: v.code.trim(), name: v.name.trim(), floor: v.floor?.trim() || null,
      ...(v.kind === 'reading_room'
        ? { seats: Array.from({ length: v.seats ?? 0 }, (_, i) => ({ number: `${(v.prefix ?? '').trim()}${i + 1}`, zone: v.zone ?? 'general' })) }
        : { capacity: v.capacity, equipment: (v.equipment ?? '').split(/[,，、]/).map((x) => x.trim()).filter(Boolean) }),
    }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['res'] }); onSaved(); },
  });
  return (
    <Modal open title={t('spaces.newRoom')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'room-save' } as React.ComponentProps<typeof Button>}>
      <ErrorAlert error={create.error} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'reading_room', seats: 20, zone: 'general', capacity: 20 }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="kind" label={t('spaces.kind')}>
          <Select options={[{ value: 'reading_room', label: t('spaces.readingRoom') }, { value: 'activity_room', label: t('spaces.activityRoom') }]} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('admin.codeRule') }]}><Input data-testid="room-code" style={{ width: 120 }} /></Form.Item>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }]}><Input data-testid="room-name" /></Form.Item>
          <Form.Item name="floor" label={t('res.floor')}><Input style={{ width: 80 }} /></Form.Item>
        </Space>
        {kind === 'activity_room' ? (
          <Space wrap>
            <Form.Item name="capacity" label={t('res.capacity')} rules={[{ required: true, message: t('spaces.capacityRequired') }]}><InputNumber min={1} max={10000} /></Form.Item>
            <Form.Item name="equipment" label={t('res.equipment')}><Input placeholder={t('spaces.equipmentHint')} /></Form.Item>
          </Space>
        ) : (
          <Space wrap>
            <Form.Item name="seats" label={t('spaces.seatCount')} rules={[{ required: true, message: t('spaces.seatCountRequired') }]}><InputNumber min={1} max={1000} data-testid="room-seats" /></Form.Item>
            <Form.Item name="prefix" label={t('spaces.seatPrefix')}><Input style={{ width: 80 }} placeholder="A" data-testid="room-prefix" /></Form.Item>
            <Form.Item name="zone" label={t('spaces.zone')}><Select style={{ width: 120 }} options={SEAT_ZONES.map((z) => ({ value: z, label: zoneLabel(z) }))} /></Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}

export function SpacesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [libraryId, setLibraryId] = useManagedLibrary();
  const [adding, setAdding] = useState(false);
  const spaces = useQuery({ queryKey: ['res', 'spaces', libraryId, 'all'], enabled: !!libraryId, queryFn: async () => (await api.get<{ items: Room[] }>(`/api/reservations/libraries/${libraryId}/spaces`)).items });
  const service = useMutation({
    mutationFn: (v: { id: string; inService: boolean; reason?: string }) => api.patch(`/api/reservations/spaces/${v.id}`, { inService: v.inService, outOfServiceReason: v.inService ? null : v.reason ?? null }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['res'] }),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const takeOut = (s: Room) => {
    let reason = '';
    modal.confirm({
      title: t('spaces.takeOutTitle', { name: s.name }), okText: t('spaces.takeOut'), cancelText: t('common.cancel'),
      content: <Input placeholder={t('spaces.reason')} onChange={(e) => { reason = e.target.value; }} data-testid="out-reason" />,
      onOk: () => service.mutateAsync({ id: s.id, inService: false, reason: reason.trim() || undefined }),
    });
  };
  return (
    <Card size="small" title={t('spaces.title')} extra={
      <Space>
        <LibraryPicker api={api} value={libraryId} onChange={setLibraryId} testId="spaces-library" />
        <Button type="primary" icon={<PlusOutlined />} disabled={!libraryId} onClick={() => setAdding(true)} data-testid="new-room">{t('spaces.newRoom')}</Button>
      </Space>
    }>
      <QueryState query={spaces} isEmpty={(l) => !l.length} emptyText={t('spaces.none')}>
        {(list) => (
          <Table size="small" rowKey="id" dataSource={list} pagination={false} data-testid="spaces-table"
            expandable={{ rowExpandable: (s) => s.kind === 'reading_room', expandedRowRender: (s) => <Seats space={s} /> }}
            columns={[
              { title: t('admin.code'), dataIndex: 'code' },
              { title: t('admin.name'), dataIndex: 'name' },
              { title: t('spaces.kind'), render: (_, s) => (s.kind === 'reading_room' ? t('spaces.readingRoom') : t('spaces.activityRoom')) },
              { title: t('res.floor'), render: (_, s) => s.floor ?? '—' },
              { title: t('res.capacity'), render: (_, s) => s.seatCount ?? s.capacity },
              { title: t('spaces.inService'), render: (_, s) => (s.inService ? <Tag color="green">{t('spaces.open')}</Tag> : <Tag color="red">{t('spaces.closed')}{s.outOfServiceReason ? `：${s.outOfServiceReason}` : ''}</Tag>) },
              { title: '', render: (_, s) => (s.inService
                ? <Button size="small" danger onClick={() => takeOut(s)} data-testid={`take-out-${s.code}`}>{t('spaces.takeOut')}</Button>
                : <Button size="small" onClick={() => service.mutate({ id: s.id, inService: true })} data-testid={`put-back-${s.code}`}>{t('spaces.putBack')}</Button>) },
            ]} />
        )}
      </QueryState>
      {adding && libraryId && <NewRoomDialog libraryId={libraryId} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); void message.success(t('spaces.saved')); }} />}
    </Card>
  );
}
