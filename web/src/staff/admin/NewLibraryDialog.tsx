/**
 * A library joins the network (成员馆加入): code, names, level (总馆 / 区级馆 / 分馆 / 基层服务点)
 * and the library it reports to. The central library heads the tree and has no parent.
 */
import { App, Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { ErrorAlert } from '../../shared/PageState';
import { libraryName } from '../../shared/format';
import { useLibraries } from '../../shared/libraries';
import type { Library } from '../../shared/types';

export const LIBRARY_KIND_KEYS: Record<string, string> = {
  central: 'admin.kindCentral', district: 'admin.kindDistrict', branch: 'admin.kindBranch', service_point: 'admin.kindServicePoint',
};
export const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  kind: string;
  parentId?: string;
  joinedOn?: Dayjs;
}

export function NewLibraryButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const libs = useLibraries(api);
  const kind = Form.useWatch('kind', form);
  const central = (libs.data ?? []).find((l) => l.kind === 'central');
  useEffect(() => {
    // the libraries may still be loading when the dialog opens: the central library once they are here
    if (open && central && kind !== 'central' && !form.getFieldValue('parentId')) form.setFieldValue('parentId', central.id);
  }, [open, central, kind, form]);
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.post<Library>('/api/libraries', {
        code: v.code.trim(),
        name: v.name.trim(),
        nameEn: v.nameEn?.trim() || null,
        kind: v.kind,
        parentId: v.kind === 'central' ? null : v.parentId ?? null,
        joinedOn: v.joinedOn?.format('YYYY-MM-DD'),
      }),
    onSuccess: (lib) => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['libraries'] });
      void message.success(t('admin.libraryCreated', { name: libraryName(lib) }));
    },
  });
  const openDialog = () => {
    create.reset();
    setOpen(true);
  };
  return (
    <>
      <Button type="primary" size="small" icon={<PlusOutlined />} onClick={openDialog} data-testid="new-library">{t('admin.newLibrary')}</Button>
      <Modal open={open} title={t('admin.newLibrary')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending}
        okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'library-save' } as React.ComponentProps<typeof Button>} destroyOnClose>
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ kind: 'branch', parentId: central?.id }} preserve={false}>
          <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: CODE_PATTERN, message: t('admin.codeRule') }]}>
            <Input autoFocus autoComplete="off" style={{ width: 200 }} data-testid="library-code" />
          </Form.Item>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.nameRequired') }]}>
            <Input data-testid="library-name" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ max: 200 }]}>
            <Input data-testid="library-name-en" />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.kind')} rules={[{ required: true }]}>
            <Select data-testid="library-kind" options={Object.entries(LIBRARY_KIND_KEYS).map(([value, key]) => ({ value, label: t(key) }))} />
          </Form.Item>
          {kind !== 'central' && (
            <Form.Item name="parentId" label={t('admin.parent')} rules={[{ required: true, message: t('admin.parentRequired') }]}>
              <Select data-testid="library-parent" loading={libs.isPending}
                options={(libs.data ?? []).filter((l) => l.status === 'active').map((l) => ({ value: l.id, label: libraryName(l) }))} />
            </Form.Item>
          )}
          <Form.Item name="joinedOn" label={t('admin.joinedOn')} extra={t('admin.joinedOnHelp')}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
