/**
 * A new loan rule, as the table's last row: library / reader group / item type / location (blank =
 * any) -> policy. At least one criterion is named: the all-blank rule is the catch-all, which
 * already exists. A location belongs to a library, so it is chosen after the library.
 */
import { App, AutoComplete, Button, Form, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ITEM_TYPES } from '../catalog/ItemForm';
import { ErrorAlert } from '../../shared/PageState';
import { libraryName } from '../../shared/format';
import { groupLabel } from '../../shared/labels';
import { useLibraryDetails } from '../../shared/libraries';
import type { Group } from '../../shared/types';

interface Values {
  libraryId?: string;
  groupCode?: string;
  itemType?: string;
  locationId?: string;
  policyId: string;
}

export function AddRuleForm({ policies }: { policies: { id: string; name: string; code: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const libs = useLibraryDetails(api);
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => api.get<Group[]>('/api/patrons/groups') });
  const libraryId = Form.useWatch('libraryId', form);
  const locations = (libs.data ?? []).find((l) => l.id === libraryId)?.locations ?? [];
  const add = useMutation({
    mutationFn: (v: Values) =>
      api.post('/api/circulation/rules', {
        libraryId: v.libraryId ?? null, groupCode: v.groupCode ?? null, itemType: v.itemType?.trim() || null, locationId: v.locationId ?? null, policyId: v.policyId,
      }),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['circ-rules'] });
      void message.success(t('rules.ruleAdded'));
    },
  });
  const someCriterion = ({ getFieldsValue }: { getFieldsValue: () => Values }) => ({
    validator: async () => {
      const v = getFieldsValue();
      if (!v.libraryId && !v.groupCode && !v.itemType?.trim() && !v.locationId) throw new Error(t('rules.criterionRequired'));
    },
  });
  return (
    <>
      <ErrorAlert error={add.error ?? libs.error ?? groups.error} />
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} style={{ marginBottom: 12, rowGap: 8 }} data-testid="add-rule">
        <Form.Item name="libraryId">
          <Select allowClear placeholder={`${t('rules.library')}: ${t('rules.any')}`} style={{ width: 170 }} loading={libs.isPending} data-testid="rule-library"
            onChange={() => form.setFieldValue('locationId', undefined)}
            options={(libs.data ?? []).filter((l) => l.status === 'active').map((l) => ({ value: l.id, label: libraryName(l) }))} />
        </Form.Item>
        <Form.Item name="groupCode">
          <Select allowClear placeholder={`${t('rules.group')}: ${t('rules.any')}`} style={{ width: 150 }} loading={groups.isPending} data-testid="rule-group"
            options={(groups.data ?? []).map((g) => ({ value: g.code, label: groupLabel(g) }))} />
        </Form.Item>
        <Form.Item name="itemType" rules={[{ pattern: /^[a-z0-9_-]{1,40}$/, message: t('items.itemTypeRule') }]}>
          <AutoComplete allowClear placeholder={`${t('rules.itemType')}: ${t('rules.any')}`} style={{ width: 150 }} data-testid="rule-item-type" options={ITEM_TYPES.map((x) => ({ value: x }))} />
        </Form.Item>
        <Form.Item name="locationId">
          <Select allowClear disabled={!libraryId} placeholder={libraryId ? `${t('rules.location')}: ${t('rules.any')}` : t('rules.libraryFirst')} style={{ width: 160 }} data-testid="rule-location"
            options={locations.map((l) => ({ value: l.id, label: libraryName(l) }))} />
        </Form.Item>
        <span style={{ lineHeight: '32px', marginRight: 8 }}>→</span>
        <Form.Item name="policyId" rules={[{ required: true, message: t('rules.policyRequired') }, someCriterion]}>
          <Select placeholder={t('rules.policy')} style={{ width: 190 }} data-testid="rule-policy" options={policies.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />} disabled={add.isPending} data-testid="rule-add">{t('rules.addRule')}</Button>
      </Form>
    </>
  );
}
