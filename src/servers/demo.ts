/**
 * The demo network, loaded into an empty database by `npm start`: a central library and three
 * branches, the real records of demo/marc (see demo/README.md), generated Chinese records, items
 * spread across the branches, demo readers, and an `admin` account.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { AppContext } from '../kernel/context.js';
import { withTransaction } from '../kernel/db/pool.js';
import { loadDemoNetwork, listLocations } from '../modules/consortium/index.js';
import { importMarc, generateChineseRecord, reindexRecords, prng } from '../modules/catalog/index.js';
import { upsertItems, type ItemInput } from '../modules/inventory/index.js';
import { ensureAdminUser } from '../modules/staff/index.js';
import { loadDemoReaders, DEMO_READER_PIN } from '../modules/patrons/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DEMO_DIR = join(here, '..', '..', 'demo', 'marc');
export const DEMO_FILES = ['cnmarc_derived_utf8.iso', 'koha_sample_bibs_marc21.mrc', 'sample-marc.mrc'];
export const DEMO_GENERATED_RECORDS = 2000;

export interface DemoSummary {
  loaded: boolean;
  records: number;
  items: number;
  readers: number;
  adminPassword?: string;
}

export async function loadDemoIfEmpty(ctx: AppContext): Promise<DemoSummary> {
  const admin = await ensureAdminUser(ctx.db, { password: ctx.config.adminPassword });
  if (admin.generatedPassword) {
    // Printed once, to the operator's terminal: the only time it is shown.
    process.stdout.write(`\n  Staff account created: admin / ${admin.generatedPassword}\n  (set TIANYI_ADMIN_PASSWORD to choose it)\n\n`);
  }
  const existing = await ctx.db.query('SELECT 1 FROM catalog_record LIMIT 1');
  if (existing.rowCount) return { loaded: false, records: 0, items: 0, readers: 0 };
  const t0 = Date.now();
  const network = await loadDemoNetwork(ctx);
  const libraryIds = Object.values(network.libraries);
  let records = 0;
  for (const file of DEMO_FILES) {
    const s = await importMarc(ctx.db, readFileSync(join(DEMO_DIR, file)), { source: `demo:${file}`, holdings: 'none' });
    records += s.created + s.updated;
  }
  const generated = (function* () {
    for (let n = 1; n <= DEMO_GENERATED_RECORDS; n++) yield generateChineseRecord(n, 1);
  })();
  const { writeIso2709 } = await import('../protocols/marc/index.js');
  const buf = Buffer.concat([...generated].map((r) => writeIso2709(r)));
  const g = await importMarc(ctx.db, buf, { source: 'demo:generated', generated: true, holdings: 'none', flavour: 'cnmarc' });
  records += g.created + g.updated;
  const items = await spreadItems(ctx, libraryIds);
  const readers = await loadDemoReaders(ctx, network.libraries);
  await (await import('../modules/circulation/index.js')).loadDemoPolicies(ctx);
  // Reading rooms with seats, activity rooms, and the season's lectures and reading events.
  await (await import('../modules/reservations/index.js')).loadDemoReservations(ctx);
  await (await import('../modules/events/index.js')).loadDemoEvents(ctx);
  const devices = await (await import('../modules/devices/index.js')).loadDemoDevices(ctx.db);
  if (devices.apiKey) process.stdout.write(`\n  Demo device API key (X-Api-Key, device api-central): ${devices.apiKey}\n  SIP2 demo kiosk: kiosk-central / kiosk-demo on port ${ctx.config.sip2Port}\n\n`);
  ctx.log.info({ records, items, readers, ms: Date.now() - t0 }, `demo network loaded (readers' PIN ${DEMO_READER_PIN})`);
  return { loaded: true, records, items, readers, adminPassword: admin.generatedPassword };
}

/** 1-3 copies of every record, at the central library and the branches, with demo barcodes T00000001... */
async function spreadItems(ctx: AppContext, libraryIds: string[]): Promise<number> {
  const rnd = prng(20261127);
  const locations = new Map<string, string[]>();
  for (const id of libraryIds) locations.set(id, (await listLocations(ctx.db, id)).filter((l) => l.forLoan).map((l) => l.id));
  const recs = (await ctx.db.query<{ id: string; call: string | null }>(
    `SELECT id, display->'classification'->0->>'value' AS call FROM catalog_record ORDER BY created_at, id`,
  )).rows;
  let n = 0;
  const items: ItemInput[] = [];
  for (const r of recs) {
    const copies = 1 + Math.floor(rnd() * 3);
    const start = Math.floor(rnd() * libraryIds.length);
    for (let c = 0; c < copies; c++) {
      const libraryId = libraryIds[(start + c) % libraryIds.length];
      const locs = locations.get(libraryId) ?? [];
      n++;
      items.push({
        barcode: `T${String(n).padStart(8, '0')}`,
        recordId: r.id,
        libraryId,
        locationId: locs.length ? locs[Math.floor(rnd() * locs.length)] : null,
        callNumber: r.call,
        itemType: 'book',
        priceFen: 2000 + Math.floor(rnd() * 10000),
      });
    }
  }
  for (let i = 0; i < items.length; i += 1000) {
    await withTransaction(ctx.db, async (tx) => {
      const chunk = items.slice(i, i + 1000);
      await upsertItems(tx, chunk);
      await reindexRecords(tx, [...new Set(chunk.map((x) => x.recordId))]);
    });
  }
  return items.length;
}
