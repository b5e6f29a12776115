/** The reservations module's HTTP shapes: zod schemas (validation and OpenAPI) and mappers. */
import { z } from 'zod';
import type { Interval } from './intervals.js';
import type { Availability } from './ops/availability.js';
import type { Suspension } from './ops/no-shows.js';
import { BOOKING_STATUSES, SEAT_ZONES, SPACE_KINDS, type Booking, type Seat, type Space } from './types.js';

const Instant = z.iso.datetime({ offset: true });
export const DaySchema = z.iso.date();

export const SpaceDto = z.object({
  id: z.string(), libraryId: z.string(), kind: z.enum(SPACE_KINDS), code: z.string(), name: z.string(), floor: z.string().nullable(),
  capacity: z.number().int(), equipment: z.array(z.string()), accessible: z.boolean(), inService: z.boolean(),
  outOfServiceReason: z.string().nullable(), seatCount: z.number().int().optional(),
});
export const SeatDto = z.object({
  id: z.string(), spaceId: z.string(), number: z.string(), zone: z.enum(SEAT_ZONES), accessible: z.boolean(), inService: z.boolean(),
  /** Only staff see the QR payload: readers get it by scanning the sticker. */
  code: z.string().optional(),
});
export const BookingDto = z.object({
  id: z.string(), libraryId: z.string(), spaceId: z.string(), seatId: z.string().nullable(), seatNumber: z.string().nullable(),
  kind: z.enum(['seat', 'room', 'event']), patronId: z.string().nullable(), eventId: z.string().nullable(), startsAt: z.string(), endsAt: z.string(),
  status: z.enum(BOOKING_STATUSES), partySize: z.number().nullable(), purpose: z.string().nullable(), checkedInAt: z.string().nullable(),
  awaySince: z.string().nullable(), endedAt: z.string().nullable(), createdAt: z.string(),
});
export const SuspensionDto = z.object({
  id: z.string(), libraryId: z.string(), patronId: z.string(), startsAt: z.string(), endsAt: z.string(), noShows: z.number(),
  reason: z.string(), liftedAt: z.string().nullable(), liftedBy: z.string().nullable(), active: z.boolean(),
});
const Span = z.object({ startsAt: z.string(), endsAt: z.string() });
export const AvailabilityDto = z.object({
  day: z.string(),
  slotMinutes: z.number(),
  opening: z.array(Span),
  spaces: z.array(z.object({
    id: z.string(), kind: z.enum(SPACE_KINDS), name: z.string(), capacity: z.number(), free: z.array(Span),
    slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), free: z.number() })),
  })),
  seats: z.array(z.object({ id: z.string(), spaceId: z.string(), number: z.string(), zone: z.enum(SEAT_ZONES), accessible: z.boolean(), free: z.array(Span) })),
});

export const NewSpaceBody = z.object({
  kind: z.enum(SPACE_KINDS), code: z.string().min(1).max(32), name: z.string().min(1).max(200), floor: z.string().max(50).nullish(),
  capacity: z.number().int().min(1).max(10000).optional(), equipment: z.array(z.string().min(1).max(100)).max(50).optional(), accessible: z.boolean().optional(),
  seats: z.array(z.object({ number: z.string().min(1).max(20), zone: z.enum(SEAT_ZONES).optional(), accessible: z.boolean().optional() })).max(5000).optional(),
});
export const SpaceChangesBody = z.object({
  name: z.string().min(1).max(200).optional(), floor: z.string().max(50).nullish(), capacity: z.number().int().min(1).max(10000).optional(),
  equipment: z.array(z.string().min(1).max(100)).max(50).optional(), accessible: z.boolean().optional(), inService: z.boolean().optional(),
  outOfServiceReason: z.string().max(500).nullish(),
});
export const SeatChangesBody = z.object({ zone: z.enum(SEAT_ZONES).optional(), accessible: z.boolean().optional(), inService: z.boolean().optional() });
export const PolicyDto = z.object({
  slotMinutes: z.union([z.literal(5), z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(60)]),
  bookingWindowDays: z.number().int().min(0).max(60),
  bookingOpensAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable(),
  maxSeatHoursPerDay: z.number().positive().max(24),
  maxOpenBookings: z.number().int().min(1).max(50),
  maxRoomHours: z.number().positive().max(24),
  roomGroups: z.array(z.string().min(1).max(40)).max(20),
  checkInEarlyMinutes: z.number().int().min(0).max(120),
  graceMinutes: z.number().int().min(1).max(240),
  awayMinutes: z.number().int().min(1).max(240),
  noShowLimit: z.number().int().min(1).max(100),
  noShowWindowDays: z.number().int().min(1).max(365),
  suspensionDays: z.number().int().min(1).max(365),
});
export const SeatBookingBody = z.object({
  seatId: z.uuid().optional(), spaceId: z.uuid().optional(), zone: z.enum(SEAT_ZONES).optional(), accessible: z.boolean().optional(),
  startsAt: Instant, endsAt: Instant,
});
export const RoomBookingBody = z.object({
  spaceId: z.uuid(), startsAt: Instant, endsAt: Instant, partySize: z.number().int().min(1).max(10000), purpose: z.string().max(500).nullish(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const span = (i: Interval) => ({ startsAt: new Date(i.start).toISOString(), endsAt: new Date(i.end).toISOString() });

export function toSpaceDto(s: Space & { seatCount?: number }) {
  return { ...s };
}
export function toSeatDto(s: Seat, withCode: boolean) {
  const { code, libraryId: _l, ...rest } = s;
  return withCode ? { ...rest, code } : rest;
}
export function toBookingDto(b: Booking) {
  return {
    ...b, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), checkedInAt: iso(b.checkedInAt), awaySince: iso(b.awaySince),
    endedAt: iso(b.endedAt), createdAt: b.createdAt.toISOString(),
  };
}
export function toSuspensionDto(s: Suspension) {
  return { ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), liftedAt: iso(s.liftedAt) };
}
export function toAvailabilityDto(a: Availability) {
  // A day's answer repeats a few dozen instants thousands of times (1,000 seats' free parts start
  // and end on the same slot boundaries): format each instant once.
  const formatted = new Map<number, string>();
  const at = (ms: number) => {
    let s = formatted.get(ms);
    if (s === undefined) formatted.set(ms, (s = new Date(ms).toISOString()));
    return s;
  };
  const span = (i: Interval) => ({ startsAt: at(i.start), endsAt: at(i.end) });
  return {
    day: a.day,
    slotMinutes: a.slotMinutes,
    opening: a.opening.map(span),
    spaces: a.spaces.map((s) => ({
      id: s.id, kind: s.kind, name: s.name, capacity: s.capacity, free: s.free.map(span),
      slots: s.slots.map((x) => ({ startsAt: at(x.start), endsAt: at(x.end), free: x.free })),
    })),
    seats: a.seats.map((s) => ({ id: s.id, spaceId: s.spaceId, number: s.number, zone: s.zone, accessible: s.accessible, free: s.free.map(span) })),
  };
}
