/** Place a hold (预约) on a record, choosing the branch to pick it up at. Asks the reader to sign in first. */
import { App, Button, Form, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useReaderSession } from '../session';
import { useLibraryDetails } from '../../shared/libraries';
import { libraryName } from '../../shared/format';
import { ErrorAlert } from '../../shared/PageState';

export function PlaceHoldButton({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const { signedIn } = useReaderSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ pickupServicePointId: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const details = useLibraryDetails(api);
  const pickupOptions = (details.data ?? [])
    .filter((l) => l.status === 'active')
    .flatMap((l) => l.servicePoints.filter((sp) => sp.pickupLocation).map((sp) => ({ value: sp.id, label: `${libraryName(l)} · ${libraryName(sp)}` })));
  const place = useMutation({
    mutationFn: (v: { pickupServicePointId: string }) => api.post('/api/me/holds', { recordId, pickupServicePointId: v.pickupServicePointId }),
    onSuccess: () => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['me'] });
      void message.success(t('hold.placed'));
    },
  });
  if (!signedIn) {
    return <Button type="primary" onClick={() => navigate(`/sign-in?next=${encodeURIComponent(`/record/${recordId}`)}`)}>{t('hold.signInToPlace')}</Button>;
  }
  return (
    <>
      <Button type="primary" data-testid="place-hold" onClick={() => { place.reset(); setOpen(true); }}>{t('hold.place')}</Button>
      <Modal
        open={open}
        title={t('hold.place')}
        okText={t('hold.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={place.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnClose
      >
        <ErrorAlert error={place.error} />
        <Form form={form} layout="vertical" onFinish={(v) => place.mutate(v)} initialValues={{ pickupServicePointId: pickupOptions[0]?.value }}>
          <Form.Item name="pickupServicePointId" label={t('hold.pickup')} rules={[{ required: true, message: t('hold.pickupRequired') }]}>
            <Select options={pickupOptions} loading={details.isPending} data-testid="pickup-select" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
