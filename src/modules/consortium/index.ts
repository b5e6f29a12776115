/**
 * The consortium module: the library network (总分馆体系). Libraries join and leave, have
 * shelving locations (馆藏地), service points (服务点) and opening calendars that decide due dates.
 * Other modules import only from here.
 */
export type * from './types.js';
export { LIBRARY_KINDS, SERVICE_POINT_KINDS } from './types.js';
export type { Ctx as ConsortiumCtx } from './support.js';

// Pure calendar logic (no I/O): for circulation, reservations and the web apps.
export {
  isOpen,
  isOpenAt,
  openingSpans,
  nextOpenDay,
  adjustDueDate,
  dueDateOf,
  describeDays,
  localDay,
  zonedInstant,
  addDays,
  weekdayOf,
  isDay,
  isValidTimeZone,
} from './calendar.js';

export { createLibrary, type NewLibrary } from './ops/create-library.js';
export { updateLibrary, type LibraryChanges } from './ops/update-library.js';
export { leaveNetwork, rejoinNetwork, listMembershipPeriods } from './ops/leave-network.js';
export { getLibrary, findLibrary, listLibraries, cachedLibrary, forgetLibrary, LIBRARY_TTL_MS, type LibraryRef, type LibraryFilter } from './ops/get-library.js';
export { createLocation, type NewLocation } from './ops/create-location.js';
export { listLocations, getLocation } from './ops/list-locations.js';
export { createServicePoint, type NewServicePoint } from './ops/create-service-point.js';
export { listServicePoints, listPickupLocations, getServicePoint } from './ops/list-service-points.js';
export { setOpeningHours, getOpeningHours } from './ops/set-opening-hours.js';
export {
  addClosedDay,
  removeClosedDay,
  listClosedDays,
  listCalendarExceptions,
  setSpecialHours,
  removeSpecialHours,
} from './ops/closed-days.js';
export { getCalendar, cachedCalendar, forgetCalendar, clearCalendarCache, CALENDAR_TTL_MS } from './ops/get-calendar.js';
export { dueDateFor } from './ops/due-date-for.js';
export { libraryIsActive } from './rules/library-active.js';
export { loadDemoNetwork, type DemoNetwork } from './demo.js';
