/** Inventory: holdings and items. Other modules use only what this file exports. */
export {
  ITEM_STATUSES,
  type ItemStatus,
  type Item,
  type ItemInput,
  type HoldingsSummary,
  upsertItems,
  getItem,
  getItemByBarcode,
  itemsOfRecords,
  setItemStatus,
  holdingsSummary,
  analyzeItems,
} from './items.js';
