/**
 * A new loan policy (借阅政策): the same form as editing one (PolicyForm.tsx), every value the
 * circulation rules use, starting from the server's defaults (30 days, 2 renewals, 0.10 yuan a day).
 */
import { Button } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PolicyDrawer } from './PolicyForm';

export function NewPolicyButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-policy">{t('rules.newPolicy')}</Button>
      {open && <PolicyDrawer policy={null} onClose={() => setOpen(false)} />}
    </>
  );
}
