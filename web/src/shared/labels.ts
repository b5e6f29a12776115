/** Words for codes the API returns: material types, languages, item statuses. */
import i18n from 'i18next';

const FORMAT_KEYS: Record<string, string> = {
  book: 'format.book', serial: 'format.serial', audio: 'format.audio', video: 'format.video', 'music-score': 'format.musicScore',
  map: 'format.map', electronic: 'format.electronic', visual: 'format.visual', mixed: 'format.mixed', other: 'format.other',
};
export function formatLabel(code: string): string {
  return FORMAT_KEYS[code] ? i18n.t(FORMAT_KEYS[code]) : code;
}

const LANGUAGE_KEYS: Record<string, string> = {
  chi: 'language.chi', eng: 'language.eng', jpn: 'language.jpn', fre: 'language.fre', ger: 'language.ger', rus: 'language.rus', spa: 'language.spa',
};
export function languageLabel(code: string): string {
  return LANGUAGE_KEYS[code] ? i18n.t(LANGUAGE_KEYS[code]) : code;
}

const STATUS_KEYS: Record<string, string> = {
  available: 'itemStatus.available', checked_out: 'itemStatus.checked_out', on_hold_shelf: 'itemStatus.on_hold_shelf', in_transit: 'itemStatus.in_transit',
  missing: 'itemStatus.missing', lost: 'itemStatus.lost', withdrawn: 'itemStatus.withdrawn', in_process: 'itemStatus.in_process', damaged: 'itemStatus.damaged',
  on_order: 'itemStatus.on_order', claimed_returned: 'itemStatus.claimed_returned',
};
export function itemStatusLabel(code: string): string {
  return STATUS_KEYS[code] ? i18n.t(STATUS_KEYS[code]) : code;
}

const ID_TYPE_KEYS: Record<string, string> = {
  resident_id: 'idType.resident_id', passport: 'idType.passport', hk_macao_permit: 'idType.hk_macao_permit', taiwan_permit: 'idType.taiwan_permit',
  foreign_permanent_id: 'idType.foreign_permanent_id', other: 'idType.other',
};
export const ID_TYPES = Object.keys(ID_TYPE_KEYS);
export function idTypeLabel(code: string): string {
  return ID_TYPE_KEYS[code] ? i18n.t(ID_TYPE_KEYS[code]) : code;
}

const CARD_STATUS_KEYS: Record<string, string> = {
  active: 'cardStatus.active', lost: 'cardStatus.lost', expired: 'cardStatus.expired', replaced: 'cardStatus.replaced', withdrawn: 'cardStatus.withdrawn',
};
export function cardStatusLabel(code: string): string {
  return CARD_STATUS_KEYS[code] ? i18n.t(CARD_STATUS_KEYS[code]) : code;
}

const CARD_KIND_KEYS: Record<string, string> = {
  barcode: 'cardKind.barcode', virtual: 'cardKind.virtual', union: 'cardKind.union', e_student: 'cardKind.e_student',
};
export function cardKindLabel(code: string): string {
  return CARD_KIND_KEYS[code] ? i18n.t(CARD_KIND_KEYS[code]) : code;
}

const LEDGER_KEYS: Record<string, string> = {
  deposit: 'ledger.deposit', deposit_refund: 'ledger.deposit_refund', fine: 'ledger.fine', lost_fee: 'ledger.lost_fee', fee: 'ledger.fee',
  payment: 'ledger.payment', waiver: 'ledger.waiver', deposit_waiver: 'ledger.deposit_waiver',
};
export function ledgerKindLabel(code: string): string {
  return LEDGER_KEYS[code] ? i18n.t(LEDGER_KEYS[code]) : code;
}

export function groupLabel(g: { name: string; nameZh: string }): string {
  return i18n.language === 'en' ? g.name : g.nameZh;
}
