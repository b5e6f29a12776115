/** A room's day as a grid of slots, each with how many places are free; tap one to start there. */
import { useTranslation } from 'react-i18next';
import { hhmm, type Span } from '../../shared/reservations';

export function SlotGrid({ slots, selected, onSelect, capacity }: {
  slots: (Span & { free: number })[]; selected: string | null; onSelect: (startsAt: string) => void; capacity: number;
}) {
  const { t } = useTranslation();
  const now = Date.now();
  return (
    <div className="ty-slots" data-testid="slot-grid" role="listbox" aria-label={t('res.slots')}>
      {slots.map((s) => {
        const over = Date.parse(s.endsAt) <= now;
        const full = s.free <= 0;
        const cls = over ? 'over' : full ? 'full' : s.free < capacity / 5 ? 'few' : 'free';
        return (
          <button
            key={s.startsAt}
            type="button"
            role="option"
            aria-selected={selected === s.startsAt}
            disabled={over || full}
            className={`ty-slot ty-slot-${cls}${selected === s.startsAt ? ' ty-slot-selected' : ''}`}
            data-testid="slot"
            data-start={hhmm(s.startsAt)}
            onClick={() => onSelect(s.startsAt)}
          >
            <span className="ty-slot-time">{hhmm(s.startsAt)}</span>
            <span className="ty-slot-n">{over ? t('res.slotOver') : full ? t('res.slotFull') : t('res.slotFree', { n: s.free })}</span>
          </button>
        );
      })}
    </div>
  );
}
