/**
 * The reservations module: reading rooms and seats (座位预约), activity rooms (空间预约),
 * arrival and no-shows (签到、违约), and their statistics. Other modules import only from here.
 *
 * Operations take a ResCtx: an AppContext, or `{ ...ctx, db: tx }` to run inside the caller's
 * transaction (events books its rooms that way).
 */
export type * from './types.js';
export { SPACE_KINDS, SEAT_ZONES, BOOKING_STATUSES } from './types.js';
export type { ResCtx } from './support.js';
export { merge, intersect, subtract, slots, covers, overlaps, onGrid, totalLength, type Interval } from './intervals.js';
export { DEFAULT_POLICY, getPolicy, setPolicy, type ReservationPolicy } from './policy.js';
export { checkBooking, lastBookableDay, READER_BOOKING_RULES, EVENT_BOOKING_RULES, type BookingFacts } from './rules/booking.js';
export { createSpace, getSpace, listSpaces, listSeats, addSeats, updateSpace, getSeat, seatByCode, updateSeat, type NewSpace, type NewSeat, type SpaceChanges } from './ops/spaces.js';
export { bookSeat, bookRoom, reserveSpaceForEvent, releaseEventSpace, type SeatRequest, type RoomRequest } from './ops/book.js';
export { checkIn, stepAway, endBooking, cancelBooking, getBooking, listReaderBookings, listLibraryBookings, checkInDeadline } from './ops/arrival.js';
export { computeAvailability, getAvailability, type Availability, type AvailabilityInput } from './ops/availability.js';
export { releaseNoShows, reservationJobs, listSuspensions, getSuspension, liftSuspension, type Suspension, type SweepResult } from './ops/no-shows.js';
export { reservationStats, type ReservationStats } from './ops/stats.js';
export { loadDemoReservations, type DemoReservations } from './demo.js';
