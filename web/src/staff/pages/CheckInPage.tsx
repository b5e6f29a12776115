/**
 * Check-in: scan each returned book; the screen says loudly, with a sound for each, what to do with
 * it: back on the shelf (上架), to the hold shelf for whom (预约架), or in transit to where (调拨).
 */
import { Alert, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanField } from '../components/ScanField';
import { checkIn } from '../circulation-api';
import { api } from '../api';
import { RecordTitle } from '../../shared/RecordTitle';
import { useStaff } from '../session';
import { errorMessage } from '../../shared/errors';
import { day, yuan } from '../../shared/format';
import { play } from '../../shared/sound';
import type { CheckInView } from '../../shared/circulation';

interface Outcome {
  at: number;
  barcode: string;
  result?: CheckInView;
  error?: string;
}

const ACTION_WORD: Record<CheckInView['action'], string> = {
  reshelve: 'checkin.reshelve',
  hold_shelf: 'checkin.holdShelf',
  transit: 'checkin.transit',
};

function ActionBanner({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.error) {
    return (
      <div className="ty-action-banner ty-action-error" role="alert" data-testid="checkin-banner" data-action="error">
        <div className="ty-action-word">{t('checkin.problem')}</div>
        <div className="ty-action-detail">{outcome.barcode}: {outcome.error}</div>
      </div>
    );
  }
  const r = outcome.result!;
  const detail =
    r.action === 'hold_shelf' && r.holdFor ? t('checkin.holdFor', { name: r.holdFor.maskedName, until: day(r.holdFor.shelfExpiresOn) })
    : r.action === 'transit' && r.transitTo ? t('checkin.transitTo', { library: r.transitTo.name })
    : t('checkin.reshelveDetail');
  return (
    <div className={`ty-action-banner ty-action-${r.action}`} role="alert" data-testid="checkin-banner" data-action={r.action}>
      <div className="ty-action-word">{t(ACTION_WORD[r.action])}</div>
      <div className="ty-action-detail">{detail}</div>
      <div style={{ marginTop: 6, opacity: 0.9 }}><RecordTitle api={api} recordId={r.loan?.recordId} /> · {r.itemBarcode}{r.fineCharged ? ` · ${t('checkin.fine', { amount: yuan(r.fineCharged) })}` : ''}</div>
    </div>
  );
}

export function CheckInPage() {
  const { t } = useTranslation();
  const { servicePointId } = useStaff();
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  const onScan = async (barcode: string) => {
    if (!servicePointId) return;
    setBusy(true);
    try {
      const result = await checkIn(barcode, servicePointId);
      play(result.action === 'hold_shelf' ? 'hold' : result.action === 'transit' ? 'transit' : 'ok');
      setOutcomes((o) => [{ at: Date.now(), barcode, result }, ...o].slice(0, 200));
    } catch (err) {
      play('error');
      setOutcomes((o) => [{ at: Date.now(), barcode, error: errorMessage(err) }, ...o].slice(0, 200));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Card title={t('checkin.heading')} size="small" style={{ marginBottom: 16 }}>
        {!servicePointId && <Alert type="warning" showIcon message={t('desk.chooseServicePoint')} style={{ marginBottom: 12 }} />}
        <ScanField busy={busy} testId="checkin-scan" placeholder={t('checkin.scan')} onScan={(v) => void onScan(v)} />
      </Card>
      {outcomes[0] && <ActionBanner outcome={outcomes[0]} />}
      <Card size="small" title={t('checkin.history', { count: outcomes.length })}>
        <Table
          size="small" rowKey="at" pagination={{ pageSize: 20 }} dataSource={outcomes} data-testid="checkin-history"
          locale={{ emptyText: t('checkin.none') }}
          columns={[
            { title: t('record.barcode'), dataIndex: 'barcode' },
            { title: t('desk.title'), render: (_, o) => <RecordTitle api={api} recordId={o.result?.loan?.recordId} fallback="—" /> },
            {
              title: t('checkin.what'),
              render: (_, o) => o.error ? <Tag color="red">{o.error}</Tag>
                : <Tag color={o.result!.action === 'reshelve' ? 'green' : o.result!.action === 'transit' ? 'blue' : 'orange'}>
                    {t(ACTION_WORD[o.result!.action])}
                    {o.result!.transitTo ? ` → ${o.result!.transitTo.name}` : ''}
                    {o.result!.holdFor ? ` · ${o.result!.holdFor.maskedName}` : ''}
                  </Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}
