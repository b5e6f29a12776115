/**
 * Replays every SC request line of the real peers' transcripts (../shared/data/sip2/
 * transcripts.txt: SIPServer's test.txt, live captures of SIPServer and pysip2, jsip2's encoder
 * vectors) through the server over a real socket, logged in as the demo kiosk: each one gets a
 * well-formed answer of the right type (or 96 where its checksum is wrong), and the connection
 * survives all of them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, verifyLineChecksum } from '../../src/protocols/sip2/index.js';
import { createFixture, Client, type Fixture } from './support.js';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'sip2', 'transcripts.txt');
const ANSWER: Record<string, string> = {
  '93': '94', '99': '98', '23': '24', '63': '64', '11': '12', '09': '10', '17': '18', '29': '30', '65': '66',
  '35': '36', '37': '38', '15': '16', '19': '20', '01': '24', '25': '26',
};

function requestLines(text: string): string[] {
  const out: string[] = [];
  let section = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const h = /^(\d)\. /.exec(line);
    if (h) section = Number(h[1]);
    let m: RegExpExecArray | null;
    if (section === 1 && /^\d\d/.test(line)) out.push(line);
    else if ((m = /^(?:SEND|SENDING): (.*)$/.exec(line)) && m[1]) out.push(m[1]);
    else if (section === 6 && (m = /^SIP2\w+Test: (.*)$/.exec(line))) out.push(m[1]);
  }
  return out;
}

let f: Fixture;
before(async () => {
  f = await createFixture();
});
after(async () => {
  await f.close();
});

test('every request line of the transcripts gets a well-formed answer', { skip: !existsSync(FILE) && 'no ../shared/data', timeout: 60_000 }, async () => {
  const lines = requestLines(readFileSync(FILE, 'utf8'));
  assert.ok(lines.length > 80, `found ${lines.length} request lines`);
  const c = await Client.connect(f.server.port);
  await c.login();
  const seen = new Set<string>();
  for (const line of lines) {
    const answer = await c.send(line);
    const code = line.slice(0, 2);
    seen.add(code);
    if (code === '97') {
      assert.ok(answer.length >= 2, `97 -> ${answer}`);
      continue;
    }
    const checksumOk = verifyLineChecksum(line);
    if (checksumOk === false) {
      assert.equal(answer, '96', `bad checksum in ${line}`);
      continue;
    }
    const r = parse(answer, { expect: 'response' });
    assert.ok(r.ok, `${line} -> unparseable ${answer}`);
    assert.equal(r.message.code, ANSWER[code], `${line} -> ${answer}`);
    if (line.includes('AZ')) assert.equal(verifyLineChecksum(answer), true, `${line} -> ${answer} has no valid AZ`);
    if (code === '93') await c.login(); // the transcripts' own accounts do not exist here
  }
  assert.deepEqual([...seen].sort(), ['01', '09', '11', '15', '17', '19', '23', '25', '29', '35', '37', '63', '65', '93', '97', '99']);
  c.end();
});
