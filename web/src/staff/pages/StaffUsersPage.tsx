/** Staff accounts and their roles: create, disable, unlock, change roles. */
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { QueryState, ErrorAlert } from '../../shared/PageState';
import { errorMessage } from '../../shared/errors';
import { byId, useLibraries } from '../../shared/libraries';
import { dateTime, libraryName } from '../../shared/format';
import type { Role, StaffUser } from '../../shared/types';

interface NewUser {
  username: string;
  displayName: string;
  password: string;
  libraryId?: string;
  roles: string[];
}

export function StaffUsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewUser>();
  const users = useQuery({ queryKey: ['staff-users'], queryFn: () => api.get<StaffUser[]>('/api/staff/users') });
  const roles = useQuery({ queryKey: ['staff-roles'], queryFn: () => api.get<Role[]>('/api/staff/roles') });
  const libs = useLibraries(api);
  const libsById = byId(libs.data);
  const create = useMutation({
    mutationFn: (v: NewUser) => api.post('/api/staff/users', { ...v, libraryId: v.libraryId ?? null }),
    onSuccess: () => { setOpen(false); form.resetFields(); void qc.invalidateQueries({ queryKey: ['staff-users'] }); void message.success(t('admin.userCreated')); },
  });
  const change = async (id: string, body: object) => {
    try {
      await api.patch(`/api/staff/users/${id}`, body);
      void qc.invalidateQueries({ queryKey: ['staff-users'] });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <Card size="small" title={t('admin.staffUsers')} extra={<Button type="primary" onClick={() => { create.reset(); setOpen(true); }}>{t('admin.newUser')}</Button>}>
      <QueryState query={users} isEmpty={(u) => !u.length}>
        {(list) => (
          <Table size="small" rowKey="id" pagination={{ pageSize: 20 }} dataSource={list}
            columns={[
              { title: t('staff.username'), dataIndex: 'username' },
              { title: t('admin.displayName'), dataIndex: 'displayName' },
              { title: t('admin.library'), render: (_, u) => (u.libraryId ? libraryName(libsById.get(u.libraryId)) : t('admin.wholeNetwork')) },
              { title: t('admin.roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{roles.data?.find((x) => x.code === r)?.name ?? r}</Tag>) },
              { title: t('record.status'), render: (_, u) => (!u.active ? <Tag>{t('admin.disabled')}</Tag> : u.lockedUntil ? <Tag color="red">{t('admin.locked')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>) },
              { title: t('admin.lastLogin'), render: (_, u) => dateTime(u.lastLoginAt) },
              {
                title: t('common.actions'),
                render: (_, u) => (
                  <Space size={4}>
                    {u.lockedUntil && <Button size="small" onClick={() => void change(u.id, { unlock: true })}>{t('admin.unlock')}</Button>}
                    <Button size="small" onClick={() => void change(u.id, { active: !u.active })}>{u.active ? t('admin.disable') : t('admin.enable')}</Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <Modal open={open} title={t('admin.newUser')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnClose>
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="username" label={t('staff.username')} rules={[{ required: true, min: 2, max: 64, message: t('admin.usernameRule') }]}><Input autoComplete="off" /></Form.Item>
          <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }]}><Input /></Form.Item>
          <Form.Item name="password" label={t('staff.password')} rules={[{ required: true, min: 8, message: t('admin.passwordRule') }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="libraryId" label={t('admin.library')} extra={t('admin.libraryHelp')}><Select allowClear options={(libs.data ?? []).map((l) => ({ value: l.id, label: libraryName(l) }))} /></Form.Item>
          <Form.Item name="roles" label={t('admin.roles')} rules={[{ required: true, message: t('admin.rolesRequired') }]}><Select mode="multiple" options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
