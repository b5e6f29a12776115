#!/usr/bin/env node
// A self-check kiosk as a new user would run one: a separate program that knows nothing of
// Tianyi's code, only SIP2 lines over a socket (with error detection, as many kiosks do).
//   node test/sip2/kiosk.mjs <port> <login> <password> <card> <pin> <item>
// Prints one line per step: "<step> <ok|FAIL> <what the screen shows>".
import net from 'node:net';

const [port, login, password, card, pin, item] = process.argv.slice(2);
let seq = 0;

function withChecksum(body) {
  const s = `${body}AY${seq++ % 10}AZ`;
  let sum = 0;
  for (const b of Buffer.from(s, 'utf8')) sum += b;
  return s + ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

function sipDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}    ${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
socket.setEncoding('utf8');
let buffer = '';
const waiting = [];
socket.on('data', (d) => {
  buffer += d;
  let i;
  while ((i = buffer.indexOf('\r')) >= 0) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    waiting.shift()?.(line);
  }
});
const send = (body) => new Promise((resolve) => { waiting.push(resolve); socket.write(withChecksum(body) + '\r'); });
// A variable field follows a pipe, or the fixed part (which ends in a digit or a blank).
const field = (line, id) => (line.match(new RegExp(`(?:\\||[0-9 ])${id}([^|]*)`)) || [])[1];
const screen = (line) => [...line.matchAll(/(?:\|)AF([^|]*)/g)].map((m) => m[1]).join(' / ');

await new Promise((r) => socket.once('connect', r));
const out = (step, ok, text) => process.stdout.write(`${step} ${ok ? 'ok' : 'FAIL'} ${text}\n`);

const l = await send(`9300CN${login}|CO${password}|CPkiosk|`);
out('login', l.startsWith('941'), l.slice(0, 3));
const s = await send(`9900802.00`);
out('status', s.startsWith('98Y'), field(s, 'AO') || '');
const p = await send(`63001${sipDate()}          AO|AA${card}|AD${pin}|`);
out('patron', p.startsWith('64') && field(p, 'BL') === 'Y' && field(p, 'CQ') === 'Y', field(p, 'AE') || '');
const o = await send(`11YN${sipDate()}                  AO|AA${card}|AB${item}|AD${pin}|`);
out('checkout', o.startsWith('121'), `${field(o, 'AH')} ${screen(o)}`);
const i = await send(`09N${sipDate()}${sipDate()}APkiosk|AO|AB${item}|`);
out('checkin', i.startsWith('101'), `${field(i, 'CL')} ${screen(i)}`);
const e = await send(`35${sipDate()}AO|AA${card}|`);
out('end', e.startsWith('36Y'), screen(e));
socket.end();
