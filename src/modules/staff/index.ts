/** The staff module: accounts, roles, sessions. Other modules import only from here. */
export { staffRoutes } from './routes.js';
export {
  createStaffUser,
  updateStaffUser,
  getStaffUser,
  listStaffUsers,
  listRoles,
  createRole,
  ensureAdminUser,
  type StaffUser,
  type StaffRole,
  type NewStaffUser,
  type StaffUserChanges,
} from './ops/users.js';
export {
  staffLogin,
  staffLogout,
  staffByToken,
  resolveStaffCredential,
  bearerToken,
  STAFF_TOKEN_PREFIX,
  STAFF_SESSION_MS,
  STAFF_LOCKOUT,
  type StaffSession,
} from './ops/sessions.js';
export { PermissionSet } from './permissions.js';
export { hashSecret, verifySecret, dummyHash, newToken, tokenHash, afterFailure, isLocked, type LockoutPolicy, type LockState } from './passwords.js';
export { audit } from './audit.js';
