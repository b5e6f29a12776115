/**
 * Test fixtures for circulation scenarios (module and API tests): a small network (a central
 * library and a branch, each with a pickup desk and a kiosk, adult / children / reference
 * locations), and factories for titles, copies and readers. Test-only; never imported by src/.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../kernel/db/pool.js';
import { createLibrary, createLocation, createServicePoint, type Library } from '../consortium/index.js';
import { generateChineseRecord, saveRecord } from '../catalog/index.js';
import { upsertItems, getItemByBarcode, type Item } from '../inventory/index.js';
import { registerPatron, payDeposit } from '../patrons/index.js';
import { clearReferenceCaches, type CircCtx } from './support.js';
import { forgetPolicies } from './policies.js';
import type pg from 'pg';

export interface Network {
  central: Library;
  branch: Library;
  /** Pickup desks (7 days on the hold shelf) and kiosks, by library. */
  desk: { central: string; branch: string };
  kiosk: { central: string; branch: string };
  location: { centralAdult: string; centralChild: string; centralRef: string; branchAdult: string };
}

let seq = 0;
const uniq = () => `${Date.now().toString(36).slice(-4)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();

export async function createNetwork(ctx: CircCtx & { db: pg.Pool }): Promise<Network> {
  clearReferenceCaches();
  forgetPolicies();
  const central = await createLibrary(ctx.db, { code: `C${uniq()}`.slice(0, 20), name: '中心馆', kind: 'central', joinedOn: '2024-01-01' });
  const branch = await createLibrary(ctx.db, { code: `B${uniq()}`.slice(0, 20), name: '福田分馆', kind: 'branch', parentId: central.id, joinedOn: '2024-01-01' });
  const sp = async (libraryId: string, code: string, pickup: boolean) =>
    (await createServicePoint(ctx.db, libraryId, { code, name: code, kind: pickup ? 'desk' : 'kiosk', pickupLocation: pickup, holdShelfDays: pickup ? 7 : null })).id;
  const loc = async (libraryId: string, code: string, forLoan = true) => (await createLocation(ctx.db, libraryId, { code, name: code, forLoan })).id;
  return {
    central,
    branch,
    desk: { central: await sp(central.id, 'DESK', true), branch: await sp(branch.id, 'DESK', true) },
    kiosk: { central: await sp(central.id, 'KIOSK', false), branch: await sp(branch.id, 'KIOSK', false) },
    location: {
      centralAdult: await loc(central.id, 'ADULT'),
      centralChild: await loc(central.id, 'CHILD'),
      centralRef: await loc(central.id, 'REF', false),
      branchAdult: await loc(branch.id, 'ADULT'),
    },
  };
}

let recordNo = 0;
/** A generated (marked generated) Chinese record; answers its id. */
export async function newRecord(db: pg.Pool): Promise<string> {
  return (await saveRecord(db, { marc: generateChineseRecord(++recordNo + Math.floor(Math.random() * 100_000), 3) })).id;
}

export async function newItem(db: Db, input: { recordId: string; libraryId: string; locationId?: string | null; itemType?: string; priceFen?: number | null; barcode?: string }): Promise<Item> {
  const barcode = input.barcode ?? `I${uniq()}`;
  await upsertItems(db, [{ barcode, recordId: input.recordId, libraryId: input.libraryId, locationId: input.locationId ?? null, itemType: input.itemType ?? 'book', priceFen: input.priceFen ?? 3000 }]);
  return (await getItemByBarcode(db, barcode))!;
}

/** A reader with a barcode card; 'student' by default (no deposit). Adults get their deposit paid. */
export async function newReader(ctx: CircCtx, input: { group?: string; pin?: string; name?: string } = {}): Promise<{ patronId: string; card: string }> {
  const card = `R${uniq()}`.slice(0, 20);
  const group = input.group ?? 'student';
  const p = await registerPatron(ctx, {
    name: input.name ?? '王晓明',
    idType: 'passport',
    idNumber: `P${uniq()}`,
    groupCode: group,
    pin: input.pin,
    card: { kind: 'barcode', number: card },
    actor: 'test',
  });
  if (group === 'adult' || group === 'child') await payDeposit(ctx, { patronId: p.id, actor: 'test' });
  return { patronId: p.id, card };
}
