/** `tianyi device create|list|disable|enable|rotate`: self-service device accounts (SIP2 logins, API keys). */
import type { Command } from 'commander';
import { openRuntime } from './runtime.js';
import { createLogger } from '../kernel/logger.js';

async function withDb<T>(fn: (db: import('pg').Pool) => Promise<T>): Promise<T> {
  const rt = await openRuntime({ loadDemo: false, logLevel: 'warn' }, createLogger('warn'));
  try {
    return await fn(rt.ctx.db);
  } finally {
    await rt.close();
  }
}

export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('self-service device accounts (SIP2 kiosks, return machines, device API keys)');

  device
    .command('create <login>')
    .description('create a device account; prints its SIP2 password and/or API key once')
    .requiredOption('--service-point <ref>', "service point id, or LIBRARY/CODE (e.g. CENTRAL/KIOSK-1)")
    .option('--name <name>', 'display name')
    .option('--kind <kind>', 'kiosk | return_machine | rfid_station | phone', 'kiosk')
    .option('--charset <charset>', 'utf8 | gb18030 | gbk | cp850 | latin1', 'utf8')
    .option('--language <lang>', 'zh | en', 'zh')
    .option('--password <password>', 'SIP2 password (default: generated)')
    .option('--no-sip2', 'no SIP2 login')
    .option('--api-key', 'also issue a device API key')
    .action(async (login: string, opts) => {
      await withDb(async (db) => {
        const { createDevice } = await import('../modules/devices/index.js');
        const servicePointId = await servicePointRef(db, opts.servicePoint);
        const r = await createDevice(db, { login, name: opts.name, kind: opts.kind, servicePointId, charset: opts.charset, language: opts.language, password: opts.password, sip2: opts.sip2, apiKey: !!opts.apiKey, actor: 'cli' });
        process.stdout.write(`device ${r.device.login} (${r.device.id}) created\n`);
        if (r.password) process.stdout.write(`  SIP2 login: ${r.device.login} / ${r.password}\n`);
        if (r.apiKey) process.stdout.write(`  API key (X-Api-Key): ${r.apiKey}\n`);
      });
    });

  device
    .command('list')
    .description('device accounts with their last message and counts (as the servers last wrote them: every 5 s, and at shutdown)')
    .action(async () => {
      await withDb(async (db) => {
        const { listDevices } = await import('../modules/devices/index.js');
        for (const d of await listDevices(db)) {
          process.stdout.write(`${d.login.padEnd(24)} ${d.kind.padEnd(15)} ${d.enabled ? 'enabled ' : 'disabled'} ${d.charset.padEnd(8)} last seen ${d.lastSeenAt?.toISOString() ?? '-'} (${d.lastMessage ?? '-'}), ${d.messages} messages, ${d.errors} errors\n`);
        }
      });
    });

  for (const [verb, enabled] of [['disable', false], ['enable', true]] as const) {
    device
      .command(`${verb} <login>`)
      .description(`${verb} a device account`)
      .action(async (login: string) => {
        await withDb(async (db) => {
          const { setDeviceEnabled } = await import('../modules/devices/index.js');
          const d = await setDeviceEnabled(db, { id: login, enabled, actor: 'cli' });
          process.stdout.write(`device ${d.login} ${d.enabled ? 'enabled' : 'disabled'}\n`);
        });
      });
  }

  device
    .command('rotate <login>')
    .description('issue a new API key and/or SIP2 password (the old ones stop working)')
    .option('--api-key', 'new API key')
    .option('--password', 'new SIP2 password')
    .action(async (login: string, opts) => {
      await withDb(async (db) => {
        const { rotateDeviceSecrets } = await import('../modules/devices/index.js');
        const r = await rotateDeviceSecrets(db, { id: login, apiKey: !!opts.apiKey, password: !!opts.password, actor: 'cli' });
        if (r.password) process.stdout.write(`SIP2 login: ${r.device.login} / ${r.password}\n`);
        if (r.apiKey) process.stdout.write(`API key (X-Api-Key): ${r.apiKey}\n`);
      });
    });
}

async function servicePointRef(db: import('pg').Pool, ref: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(ref)) return ref;
  const { findLibrary, listServicePoints } = await import('../modules/consortium/index.js');
  const [lib, code] = ref.split('/');
  const library = await findLibrary(db, { code: lib });
  const sp = library && (await listServicePoints(db, library.id)).find((s) => s.code === (code ?? '').toUpperCase());
  if (!sp) throw new Error(`No service point ${ref} (use LIBRARY/CODE, e.g. CENTRAL/KIOSK-1, or an id)`);
  return sp.id;
}
