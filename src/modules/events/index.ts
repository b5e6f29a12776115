/**
 * The events module: lectures, exhibitions, workshops and reading activities (讲座、展览、活动),
 * registration with a waiting list, door check-in, reminders, statistics. Rooms are booked
 * through the reservations module. Other modules import only from here.
 */
export type * from './types.js';
export { EVENT_KINDS, AUDIENCES } from './types.js';
export {
  createEvent, createSeries, addSession, getEvent, listEvents, updateEvent, cancelEvent, setPoster, getPoster,
  type EventsCtx, type NewEvent, type NewSeries, type EventFilter, type EventChanges,
} from './ops/publish.js';
export { register, cancelRegistration, promoteWaitlist, joinSeries, leaveSeries, listEventRegistrations, listReaderRegistrations, checkInAtDoor } from './ops/register.js';
export { sendEventReminders, eventJobs } from './ops/reminders.js';
export { eventStats, type EventStatsRow } from './ops/stats.js';
export { loadDemoEvents } from './demo.js';
