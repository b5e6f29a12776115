/** A slip for the reader: what was lent today and when each is due. Printed with the browser (Ctrl+P / F9). */
import { useTranslation } from 'react-i18next';
import { dateTime, day } from '../../shared/format';

export interface ReceiptLine {
  barcode: string;
  title: string | null;
  dueAt?: string | null;
  note?: string;
  recordId?: string;
}

export function Receipt({ heading, library, reader, lines }: { heading: string; library: string; reader: string; lines: ReceiptLine[] }) {
  const { t } = useTranslation();
  return (
    <div className="ty-receipt" aria-hidden style={{ display: 'none' }}>
      <div style={{ textAlign: 'center', fontWeight: 700 }}>{library}</div>
      <div style={{ textAlign: 'center' }}>{heading}</div>
      <div>{t('receipt.reader')}: {reader}</div>
      <div>{t('receipt.time')}: {dateTime(new Date().toISOString())}</div>
      <hr />
      {lines.map((l) => (
        <div key={l.barcode} style={{ marginBottom: 6 }}>
          <div>{l.title ?? l.barcode}</div>
          <div>{l.barcode}{l.dueAt ? ` · ${t('receipt.due')} ${day(l.dueAt)}` : ''}{l.note ? ` · ${l.note}` : ''}</div>
        </div>
      ))}
      <hr />
      <div>{t('receipt.total', { count: lines.length })}</div>
      <div style={{ textAlign: 'center', marginTop: 8 }}>{t('receipt.thanks')}</div>
    </div>
  );
}

/** Print only the receipt: the print stylesheet shows .ty-receipt and hides the rest. */
export function printReceipt(): void {
  document.querySelectorAll<HTMLElement>('.ty-receipt').forEach((el) => (el.style.display = 'block'));
  window.print();
  document.querySelectorAll<HTMLElement>('.ty-receipt').forEach((el) => (el.style.display = 'none'));
}
