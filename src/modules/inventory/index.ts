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
  itemByBarcodeStep,
  SCANNED_ITEM,
  itemsOfRecords,
  setItemStatus,
  setItemStatusStep,
  ITEM_STATUS_CHANGED,
  holdingsSummary,
  analyzeItems,
} from './items.js';
