/**
 * What a kiosk's item information (SIP2 17, GET /api/devices/items/:barcode) needs about one
 * copy: circulation's view of it (through circulation's index) and the SIP2 item properties a
 * device set (this module's own table).
 */
import type { Db } from '../../kernel/db/pool.js';
import type { Item } from '../inventory/index.js';
import { itemCirculation as circulationOf, type ItemCirculationState } from '../circulation/index.js';

export interface ItemCirculation extends ItemCirculationState {
  /** SIP2 item properties a device set (devices' own table). */
  properties: string | null;
}

export async function itemCirculation(db: Db, item: Pick<Item, 'id' | 'recordId'>): Promise<ItemCirculation> {
  const [state, props] = await Promise.all([
    circulationOf(db, item),
    db.query<{ properties: string }>('SELECT properties FROM devices_item_properties WHERE item_id = $1', [item.id]),
  ]);
  return { ...state, properties: props.rows[0]?.properties ?? null };
}
