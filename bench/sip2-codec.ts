// SIP2 codec throughput on one core: `npx tsx bench/sip2-codec.ts`.
// A realistic kiosk mix: checkout, checkin, patron information and status, requests and responses,
// with error detection on (AY/AZ), as a self-check kiosk session sends them. Target: >= 200,000
// messages/s each for parse and format.
import { format, formatBytes, parse, parseBytes, type FormatOptions, type Sip2Message } from '../src/protocols/sip2/index.js';

const D = '20261127    113025';
const MIX: Sip2Message[] = [
  { code: '99', statusCode: '0', maxPrintWidth: 40, protocolVersion: '2.00' },
  {
    code: '98', onlineStatus: true, checkinOk: true, checkoutOk: true, acsRenewalPolicy: true, statusUpdateOk: false,
    offlineOk: false, timeoutPeriod: 30, retriesAllowed: 3, dateTimeSync: D, protocolVersion: '2.00',
    institutionId: 'SZLIB', libraryName: 'Shenzhen Library', supportedMessages: 'YYYYYYYYYYYYYYYY', terminalLocation: 'BR01-K03',
  },
  { code: '63', language: '019', transactionDate: D, summary: '  Y       ', institutionId: 'SZLIB', patronIdentifier: '0440100012345678', terminalPassword: 'kiosk', patronPassword: '123456' },
  {
    code: '64', patronStatus: '              ', language: '019', transactionDate: D, holdItemsCount: 1, overdueItemsCount: 0,
    chargedItemsCount: 3, fineItemsCount: 0, recallItemsCount: 0, unavailableHoldsCount: 0, institutionId: 'SZLIB',
    patronIdentifier: '0440100012345678', personalName: 'Zhang San', holdItemsLimit: '0010', chargedItemsLimit: '0020',
    validPatron: true, validPatronPassword: true, currencyType: 'CNY', feeAmount: '0.00',
    chargedItems: ['T000123456', 'T000123457', 'T000123458'], holdItems: ['T000765432'],
    emailAddress: 'reader@example.cn', homePhoneNumber: '13800000000', screenMessage: ['Welcome'],
  },
  { code: '11', scRenewalPolicy: true, noBlock: false, transactionDate: D, nbDueDate: '                  ', institutionId: 'SZLIB', patronIdentifier: '0440100012345678', itemIdentifier: 'T000123459', terminalPassword: 'kiosk' },
  {
    code: '12', ok: true, renewalOk: true, magneticMedia: false, desensitize: true, transactionDate: D, institutionId: 'SZLIB',
    patronIdentifier: '0440100012345678', itemIdentifier: 'T000123459', titleIdentifier: 'Red Sorghum / Mo Yan',
    dueDate: '20261225    235959', mediaType: '001', screenMessage: ['Due 2026-12-25'],
  },
  { code: '09', noBlock: false, transactionDate: D, returnDate: D, currentLocation: 'BR01', institutionId: 'SZLIB', itemIdentifier: 'T000123459', terminalPassword: 'kiosk' },
  {
    code: '10', ok: true, resensitize: true, magneticMedia: false, alert: false, transactionDate: D, institutionId: 'SZLIB',
    itemIdentifier: 'T000123459', permanentLocation: 'MAIN-3F', titleIdentifier: 'Red Sorghum / Mo Yan', sortBin: '2', mediaType: '001',
  },
];

const OPTS: FormatOptions = { errorDetection: true, sequence: 0 };
const LINES = MIX.map((m, i) => format(m, { ...OPTS, sequence: i % 10 }) + '\r');
const BYTES = MIX.map((m, i) => formatBytes(m, { charset: 'gb18030', errorDetection: true, sequence: i % 10 }));

let sink = 0;

function measure(name: string, run: (n: number) => void, batch = 100_000): number {
  run(batch); // warm up
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    run(batch);
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push((batch / ns) * 1e9);
  }
  rates.sort((a, b) => a - b);
  const median = rates[2];
  console.log(`${name.padEnd(34)} ${Math.round(median).toLocaleString('en-US').padStart(12)} msg/s  (min ${Math.round(rates[0]).toLocaleString('en-US')}, max ${Math.round(rates[4]).toLocaleString('en-US')})`);
  return median;
}

console.log(`SIP2 codec, ${MIX.length}-message mix (99 98 63 64 11 12 09 10), error detection on; node ${process.version}`);
console.log(`average line length ${Math.round(LINES.reduce((n, l) => n + l.length, 0) / LINES.length)} characters\n`);

const parseRate = measure('parse (string, checksum verified)', (n) => {
  for (let i = 0; i < n; i++) {
    const r = parse(LINES[i & 7]);
    if (r.ok) sink += r.message.code.length;
  }
});
const formatRate = measure('format (string, with AY/AZ)', (n) => {
  for (let i = 0; i < n; i++) sink += format(MIX[i & 7], OPTS).length;
});
measure('parseBytes (gb18030)', (n) => {
  for (let i = 0; i < n; i++) {
    const r = parseBytes(BYTES[i & 7], { charset: 'gb18030' });
    if (r.ok) sink += 1;
  }
});
measure('formatBytes (gb18030)', (n) => {
  for (let i = 0; i < n; i++) sink += formatBytes(MIX[i & 7], { charset: 'gb18030', errorDetection: true, sequence: 1 }).length;
});

const TARGET = 200_000;
console.log(`\ntarget ${TARGET.toLocaleString('en-US')} msg/s: parse ${parseRate >= TARGET ? 'met' : 'MISSED'}, format ${formatRate >= TARGET ? 'met' : 'MISSED'}`);
if (sink === 42) console.log(''); // keep the work observable
