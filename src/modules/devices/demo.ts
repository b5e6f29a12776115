/**
 * The demo network's self-service devices: a kiosk and a 24-hour return machine at the central
 * library (SIP2 logins below, named in README.md's tour), and a device-API account whose key is
 * printed once when it is created.
 */
import type pg from 'pg';
import { listLibraries, listServicePoints } from '../consortium/index.js';
import { createDevice } from './store.js';

export const DEMO_KIOSK = { login: 'kiosk-central', password: 'kiosk-demo' } as const;
export const DEMO_RETURN_MACHINE = { login: 'return-central', password: 'return-demo' } as const;

/** Creates the demo devices unless kiosk-central exists. Answers the device API key when one was made. */
export async function loadDemoDevices(db: pg.Pool): Promise<{ created: number; apiKey: string | null }> {
  if ((await db.query('SELECT 1 FROM devices_device WHERE lower(login) = $1', [DEMO_KIOSK.login])).rowCount) return { created: 0, apiKey: null };
  const central = (await listLibraries(db)).find((l) => l.code === 'CENTRAL');
  if (!central) return { created: 0, apiKey: null };
  const sps = await listServicePoints(db, central.id);
  const kiosk = sps.find((s) => s.kind === 'kiosk');
  const returns = sps.find((s) => s.kind === 'return_machine') ?? kiosk;
  if (!kiosk || !returns) return { created: 0, apiKey: null };
  await createDevice(db, { ...DEMO_KIOSK, name: '中心馆自助借还机 1', kind: 'kiosk', servicePointId: kiosk.id, actor: 'demo' });
  await createDevice(db, { ...DEMO_RETURN_MACHINE, name: '中心馆24小时还书机', kind: 'return_machine', servicePointId: returns.id, actor: 'demo' });
  const api = await createDevice(db, { login: 'api-central', name: '中心馆自助设备 (JSON API)', kind: 'rfid_station', servicePointId: kiosk.id, sip2: false, apiKey: true, actor: 'demo' });
  return { created: 3, apiKey: api.apiKey };
}
