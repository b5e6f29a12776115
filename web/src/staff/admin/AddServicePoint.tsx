/**
 * Add a service point (服务点) to a library: a desk, a self-check kiosk or a return machine. A
 * pickup location (取书点) says how many days a ready hold waits on its shelf.
 */
import { App, Button, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert } from '../../shared/PageState';
import { CODE_PATTERN } from './NewLibraryDialog';

export const SERVICE_POINT_KIND_KEYS: Record<string, string> = {
  desk: 'admin.spDesk', kiosk: 'admin.spKiosk', return_machine: 'admin.spReturnMachine',
};

interface Values {
  code: string;
  name: string;
  kind: string;
  pickupLocation: boolean;
  holdShelfDays?: number | null;
}

export function AddServicePoint({ libraryId }: { libraryId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const pickup = Form.useWatch('pickupLocation', form);
  const add = useMutation({
    mutationFn: (v: Values) =>
      api.post(`/api/libraries/${libraryId}/service-points`, {
        code: v.code.trim(), name: v.name.trim(), kind: v.kind, pickupLocation: v.pickupLocation, holdShelfDays: v.pickupLocation ? v.holdShelfDays : null,
      }),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['libraries'] });
      void message.success(t('admin.servicePointAdded'));
    },
  });
  return (
    <>
      <ErrorAlert error={add.error} />
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} initialValues={{ kind: 'desk', pickupLocation: false, holdShelfDays: 7 }} style={{ marginTop: 8, rowGap: 8 }}>
        <Form.Item name="code" rules={[{ required: true, pattern: CODE_PATTERN, message: t('admin.codeRule') }]}>
          <Input placeholder={t('admin.code')} style={{ width: 100 }} data-testid="sp-code" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, max: 200, message: t('admin.nameRequired') }]}>
          <Input placeholder={t('admin.name')} data-testid="sp-name" />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 140 }} data-testid="sp-kind" options={Object.entries(SERVICE_POINT_KIND_KEYS).map(([value, key]) => ({ value, label: t(key) }))} />
        </Form.Item>
        <Form.Item name="pickupLocation" valuePropName="checked" label={t('admin.pickup')}>
          <Switch size="small" data-testid="sp-pickup" />
        </Form.Item>
        {pickup && (
          <Form.Item name="holdShelfDays" label={t('admin.holdShelfDays')} rules={[{ required: true, type: 'integer', min: 1, max: 90, message: t('admin.holdShelfDaysRule') }]}>
            <InputNumber min={1} max={90} precision={0} style={{ width: 70 }} data-testid="sp-shelf-days" />
          </Form.Item>
        )}
        <Button htmlType="submit" disabled={add.isPending} data-testid="sp-add">{t('common.add')}</Button>
      </Form>
    </>
  );
}
