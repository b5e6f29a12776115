/**
 * The devices module: self-service device accounts (SIP2 kiosks, 24-hour return machines, RFID
 * stations, device-API clients), their idempotency keys, the self-service operations both the
 * SIP2 server and the device API call, and the live-connection view. See README.md.
 */
export {
  createDevice, getDevice, listDevices, setDeviceEnabled, disableDevice, rotateDeviceSecrets, authenticateDevice, deviceByApiKey,
  deviceEnabled, disabledAmong, noteActivity, flushActivity, forgetDevices, setItemProperties, itemProperties,
  DEVICE_KINDS, API_KEY_PREFIX, type Device, type DeviceKind, type DeviceLanguage, type NewDevice, type CreatedDevice,
} from './store.js';
export { once, requestHash, pruneIdempotency, IDEMPOTENCY_TTL_MS, type StoredAnswer } from './idempotency.js';
export {
  lookupPatron, identify, lookupItem, lend, giveBack, renewItem, renewEverything, pay, request, findRequest, withdrawRequest, changeRequest, pickupPoint,
  recordInfo, needsDesensitiser, deviceActor, refusalsOf, day,
  type PatronView, type ItemView, type LendResult, type ReturnResult, type Routing,
} from './self-service.js';
export type { ItemCirculation } from './circulation-view.js';
export { say, refusalText, statusText, yuan } from './text.js';
export { registerConnectionSource, liveConnections, type ConnectionInfo } from './connections.js';
export { loadDemoDevices, DEMO_KIOSK } from './demo.js';
export { deviceRoutes } from './routes.js';
