/** The device API's and the staff device view's JSON shapes (zod: they validate and feed OpenAPI). */
import { z } from 'zod';
import { DEVICE_KINDS, type Device } from './store.js';

const Reason = z.object({ code: z.string(), message: z.string() });
/** RFID / EAS state the device should leave the item in: `clear` (may leave the building) or `set`. */
const Security = z.enum(['set', 'clear']).describe('RFID security (AFI/EAS) state to write to the tag: clear when lent, set when returned');

export const DeviceDto = z.object({
  id: z.string(), login: z.string(), name: z.string(), kind: z.enum(DEVICE_KINDS), libraryId: z.string(), servicePointId: z.string(),
  charset: z.string(), language: z.enum(['zh', 'en']), hasPassword: z.boolean(), apiKeyPrefix: z.string().nullable(), enabled: z.boolean(),
  createdAt: z.string(), disabledAt: z.string().nullable(), lastSeenAt: z.string().nullable(), lastMessage: z.string().nullable(),
  lastError: z.string().nullable(), lastErrorAt: z.string().nullable(), messages: z.number(), errors: z.number(),
});
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
export function toDeviceDto(d: Device): z.infer<typeof DeviceDto> {
  return { ...d, createdAt: iso(d.createdAt)!, disabledAt: iso(d.disabledAt), lastSeenAt: iso(d.lastSeenAt), lastErrorAt: iso(d.lastErrorAt) };
}
export const CreatedDeviceDto = z.object({
  device: DeviceDto,
  password: z.string().nullable().describe('SIP2 login password: shown once'),
  apiKey: z.string().nullable().describe('X-Api-Key for the device API: shown once'),
});

export const ConnectionDto = z.object({
  id: z.number(), remote: z.string(), tls: z.boolean(), connectedAt: z.string(), deviceId: z.string().nullable(), login: z.string().nullable(),
  charset: z.string(), lastMessage: z.string().nullable(), lastMessageAt: z.string().nullable(), messages: z.number(), errors: z.number(),
  lastError: z.string().nullable(),
});

export const CardBody = z.object({
  card: z.string().min(1).max(200).describe('What was scanned: card number or reader QR token'),
  pin: z.string().max(20).optional().describe('The reader PIN, when the device asks for one'),
});

export const PatronStatusDto = z.object({
  valid: z.boolean(), pinValid: z.boolean().nullable(), maskedName: z.string(), mayBorrow: z.boolean(),
  loans: z.number(), overdue: z.number(), holdsReady: z.number(), holdsWaiting: z.number(), owedFen: z.number(),
  reasons: z.array(Reason), message: z.string(),
});

export const CheckOutDto = z.object({
  loanId: z.string(), alreadyLoaned: z.boolean(), itemBarcode: z.string(), title: z.string(), dueAt: z.string(), dueDay: z.string(),
  security: Security, message: z.string(),
});

export const CheckInDto = z.object({
  itemBarcode: z.string(), title: z.string(), action: z.enum(['reshelve', 'hold_shelf', 'transit']),
  sortBin: z.string().describe('RESHELVE, HOLD, or TRANSIT-<library code>'),
  destination: z.object({ libraryId: z.string(), code: z.string(), name: z.string(), institutionId: z.string().nullable() }).nullable(),
  holdFor: z.object({ maskedName: z.string(), holdId: z.string(), shelfExpiresOn: z.string().nullable() }).nullable(),
  fineChargedFen: z.number(), security: Security, message: z.string(),
});

export const RenewDto = z.object({ itemBarcode: z.string(), title: z.string(), dueAt: z.string(), dueDay: z.string(), message: z.string() });

export const ItemDto = z.object({
  barcode: z.string(), title: z.string(), status: z.string(), statusText: z.string(), materialType: z.string(), libraryId: z.string(),
  currentLibraryId: z.string().nullable(), callNumber: z.string().nullable(), dueAt: z.string().nullable(), holdQueueLength: z.number(),
  holdShelfUntil: z.string().nullable(), securityMarker: z.string(), security: Security, properties: z.string().nullable(),
});

export const FeePaidDto = z.object({ accepted: z.boolean(), amountFen: z.number(), feeIds: z.array(z.string()), message: z.string() });

export const HoldDto = z.object({
  holdId: z.string(), status: z.string(), queuePosition: z.number().nullable(), available: z.boolean(), title: z.string(),
  pickupServicePointId: z.string(), message: z.string(),
});
