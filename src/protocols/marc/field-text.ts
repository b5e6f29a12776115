/**
 * Turning a decoded field ("ind1 ind2 \x1F a value \x1F b value") into a DataField, with the
 * repairs and refusals all readers share.
 */
import type { MarcWarning, RejectCode } from './read-result.js';
import type { DataField, Subfield } from './types.js';

export const SUBFIELD = '\x1F';

export interface FieldProblem {
  code: RejectCode;
  reason: string;
}

const VALID_INDICATOR = /^[0-9a-z ]$/;
// C0 controls other than tab, LF and CR have no place in MARC data (and are illegal in XML 1.0).
// The subfield delimiter is excluded here because data fields carry it; values are checked apart.
const CONTROL_IN_FIELD = /[\x00-\x08\x0B\x0C\x0E-\x1E]/;
const CONTROL_IN_VALUE = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

export function describeChar(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Control fields (00X): refused when they carry control characters, as the DIRTY Koha record does. */
export function checkControlValue(tag: string, value: string): FieldProblem | null {
  const m = CONTROL_IN_VALUE.exec(value);
  if (!m) return null;
  return {
    code: 'CONTROL_CHARACTER',
    reason: `control field ${tag} contains control character ${describeChar(m[0])} at character ${m.index}`,
  };
}

export function checkValue(tag: string, code: string, value: string): FieldProblem | null {
  const m = CONTROL_IN_VALUE.exec(value);
  if (!m) return null;
  return {
    code: 'CONTROL_CHARACTER',
    reason: `field ${tag} $${code} contains control character ${describeChar(m[0])} at character ${m.index}`,
  };
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function checkTag(tag: string, warnings: MarcWarning[]): FieldProblem | null {
  if (tag.length === 3 && isAlnum(tag.charCodeAt(0)) && isAlnum(tag.charCodeAt(1)) && isAlnum(tag.charCodeAt(2))) return null;
  if (/^[\x20-\x7e]{3}$/.test(tag)) {
    warnings.push({ code: 'BAD_TAG', message: `tag "${tag}" is not three letters or digits`, tag });
    return null;
  }
  return { code: 'BAD_TAG', reason: `tag ${JSON.stringify(tag)} is not three ASCII characters` };
}

/** An indicator outside [0-9a-z ] is replaced by a blank: it is safer than losing the record. */
export function cleanIndicator(tag: string, which: 1 | 2, ind: string, warnings: MarcWarning[]): string {
  if (VALID_INDICATOR.test(ind)) return ind;
  warnings.push({
    code: 'BAD_INDICATOR',
    message: `field ${tag} indicator ${which} ${JSON.stringify(ind)} replaced by a blank`,
    tag,
  });
  return ' ';
}

export function isValidSubfieldCode(code: string): boolean {
  if (code.length !== 1) return false;
  const c = code.charCodeAt(0);
  return c > 0x20 && c < 0x7f;
}

function isIndicatorCode(c: number): boolean {
  return c === 0x20 || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Parses the decoded text of a data field (without its field terminator). The common shape
 * (two good indicators, then subfields with ASCII codes) takes a loop of indexOf/slice calls;
 * anything else goes to the careful path that repairs or refuses.
 */
export function parseDataFieldText(
  tag: string,
  text: string,
  warnings: MarcWarning[],
): DataField | FieldProblem {
  if (
    text.length >= 3 &&
    text.charCodeAt(2) === 0x1f &&
    isIndicatorCode(text.charCodeAt(0)) &&
    isIndicatorCode(text.charCodeAt(1)) &&
    !CONTROL_IN_FIELD.test(text)
  ) {
    const subfields: Subfield[] = [];
    let at = 2; // index of the current delimiter
    while (at >= 0) {
      const next = text.indexOf(SUBFIELD, at + 1);
      const end = next < 0 ? text.length : next;
      if (end === at + 1) break; // empty subfield: let the careful path report it
      const c = text.charCodeAt(at + 1);
      if (c <= 0x20 || c >= 0x7f) break;
      subfields.push({ code: text[at + 1], value: text.slice(at + 2, end) });
      at = next;
    }
    if (at < 0) return { tag, ind1: text[0], ind2: text[1], subfields };
  }
  return parseCarefully(tag, text, warnings);
}

function parseCarefully(
  tag: string,
  text: string,
  warnings: MarcWarning[],
): DataField | FieldProblem {
  const ctl = CONTROL_IN_FIELD.exec(text);
  if (ctl) {
    const what = ctl[0] === '\x1E' ? 'a field terminator inside its data' : `control character ${describeChar(ctl[0])}`;
    return { code: 'CONTROL_CHARACTER', reason: `field ${tag} contains ${what}` };
  }
  let ind1 = ' ';
  let ind2 = ' ';
  let rest: string;
  if (text.length >= 2 && text[0] !== SUBFIELD && text[1] !== SUBFIELD) {
    ind1 = cleanIndicator(tag, 1, text[0], warnings);
    ind2 = cleanIndicator(tag, 2, text[1], warnings);
    rest = text.slice(2);
  } else if (text.length === 0 || text[0] === SUBFIELD) {
    // Seen in pymarc's bad_indicator.dat: the field starts straight with a subfield.
    warnings.push({ code: 'MISSING_INDICATORS', message: `field ${tag} has no indicators; blanks assumed`, tag });
    rest = text;
  } else {
    ind1 = cleanIndicator(tag, 1, text[0], warnings);
    warnings.push({ code: 'MISSING_INDICATORS', message: `field ${tag} has one indicator; blank assumed`, tag });
    rest = text.slice(1);
  }
  const parts = rest.split(SUBFIELD);
  const subfields: Subfield[] = [];
  const lead = parts[0];
  if (lead.length > 0) {
    // dp2's "106  ar": the delimiter before the code was lost. Recover $a r when the first
    // character can be a code; otherwise the text cannot be placed.
    if (/^[^\p{L}\p{N}]+$/u.test(lead)) {
      // pymarc's regression45.dat: "  \\" - a third indicator-like character. Nothing to keep.
      warnings.push({ code: 'DATA_BEFORE_SUBFIELD', message: `field ${tag}: ${JSON.stringify(lead)} before the first subfield dropped`, tag });
    } else if (!/^[0-9a-z]/.test(lead)) {
      return { code: 'BAD_SUBFIELD_CODE', reason: `field ${tag} has data before its first subfield: ${JSON.stringify(lead.slice(0, 20))}` };
    } else {
        warnings.push({
        code: 'MISSING_SUBFIELD_DELIMITER',
        message: `field ${tag} data ${JSON.stringify(lead.slice(0, 20))} had no subfield delimiter; read as $${lead[0]}`,
        tag,
      });
      subfields.push({ code: lead[0], value: lead.slice(1) });
    }
  }
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (p.length === 0) {
      warnings.push({ code: 'EMPTY_SUBFIELD', message: `field ${tag} has an empty subfield; dropped`, tag });
      continue;
    }
    const code = p[0];
    if (!isValidSubfieldCode(code)) {
      return {
        code: 'BAD_SUBFIELD_CODE',
        reason: `field ${tag} subfield ${i} has code ${describeChar(code)}, not an ASCII letter, digit or sign`,
      };
    }
    subfields.push({ code, value: p.slice(1) });
  }
  return { tag, ind1, ind2, subfields };
}

export function isFieldProblem(x: unknown): x is FieldProblem {
  return typeof x === 'object' && x !== null && 'reason' in x;
}
