/**
 * Lending or renewing anyway: the staff member types why (the override is audited with it) and
 * presses Enter. Opened with F8 after a refusal that their permissions let them override.
 */
import { Input, Modal, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function OverrideDialog({ open, what, onConfirm, onCancel }: { open: boolean; what: string; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    if (open) {
      setReason('');
      setTimeout(() => ref.current?.focus(), 50);
    }
  }, [open]);
  const ok = () => reason.trim() && onConfirm(reason.trim());
  return (
    <Modal open={open} title={t('override.title')} onOk={ok} onCancel={onCancel} okText={t('override.confirm')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !reason.trim() }} destroyOnClose>
      <Typography.Paragraph>{what}</Typography.Paragraph>
      <Input ref={ref} value={reason} onChange={(e) => setReason(e.target.value)} onPressEnter={ok} placeholder={t('override.reason')} data-testid="override-reason" maxLength={500} />
    </Modal>
  );
}
