/** One library: shelving locations, service points, weekly hours and closed days (with add/remove). */
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { QueryState, ErrorAlert } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { libraryName } from '../../shared/format';
import type { LibraryDetail } from '../../shared/types';

const WEEKDAY: Record<number, string> = { 1: 'admin.mon', 2: 'admin.tue', 3: 'admin.wed', 4: 'admin.thu', 5: 'admin.fri', 6: 'admin.sat', 7: 'admin.sun' };

function OpeningHours({ libraryId }: { libraryId: string }) {
  const { t } = useTranslation();
  const hours = useQuery({ queryKey: ['library', libraryId, 'hours'], queryFn: () => api.get<{ weekly: { weekday: number; spans: { opens: string; closes: string }[] }[] }>(`/api/libraries/${libraryId}/opening-hours`) });
  return (
    <QueryState query={hours}>
      {(h) => (
        <Table size="small" rowKey="weekday" pagination={false} dataSource={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ weekday: d, spans: h.weekly.find((w) => w.weekday === d)?.spans ?? [] }))}
          columns={[
            { title: t('admin.weekday'), render: (_, r) => t(WEEKDAY[r.weekday]) },
            { title: t('admin.hours'), render: (_, r) => (r.spans.length ? r.spans.map((s) => `${s.opens}–${s.closes}`).join('，') : <Tag>{t('admin.closed')}</Tag>) },
          ]}
        />
      )}
    </QueryState>
  );
}

function ClosedDays({ libraryId }: { libraryId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ range: [Dayjs, Dayjs]; name: string }>();
  const key = ['library', libraryId, 'closed'];
  const days = useQuery({ queryKey: key, queryFn: async () => (await api.get<{ items: { date: string; name: string }[] }>(`/api/libraries/${libraryId}/closed-days`)).items });
  const add = useMutation({
    mutationFn: (v: { range: [Dayjs, Dayjs]; name: string }) => api.post(`/api/libraries/${libraryId}/closed-days`, { date: v.range[0].format('YYYY-MM-DD'), until: v.range[1].format('YYYY-MM-DD'), name: v.name.trim() }),
    onSuccess: () => { form.resetFields(); void qc.invalidateQueries({ queryKey: key }); void message.success(t('admin.closedAdded')); },
  });
  const remove = async (date: string) => {
    try {
      await api.del(`/api/libraries/${libraryId}/closed-days/${date}`);
      void qc.invalidateQueries({ queryKey: key });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <>
      <ErrorAlert error={add.error} />
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} style={{ marginBottom: 12 }}>
        <Form.Item name="range" rules={[{ required: true, message: t('admin.dateRequired') }]}><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('admin.closedNameRequired') }]}><Input placeholder={t('admin.closedName')} /></Form.Item>
        <Button htmlType="submit" loading={add.isPending}>{t('admin.addClosed')}</Button>
      </Form>
      <QueryState query={days} isEmpty={(d) => !d.length} emptyText={t('admin.noClosedDays')}>
        {(list) => (
          <Table size="small" rowKey="date" pagination={{ pageSize: 10 }} dataSource={list}
            columns={[
              { title: t('admin.date'), dataIndex: 'date' },
              { title: t('admin.closedName'), dataIndex: 'name' },
              { title: '', render: (_, d) => <Button size="small" onClick={() => void remove(d.date)}>{t('admin.reopen')}</Button> },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

function AddLocation({ libraryId }: { libraryId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ code: string; name: string; forLoan: boolean }>();
  const add = useMutation({
    mutationFn: (v: { code: string; name: string; forLoan: boolean }) => api.post(`/api/libraries/${libraryId}/locations`, v),
    onSuccess: () => { form.resetFields(); void qc.invalidateQueries({ queryKey: ['libraries'] }); },
  });
  return (
    <>
      <ErrorAlert error={add.error} />
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} initialValues={{ forLoan: true }} style={{ marginTop: 8 }}>
        <Form.Item name="code" rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('admin.codeRule') }]}><Input placeholder={t('admin.code')} style={{ width: 100 }} /></Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }]}><Input placeholder={t('admin.name')} /></Form.Item>
        <Form.Item name="forLoan" valuePropName="checked" label={t('admin.forLoan')}><Switch size="small" /></Form.Item>
        <Button htmlType="submit" loading={add.isPending}>{t('common.add')}</Button>
      </Form>
    </>
  );
}

export function LibraryPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lib = useQuery({ queryKey: ['libraries', 'one', id], queryFn: () => api.get<LibraryDetail>(`/api/libraries/${id}`) });
  return (
    <QueryState query={lib}>
      {(l) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Title level={4} style={{ margin: 0 }}>{libraryName(l)} <Tag>{l.code}</Tag></Typography.Title>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('admin.locations')}>
                <Table size="small" rowKey="id" pagination={false} dataSource={l.locations}
                  columns={[
                    { title: t('admin.code'), dataIndex: 'code' },
                    { title: t('admin.name'), render: (_, x) => libraryName(x) },
                    { title: t('admin.forLoan'), render: (_, x) => (x.forLoan ? t('common.yes') : t('common.no')) },
                  ]}
                />
                <AddLocation libraryId={l.id} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('admin.servicePoints')}>
                <Table size="small" rowKey="id" pagination={false} dataSource={l.servicePoints}
                  columns={[
                    { title: t('admin.code'), dataIndex: 'code' },
                    { title: t('admin.name'), render: (_, x) => libraryName(x) },
                    { title: t('admin.pickup'), render: (_, x) => (x.pickupLocation ? t('admin.pickupDays', { days: x.holdShelfDays ?? '—' }) : t('common.no')) },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}><Card size="small" title={t('admin.openingHours')} style={{ marginTop: 16 }}><OpeningHours libraryId={l.id} /></Card></Col>
            <Col xs={24} xl={12}><Card size="small" title={t('admin.closedDays')} style={{ marginTop: 16 }}><ClosedDays libraryId={l.id} /></Card></Col>
          </Row>
        </Space>
      )}
    </QueryState>
  );
}
