/**
 * The circulation desk, scanner first: scan a card to open the reader, then scan books one by one.
 * A refusal is said in plain words; where the staff member may, F8 lends anyway (overrides are
 * audited). Esc ends the reader's turn; F9 prints the receipt. Scanning another card switches reader.
 */
import { Alert, Button, Card, Col, Empty, Row, Space, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanField } from '../components/ScanField';
import { ReaderSummary } from '../components/ReaderSummary';
import { Receipt, printReceipt, type ReceiptLine } from '../components/Receipt';
import { useDeskLibrary } from '../components/ServicePointPicker';
import { OverrideDialog } from '../components/OverrideDialog';
import { checkOut, resolveCard } from '../circulation-api';
import { api } from '../api';
import { RecordTitle } from '../../shared/RecordTitle';
import { useStaff } from '../session';
import { ApiError, type Refusal } from '../../shared/api';
import { codeMessage, errorMessage, isApiError } from '../../shared/errors';
import { day, libraryName } from '../../shared/format';
import { play } from '../../shared/sound';
import type { Override } from '../../shared/circulation';
import type { Card as ReaderCard, Patron } from '../../shared/types';

interface Refused {
  barcode: string;
  refusals: Refusal[];
  message: string;
}

function refusalText(r: Refusal): string {
  return codeMessage(r.code, { value: r.parameter?.value }) ?? r.message;
}

function RefusalPanel({ refused, canOverride }: { refused: Refused; canOverride: boolean }) {
  const { t } = useTranslation();
  const overridable = refused.refusals.length > 0 && refused.refusals.every((r) => r.overridePermission);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="checkout-refused"
      message={<Typography.Text strong style={{ fontSize: 18 }}>{t('desk.refused', { barcode: refused.barcode })}</Typography.Text>}
      description={
        <>
          {refused.refusals.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{refused.refusals.map((r) => <li key={r.code}>{refusalText(r)}</li>)}</ul> : refused.message}
          {overridable && (canOverride ? <div style={{ marginTop: 8 }}>{t('desk.overrideHint')}</div> : <div style={{ marginTop: 8 }}>{t('desk.overrideNotAllowed')}</div>)}
        </>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

export function DeskPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { servicePointId, can } = useStaff();
  const desk = useDeskLibrary();
  const [reader, setReader] = useState<{ patron: Patron; card: ReaderCard } | null>(null);
  const [lent, setLent] = useState<ReceiptLine[]>([]);
  const [refused, setRefused] = useState<Refused | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [overriding, setOverriding] = useState(false);

  const openReader = useCallback(async (scanned: string) => {
    const r = await resolveCard(scanned);
    setReader(r);
    setLent([]);
    setRefused(null);
    setError(null);
    play('ok');
  }, []);

  const lend = useCallback(async (barcode: string, override?: Override) => {
    if (!reader || !servicePointId) return;
    try {
      const r = await checkOut({ itemBarcode: barcode, card: reader.card.number, servicePointId, override });
      const bib = await qc.fetchQuery({ queryKey: ['bib', r.loan.recordId], staleTime: 600_000, queryFn: () => api.get<{ display: { title: string } }>(`/api/bibs/${r.loan.recordId}`) }).catch(() => null);
      setLent((l) => [{ barcode, title: bib?.display.title ?? null, dueAt: r.loan.dueAt, recordId: r.loan.recordId }, ...l.filter((x) => x.barcode !== barcode)]);
      setRefused(null);
      setError(null);
      play('ok');
      void qc.invalidateQueries({ queryKey: ['patron', reader.patron.id] });
    } catch (err) {
      if (isApiError(err, 'ITEM_NOT_FOUND')) {
        // Not a book: perhaps the next reader's card.
        try {
          await openReader(barcode);
          return;
        } catch {
          /* neither: report the item error */
        }
      }
      play('error');
      if (err instanceof ApiError && err.status === 422) setRefused({ barcode, refusals: err.refusals, message: errorMessage(err) });
      else setError(errorMessage(err));
    }
  }, [reader, servicePointId, qc, openReader]);

  const onScan = async (value: string) => {
    setBusy(true);
    try {
      if (!reader) {
        setError(null);
        await openReader(value).catch((err) => {
          play('error');
          setError(errorMessage(err));
        });
      } else await lend(value);
    } finally {
      setBusy(false);
    }
  };

  const canOverride = can('circulation.override');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (overriding) return;
      if (e.key === 'Escape') {
        setReader(null);
        setLent([]);
        setRefused(null);
        setError(null);
      } else if (e.key === 'F8' && refused && canOverride && refused.refusals.every((r) => r.overridePermission)) {
        e.preventDefault();
        setOverriding(true);
      } else if (e.key === 'F9' && lent.length) {
        e.preventDefault();
        printReceipt();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [refused, canOverride, lend, lent.length, overriding]);

  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card title={t('desk.heading')} size="small" style={{ marginBottom: 16 }}>
          {!servicePointId && <Alert type="warning" showIcon message={t('desk.chooseServicePoint')} style={{ marginBottom: 12 }} />}
          <ScanField busy={busy} testId="desk-scan" placeholder={reader ? t('desk.scanItem') : t('desk.scanCard')} onScan={(v) => void onScan(v)} />
          <div style={{ marginTop: 8, color: '#888', fontSize: 12 }}>
            <span className="ty-kbd">Enter</span> {t('desk.keyEnter')} · <span className="ty-kbd">Esc</span> {t('desk.keyEsc')} · <span className="ty-kbd">F8</span> {t('desk.keyF8')} · <span className="ty-kbd">F9</span> {t('desk.keyF9')}
          </div>
        </Card>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="desk-error" />}
        {refused && <RefusalPanel refused={refused} canOverride={canOverride} />}
        <OverrideDialog
          open={overriding}
          what={refused ? t('override.lendWhat', { barcode: refused.barcode, reasons: refused.refusals.map(refusalText).join('；') }) : ''}
          onCancel={() => setOverriding(false)}
          onConfirm={(reason) => {
            setOverriding(false);
            if (refused) void lend(refused.barcode, { codes: refused.refusals.map((r) => r.code), reason });
          }}
        />
        {reader && (
          <Card
            size="small"
            title={t('desk.lentNow', { count: lent.length })}
            extra={<Space><Button size="small" icon={<PrinterOutlined />} disabled={!lent.length} onClick={printReceipt}>{t('desk.printReceipt')}</Button></Space>}
          >
            <Table
              size="small" rowKey="barcode" pagination={false} dataSource={lent} data-testid="desk-lent"
              locale={{ emptyText: t('desk.nothingLent') }}
              columns={[
                { title: t('record.barcode'), dataIndex: 'barcode' },
                { title: t('desk.title'), render: (_, l) => l.title ?? <RecordTitle api={api} recordId={l.recordId} /> },
                { title: t('desk.due'), render: (_, l) => <strong>{day(l.dueAt)}</strong> },
              ]}
            />
            <Receipt heading={t('receipt.checkOutHeading')} library={desk ? `${libraryName(desk.library)} ${libraryName(desk.sp)}` : ''} reader={`${reader.patron.name} ${reader.card.number}`} lines={lent} />
          </Card>
        )}
      </Col>
      <Col xs={24} xl={12}>
        {reader ? <ReaderSummary patron={reader.patron} card={reader.card} /> : <Card size="small"><Empty description={t('desk.noReader')} /></Card>}
      </Col>
    </Row>
  );
}
