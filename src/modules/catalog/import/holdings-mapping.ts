/**
 * Items embedded in bibliographic records: Koha's 952 (MARC21) and the 905 that Chinese systems
 * use in CNMARC. Which subfield carries what is configurable (`--holdings` JSON on the CLI);
 * these are the defaults.
 */
import type { DataField, MarcFlavour, MarcRecord } from '../../../protocols/marc/types.js';
import { dataFields, firstSubfield } from '../../../protocols/marc/types.js';

export interface HoldingsMapping {
  tag: string;
  barcode: string;
  library: string;
  location?: string;
  callNumber?: string[];
  itemType?: string;
  price?: string;
  volume?: string;
  copyNumber?: string;
  note?: string;
}

/** Koha 952: $p barcode, $a home branch, $c shelving location, $o call number, $y item type, $g price. */
export const KOHA_952: HoldingsMapping = { tag: '952', barcode: 'p', library: 'a', location: 'c', callNumber: ['o'], itemType: 'y', price: 'g', volume: 'h', copyNumber: 't', note: 'z' };

/**
 * CNMARC 905 as Chinese systems commonly write it: $a holding library code, $b barcode,
 * $c shelving location, $d class number + $e book number (种次号) = call number, $f volume,
 * $y item type, $s price.
 */
export const CNMARC_905: HoldingsMapping = { tag: '905', barcode: 'b', library: 'a', location: 'c', callNumber: ['d', 'e'], itemType: 'y', price: 's', volume: 'f' };

export function defaultMapping(flavour: MarcFlavour): HoldingsMapping {
  return flavour === 'cnmarc' ? CNMARC_905 : KOHA_952;
}

export interface EmbeddedItem {
  barcode: string;
  libraryCode: string | null;
  locationCode: string | null;
  callNumber: string | null;
  itemType: string | null;
  priceFen: number | null;
  volume: string | null;
  copyNumber: string | null;
  note: string | null;
}

/** "CNY32.00", "32.00", "¥32" -> 3200 fen; unreadable prices are dropped rather than guessed. */
export function priceToFen(s: string | undefined | null): number | null {
  const m = s?.replace(/,/g, '').match(/(\d+(?:\.\d{1,2})?)/);
  if (!m) return null;
  return Math.round(Number(m[1]) * 100);
}

export function extractItems(rec: MarcRecord, mapping: HoldingsMapping): EmbeddedItem[] {
  const sub = (f: DataField, code?: string) => (code ? firstSubfield(f, code)?.trim() || null : null);
  return dataFields(rec, mapping.tag)
    .map((f) => ({
      barcode: sub(f, mapping.barcode) ?? '',
      libraryCode: sub(f, mapping.library),
      locationCode: sub(f, mapping.location),
      callNumber: (mapping.callNumber ?? []).map((c) => sub(f, c)).filter(Boolean).join('/') || null,
      itemType: sub(f, mapping.itemType),
      priceFen: priceToFen(sub(f, mapping.price)),
      volume: sub(f, mapping.volume),
      copyNumber: sub(f, mapping.copyNumber),
      note: sub(f, mapping.note),
    }))
    .filter((i) => i.barcode);
}
