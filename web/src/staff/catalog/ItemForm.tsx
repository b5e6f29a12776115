/**
 * Add or edit an item (单册) of a record: barcode (scanned), owning library and shelving location,
 * call number, type, price, volume, note; when editing, the status an editor may set.
 */
import { AutoComplete, Button, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useStaff } from '../session';
import { ErrorAlert, InlineLoading } from '../../shared/PageState';
import { itemStatusLabel } from '../../shared/labels';
import { libraryName, parseYuan } from '../../shared/format';
import { useLibraryDetails } from '../../shared/libraries';

export interface FullItem {
  id: string; barcode: string; recordId: string; libraryId: string; locationId: string | null; callNumber: string | null; itemType: string; status: string;
  priceFen: number | null; volume: string | null; copyNumber: string | null; publicNote: string | null; version: number;
}
export const ITEM_TYPES = ['book', 'children', 'reference', 'periodical', 'audiovisual', 'dvd', 'ancient'];
const EDITABLE = ['available', 'in_process', 'on_order', 'missing', 'lost', 'withdrawn', 'damaged'];

interface Values { barcode: string; libraryId: string; locationId?: string; callNumber?: string; itemType: string; price?: string; volume?: string; copyNumber?: string; publicNote?: string; status?: string }

export function ItemForm({ recordId, barcode, defaultCallNumber, onClose, onSaved }: {
  recordId: string; barcode?: string; defaultCallNumber?: string; onClose: () => void; onSaved: (item: FullItem) => void;
}) {
  const { t } = useTranslation();
  const { user } = useStaff();
  const [form] = Form.useForm<Values>();
  const libs = useLibraryDetails(api);
  const existing = useQuery({ queryKey: ['item', barcode], enabled: !!barcode, queryFn: () => api.get<FullItem>(`/api/items/${encodeURIComponent(barcode!)}`) });
  const libraryId = Form.useWatch('libraryId', form);
  const locations = libs.data?.find((l) => l.id === libraryId)?.locations ?? [];
  useEffect(() => {
    const i = existing.data;
    if (i) form.setFieldsValue({ ...i, locationId: i.locationId ?? undefined, callNumber: i.callNumber ?? '', price: i.priceFen == null ? '' : (i.priceFen / 100).toFixed(2), volume: i.volume ?? '', copyNumber: i.copyNumber ?? '', publicNote: i.publicNote ?? '' });
  }, [existing.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = {
        locationId: v.locationId ?? null, callNumber: v.callNumber?.trim() || null, itemType: v.itemType, priceFen: v.price?.trim() ? parseYuan(v.price) : null,
        volume: v.volume?.trim() || null, copyNumber: v.copyNumber?.trim() || null, publicNote: v.publicNote?.trim() || null,
      };
      return existing.data
        ? api.patch<FullItem>(`/api/items/${existing.data.id}`, { ...common, status: v.status, version: existing.data.version })
        : api.post<FullItem>('/api/items', { ...common, barcode: v.barcode.trim(), recordId, libraryId: v.libraryId });
    },
    onSuccess: onSaved,
  });
  const editing = !!barcode;
  return (
    <Modal open title={editing ? t('items.editTitle', { barcode }) : t('items.addTitle')} onCancel={onClose} okText={t('common.save')} cancelText={t('common.cancel')}
      confirmLoading={save.isPending} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'item-save' } as React.ComponentProps<typeof Button>} destroyOnClose>
      {editing && existing.isPending ? <InlineLoading /> : (
        <>
          <ErrorAlert error={save.error ?? existing.error} />
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ libraryId: user?.libraryId ?? undefined, itemType: 'book', callNumber: defaultCallNumber }}>
            <Form.Item name="barcode" label={t('record.barcode')} rules={[{ required: !editing, pattern: /^[A-Za-z0-9._-]{1,40}$/, message: t('items.barcodeRule') }]}>
              <Input disabled={editing} autoFocus={!editing} data-testid="item-barcode" autoComplete="off" />
            </Form.Item>
            <Form.Item name="libraryId" label={t('record.library')} rules={[{ required: true, message: t('items.libraryRequired') }]}>
              <Select disabled={editing} data-testid="item-library" loading={libs.isPending} options={(libs.data ?? []).map((l) => ({ value: l.id, label: libraryName(l) }))}
                onChange={() => form.setFieldValue('locationId', undefined)} />
            </Form.Item>
            <Form.Item name="locationId" label={t('record.location')}>
              <Select allowClear data-testid="item-location" options={locations.map((l) => ({ value: l.id, label: libraryName(l) }))} />
            </Form.Item>
            <Form.Item name="callNumber" label={t('record.callNumber')}><Input data-testid="item-call-number" /></Form.Item>
            <Form.Item name="itemType" label={t('items.itemType')} rules={[{ required: true, pattern: /^[a-z0-9_-]+$/, message: t('items.itemTypeRule') }]}>
              <AutoComplete options={ITEM_TYPES.map((x) => ({ value: x }))} />
            </Form.Item>
            <Form.Item name="price" label={t('items.priceYuan')} rules={[{ validator: (_, v: string) => (!v?.trim() || parseYuan(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('items.priceRule')))) }]}>
              <Input prefix="¥" data-testid="item-price" />
            </Form.Item>
            <Form.Item name="volume" label={t('items.volume')}><Input /></Form.Item>
            <Form.Item name="copyNumber" label={t('items.copyNumber')}><Input /></Form.Item>
            <Form.Item name="publicNote" label={t('items.publicNote')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
            {editing && existing.data && (
              <Form.Item name="status" label={t('record.status')}>
                <Select disabled={!EDITABLE.includes(existing.data.status)} data-testid="item-status"
                  options={(EDITABLE.includes(existing.data.status) ? EDITABLE : [existing.data.status]).map((s) => ({ value: s, label: itemStatusLabel(s) }))} />
              </Form.Item>
            )}
          </Form>
        </>
      )}
    </Modal>
  );
}
