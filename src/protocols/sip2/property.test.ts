// Property tests: no input makes the decoder throw, and format then parse gives the message back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, parseBytes } from './parse.js';
import { format, formatBytes } from './format.js';
import { decodeLine, CHARSETS, type Charset } from './charset.js';
import { SPECS, type FixedDef, type MessageSpec } from './specs.js';
import type { Sip2Message } from './messages.js';

const NUM_RUNS = Number(process.env.SIP2_PROPERTY_RUNS ?? 300);

// Values: printable ASCII without '|', plus some Chinese (GB2312, so GBK/GB18030 can encode them).
const VALUE_CHARS = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '|'),
  ...'中文图书馆读者借还续借预约罚款天一阁',
];
const valueArb = fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 24 });
const asciiValueArb = fc.string({ unit: fc.constantFrom(...VALUE_CHARS.filter((c) => c < '\x7f')), maxLength: 24 });
// Ids no spec knows, so that they stay in `extra`.
const extraArb = (value: fc.Arbitrary<string>) =>
  fc.record({ id: fc.constantFrom('ZZ', 'XI', 'PA', 'PB', 'U1', 'MA'), value }, { noNullPrototype: true });

function fixedArb(f: FixedDef): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'bit':
    case 'yn':
      return fc.boolean();
    case 'ynu':
      return fc.constantFrom(true, false, null);
    case 'num':
      return fc.option(fc.integer({ min: 0, max: 10 ** f.width - 1 }), { nil: null });
    default:
      return fc.string({ unit: fc.constantFrom(...VALUE_CHARS.filter((c) => c < '\x7f')), minLength: f.width, maxLength: f.width });
  }
}

function messageArb(spec: MessageSpec, value: fc.Arbitrary<string> = valueArb): fc.Arbitrary<Sip2Message> {
  const shape: Record<string, fc.Arbitrary<unknown>> = { code: fc.constant(spec.code) };
  const requiredKeys = ['code'];
  for (const f of spec.fixed) {
    shape[f.name] = fixedArb(f);
    requiredKeys.push(f.name);
  }
  for (const fd of spec.fields) {
    shape[fd.name] = fd.repeat ? fc.array(value, { minLength: 1, maxLength: 3 }) : fd.kind === 'yn' ? fc.boolean() : value;
    // format() writes a missing required field as empty, which parses back as '': generate them.
    if (spec.required.has(fd.id)) requiredKeys.push(fd.name);
  }
  shape.extra = fc.array(extraArb(value), { minLength: 1, maxLength: 3 });
  return fc
    .record(shape, { requiredKeys, noNullPrototype: true })
    // "93CN" + "CO..." is read as a login without algorithm characters (a real quirk).
    .filter((m) => !(m.code === '93' && m.uidAlgorithm === 'C' && m.pwdAlgorithm === 'N')) as unknown as fc.Arbitrary<Sip2Message>;
}

const anyMessage = fc.oneof(...SPECS.map((s) => messageArb(s)));

function withoutOrder(m: Sip2Message): Sip2Message {
  const { fieldOrder: _ignored, ...rest } = m;
  return rest as Sip2Message;
}

test('parse never throws on arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      const r = parse(s);
      assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});

test('parse never throws on SIP-shaped noise, and what it accepts formats without throwing', () => {
  const unit = fc.constantFrom('Y', 'N', 'U', '0', '1', '2', '9', ' ', '|', 'A', 'Z', 'AY', 'AZ', 'AO', 'AF', 'BL', 'F', '\r', '\n', '\0', 'é', '中');
  const code = fc.constantFrom(...SPECS.map((s) => s.code), '00', 'XX', '9', '');
  fc.assert(
    fc.property(code, fc.string({ unit, maxLength: 80 }), fc.boolean(), (c, rest, lenient) => {
      const r = parse(c + rest, { lenientChecksum: lenient });
      if (r.ok) format(r.message, { errorDetection: true, sequence: r.sequence });
    }),
    { numRuns: 3000 },
  );
});

test('decodeLine and parseBytes never throw on arbitrary bytes, in every charset', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...CHARSETS), (bytes, charset: Charset) => {
      assert.equal(typeof decodeLine(bytes, charset), 'string');
      assert.equal(typeof parseBytes(bytes, { charset }).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});

test('parse(format(m)) gives m back, for every message type', () => {
  fc.assert(
    fc.property(anyMessage, fc.boolean(), fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }), (m, ed, seq) => {
      const line = format(m, { errorDetection: ed, sequence: seq });
      const r = parse(line);
      assert.ok(r.ok, `${line}: ${r.ok ? '' : r.reason}`);
      assert.deepEqual(withoutOrder(r.message), m);
      assert.equal(r.sequence, ed ? seq : undefined);
      assert.equal(r.checksumValid, ed ? true : undefined);
      assert.equal(r.warnings, undefined);
      // and the parsed message, with its field order, formats to the same line
      assert.equal(format(r.message, { errorDetection: ed, sequence: seq }), line);
    }),
    { numRuns: NUM_RUNS * 3 },
  );
});

test('formatBytes then parseBytes round-trips in GB18030, GBK and UTF-8, checksums over the bytes sent', () => {
  fc.assert(
    fc.property(anyMessage, fc.constantFrom<Charset>('gb18030', 'gbk', 'utf8'), fc.integer({ min: 0, max: 9 }), (m, charset, seq) => {
      const bytes = formatBytes(m, { charset, errorDetection: true, sequence: seq });
      assert.equal(bytes[bytes.length - 1], 13);
      const r = parseBytes(bytes, { charset });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.checksumValid, true);
      assert.deepEqual(withoutOrder(r.message), m);
    }),
    { numRuns: NUM_RUNS },
  );
});

test('ASCII messages round-trip in cp850 and latin1 too', () => {
  const ascii = fc.oneof(...SPECS.map((s) => messageArb(s, asciiValueArb)));
  fc.assert(
    fc.property(ascii, fc.constantFrom<Charset>('cp850', 'latin1'), (m, charset) => {
      const r = parseBytes(formatBytes(m, { charset, errorDetection: true, sequence: 3 }), { charset });
      assert.ok(r.ok && r.checksumValid === true);
      assert.deepEqual(withoutOrder(r.message), m);
    }),
    { numRuns: NUM_RUNS },
  );
});
