/** Renew at the desk: scan each book the reader brings or names. F8 renews anyway where allowed. */
import { Alert, Card, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanField } from '../components/ScanField';
import { renewByBarcode } from '../circulation-api';
import { OverrideDialog } from '../components/OverrideDialog';
import { api } from '../api';
import { RecordTitle } from '../../shared/RecordTitle';
import type { Override } from '../../shared/circulation';
import { useStaff } from '../session';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { day } from '../../shared/format';
import { play } from '../../shared/sound';

interface Row {
  at: number;
  barcode: string;
  dueAt?: string;
  recordId?: string;
  error?: string;
  overridable?: boolean;
  codes?: string[];
}

export function RenewPage() {
  const { t } = useTranslation();
  const { servicePointId, can } = useStaff();
  const [rows, setRows] = useState<Row[]>([]);
  const [busy, setBusy] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const renew = async (barcode: string, override?: Override) => {
    setBusy(true);
    try {
      const r = await renewByBarcode(barcode, servicePointId, override);
      play('ok');
      setRows((rows) => [{ at: Date.now(), barcode, dueAt: r.loan.dueAt, recordId: r.loan.recordId }, ...rows]);
    } catch (err) {
      play('error');
      const overridable = err instanceof ApiError && err.refusals.length > 0 && err.refusals.every((x) => x.overridePermission);
      const codes = err instanceof ApiError ? err.refusals.map((x) => x.code) : [];
      setRows((r) => [{ at: Date.now(), barcode, error: errorMessage(err), overridable, codes }, ...r]);
    } finally {
      setBusy(false);
    }
  };
  const last = rows[0];
  const canOverride = can('circulation.override');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F8' && !overriding && last?.error && last.overridable && canOverride) {
        e.preventDefault();
        setOverriding(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <>
      <Card title={t('renew.heading')} size="small" style={{ marginBottom: 16 }}>
        <ScanField busy={busy} testId="renew-scan" placeholder={t('renew.scan')} onScan={(v) => void renew(v)} />
      </Card>
      {last?.error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`${last.barcode}: ${last.error}`}
          description={last.overridable ? (canOverride ? t('renew.overrideHint') : t('desk.overrideNotAllowed')) : undefined} data-testid="renew-error" />
      )}
      <OverrideDialog
        open={overriding}
        what={last?.error ? `${last.barcode}: ${last.error}` : ''}
        onCancel={() => setOverriding(false)}
        onConfirm={(reason) => {
          setOverriding(false);
          if (last) void renew(last.barcode, { codes: last.codes ?? [], reason });
        }}
      />
      {last?.dueAt && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('renew.done', { barcode: last.barcode, due: day(last.dueAt) })} data-testid="renew-ok" />}
      <Card size="small">
        <Table
          size="small" rowKey="at" pagination={false} dataSource={rows} locale={{ emptyText: t('renew.none') }}
          columns={[
            { title: t('record.barcode'), dataIndex: 'barcode' },
            { title: t('desk.title'), render: (_, r) => (r.recordId ? <RecordTitle api={api} recordId={r.recordId} /> : '—') },
            { title: t('renew.result'), render: (_, r) => r.error ? <Tag color="red">{r.error}</Tag> : <Tag color="green">{t('renew.newDue', { due: day(r.dueAt) })}</Tag> },
          ]}
        />
      </Card>
    </>
  );
}
