/**
 * Staff place a title-level hold (预约) for a reader at the desk or on the phone: scan or type the
 * reader's card (a scanner's Enter submits, so the pickup place is chosen first: this desk's
 * library unless changed), and the hold goes into the title's queue. Refusals (limit reached, already requested...) are said in plain words.
 */
import { Button, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { resolveCard } from '../circulation-api';
import { useDeskLibrary } from './ServicePointPicker';
import { ErrorAlert } from '../../shared/PageState';
import { libraryName } from '../../shared/format';
import { useLibraryDetails } from '../../shared/libraries';
import type { HoldView } from '../../shared/circulation';
import type { Patron } from '../../shared/types';

export interface PlacedHold {
  hold: HoldView;
  patron: Patron;
}

interface Values {
  card: string;
  pickupServicePointId: string;
}

function usePickupOptions() {
  const details = useLibraryDetails(api);
  const desk = useDeskLibrary();
  const options = (details.data ?? [])
    .filter((l) => l.status === 'active')
    .flatMap((l) => l.servicePoints.filter((sp) => sp.pickupLocation).map((sp) => ({ value: sp.id, label: `${libraryName(l)} · ${libraryName(sp)}`, libraryId: l.id })));
  const preferred = options.find((o) => o.libraryId === desk?.library.id) ?? options[0];
  return { options, preferred: preferred?.value, loading: details.isPending, error: details.error };
}

export function HoldForReaderButton({ recordId, onPlaced }: { recordId: string; onPlaced: (placed: PlacedHold) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const pickup = usePickupOptions();
  useEffect(() => {
    // the libraries may still be loading when the dialog opens: preselect once they are here
    if (open && pickup.preferred && !form.getFieldValue('pickupServicePointId')) form.setFieldValue('pickupServicePointId', pickup.preferred);
  }, [open, pickup.preferred, form]);
  const place = useMutation({
    mutationFn: async (v: Values): Promise<PlacedHold> => {
      const { patron } = await resolveCard(v.card.trim());
      const hold = await api.post<HoldView>('/api/holds', { patronId: patron.id, recordId, pickupServicePointId: v.pickupServicePointId });
      return { hold, patron };
    },
    onSuccess: (placed) => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['patron', placed.patron.id] });
      onPlaced(placed);
    },
  });
  return (
    <>
      <Button onClick={() => { place.reset(); setOpen(true); }} data-testid="hold-for-reader">{t('staffHold.button')}</Button>
      <Modal open={open} title={t('staffHold.title')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={place.isPending}
        okText={t('hold.confirm')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'hold-submit' } as React.ComponentProps<typeof Button>} destroyOnClose>
        <ErrorAlert error={place.error ?? pickup.error} />
        <Form form={form} layout="vertical" onFinish={(v) => place.mutate(v)} initialValues={{ pickupServicePointId: pickup.preferred }} preserve={false}>
          <Form.Item name="pickupServicePointId" label={t('hold.pickup')} rules={[{ required: true, message: t('hold.pickupRequired') }]}>
            <Select options={pickup.options} loading={pickup.loading} data-testid="hold-pickup" />
          </Form.Item>
          <Form.Item name="card" label={t('staffHold.card')} extra={t('staffHold.cardHelp')} rules={[{ required: true, whitespace: true, max: 200, message: t('staffHold.cardRequired') }]}>
            <Input autoFocus autoComplete="off" spellCheck={false} data-testid="hold-card" onPressEnter={(e) => { e.preventDefault(); form.submit(); }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
