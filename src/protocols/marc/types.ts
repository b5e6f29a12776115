/**
 * A MARC record as every codec reads and writes it: MARC21 and CNMARC (UNIMARC) share the shape;
 * the flavour only changes what the tags mean. Strings are Unicode: codecs decode the record's
 * character set (UTF-8, MARC-8, GBK/GB18030) on the way in and encode on the way out.
 */
export interface ControlField {
  tag: string; // 001-009 (and other tags without indicators, such as CNMARC 001/005)
  value: string;
}

export interface Subfield {
  code: string;
  value: string;
}

export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: Subfield[];
}

export type Field = ControlField | DataField;

export interface MarcRecord {
  /** 24 characters. */
  leader: string;
  fields: Field[];
}

export type MarcFlavour = 'marc21' | 'cnmarc';

export function isControlField(f: Field): f is ControlField {
  return (f as ControlField).value !== undefined;
}

export function controlValue(rec: MarcRecord, tag: string): string | undefined {
  for (const f of rec.fields) if (f.tag === tag && isControlField(f)) return f.value;
  return undefined;
}

export function dataFields(rec: MarcRecord, ...tags: string[]): DataField[] {
  return rec.fields.filter((f): f is DataField => tags.includes(f.tag) && !isControlField(f));
}

export function subfieldValues(f: DataField, ...codes: string[]): string[] {
  return f.subfields.filter((s) => codes.includes(s.code)).map((s) => s.value);
}

export function firstSubfield(f: DataField | undefined, code: string): string | undefined {
  return f?.subfields.find((s) => s.code === code)?.value;
}
