/** Whether a card may be used now: one refusal with a stable code, or null. Pure. */
import type { Refusal } from '../../../kernel/errors.js';

export type CardKind = 'barcode' | 'virtual' | 'union' | 'e_student';
export type CardStatus = 'active' | 'lost' | 'expired' | 'replaced' | 'withdrawn';

export function cardRefusal(card: { status: CardStatus; expiresOn: string | null }, today: string): Refusal | null {
  const p = { name: 'card' };
  switch (card.status) {
    case 'lost':
      return { code: 'CARD_REPORTED_LOST', message: 'This card has been reported lost.', parameter: p };
    case 'replaced':
      return { code: 'CARD_REPLACED', message: 'This card has been replaced by a newer card.', parameter: p };
    case 'withdrawn':
      return { code: 'CARD_WITHDRAWN', message: 'This card has been returned and withdrawn.', parameter: p };
    case 'expired':
      return { code: 'CARD_EXPIRED', message: 'This card has expired; renew it at a desk.', parameter: p };
  }
  // An active card past its date is expired even before anyone marks it so.
  if (card.expiresOn && card.expiresOn < today) {
    return { code: 'CARD_EXPIRED', message: 'This card has expired; renew it at a desk.', parameter: p };
  }
  return null;
}
