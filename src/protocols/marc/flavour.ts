/**
 * MARC21 or CNMARC (UNIMARC)? The tags mean different things (100 is a personal name in MARC21 but
 * general processing data in CNMARC), so the flavour must be known before a record is interpreted.
 */
import { isControlField, type MarcRecord, type MarcFlavour } from './types.js';

export interface FlavourEvidence {
  tags: readonly string[];
  /** 100$a when present. */
  field100a?: string;
}

// UNIMARC 100$a begins with the 8-digit date entered on file (YYYYMMDD).
const DATE_ENTERED = /^\d{8}/;

/** Works from the tags alone (plus 100$a), so the ISO 2709 reader can use it before decoding. */
export function flavourFromEvidence(e: FlavourEvidence): MarcFlavour {
  let has200 = false;
  let has245 = false;
  let has008 = false;
  for (const t of e.tags) {
    if (t === '200') has200 = true;
    else if (t === '245') has245 = true;
    else if (t === '008') has008 = true;
  }
  const unimarc100 = e.field100a !== undefined && DATE_ENTERED.test(e.field100a);
  if (has245 || has008) {
    // A MARC21 tag wins unless the UNIMARC shape is complete (both 200 and a dated 100).
    return has200 && unimarc100 ? 'cnmarc' : 'marc21';
  }
  if (has200 || unimarc100) return 'cnmarc';
  return 'marc21';
}

export function detectFlavour(record: MarcRecord): MarcFlavour {
  let field100a: string | undefined;
  const tags: string[] = [];
  for (const f of record.fields) {
    tags.push(f.tag);
    if (f.tag === '100' && field100a === undefined && !isControlField(f)) {
      field100a = f.subfields.find((s) => s.code === 'a')?.value;
    }
  }
  return flavourFromEvidence({ tags, field100a });
}
