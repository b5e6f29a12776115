/**
 * One library: shelving locations and service points (with add), the weekly opening hours (edited
 * as a whole week) and closed days (add/remove).
 */
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { useStaff } from '../session';
import { OpeningHours } from '../admin/OpeningHours';
import { AddServicePoint, SERVICE_POINT_KIND_KEYS } from '../admin/AddServicePoint';
import { CODE_PATTERN } from '../admin/NewLibraryDialog';
import { QueryState, ErrorAlert } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { libraryName } from '../../shared/format';
import type { LibraryDetail } from '../../shared/types';

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
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ code: string; name: string; forLoan: boolean }>();
  const add = useMutation({
    mutationFn: (v: { code: string; name: string; forLoan: boolean }) => api.post(`/api/libraries/${libraryId}/locations`, { ...v, code: v.code.trim(), name: v.name.trim() }),
    onSuccess: () => { form.resetFields(); void qc.invalidateQueries({ queryKey: ['libraries'] }); void message.success(t('admin.locationAdded')); },
  });
  return (
    <>
      <ErrorAlert error={add.error} />
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} initialValues={{ forLoan: true }} style={{ marginTop: 8, rowGap: 8 }}>
        <Form.Item name="code" rules={[{ required: true, pattern: CODE_PATTERN, message: t('admin.codeRule') }]}><Input placeholder={t('admin.code')} style={{ width: 100 }} data-testid="location-code" autoComplete="off" /></Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, max: 200, message: t('admin.nameRequired') }]}><Input placeholder={t('admin.name')} data-testid="location-name" /></Form.Item>
        <Form.Item name="forLoan" valuePropName="checked" label={t('admin.forLoan')}><Switch size="small" /></Form.Item>
        <Button htmlType="submit" disabled={add.isPending} data-testid="location-add">{t('common.add')}</Button>
      </Form>
    </>
  );
}

export function LibraryPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can } = useStaff();
  const manage = can('consortium.manage');
  const lib = useQuery({ queryKey: ['libraries', 'one', id], queryFn: () => api.get<LibraryDetail>(`/api/libraries/${id}`) });
  return (
    <QueryState query={lib}>
      {(l) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Title level={4} style={{ margin: 0 }}>{libraryName(l)} <Tag>{l.code}</Tag></Typography.Title>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('admin.locations')}>
                <Table size="small" rowKey="id" pagination={false} dataSource={l.locations} data-testid="locations" locale={{ emptyText: t('admin.noLocations') }}
                  columns={[
                    { title: t('admin.code'), dataIndex: 'code' },
                    { title: t('admin.name'), render: (_, x) => libraryName(x) },
                    { title: t('admin.forLoan'), render: (_, x) => (x.forLoan ? t('common.yes') : t('common.no')) },
                  ]}
                />
                {manage && <AddLocation libraryId={l.id} />}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('admin.servicePoints')}>
                <Table size="small" rowKey="id" pagination={false} dataSource={l.servicePoints} data-testid="service-points" locale={{ emptyText: t('admin.noServicePoints') }}
                  columns={[
                    { title: t('admin.code'), dataIndex: 'code' },
                    { title: t('admin.name'), render: (_, x) => libraryName(x) },
                    { title: t('admin.spKind'), render: (_, x) => t(SERVICE_POINT_KIND_KEYS[x.kind] ?? 'admin.spDesk') },
                    { title: t('admin.pickup'), render: (_, x) => (x.pickupLocation ? t('admin.pickupDays', { days: x.holdShelfDays ?? '—' }) : t('common.no')) },
                  ]}
                />
                {manage && <AddServicePoint libraryId={l.id} />}
              </Card>
            </Col>
            <Col xs={24} xl={12}><Card size="small" title={t('admin.openingHours')} style={{ marginTop: 16 }}><OpeningHours libraryId={l.id} editable={manage} /></Card></Col>
            <Col xs={24} xl={12}><Card size="small" title={t('admin.closedDays')} style={{ marginTop: 16 }}><ClosedDays libraryId={l.id} /></Card></Col>
          </Row>
        </Space>
      )}
    </QueryState>
  );
}
