/** The reservations module's values, as other modules and the routes see them. */
import type pg from 'pg';

export type SpaceKind = 'reading_room' | 'activity_room';
export const SPACE_KINDS = ['reading_room', 'activity_room'] as const;
export const SEAT_ZONES = ['general', 'quiet', 'power', 'children', 'computer'] as const;
export type SeatZone = (typeof SEAT_ZONES)[number];
export const BOOKING_STATUSES = ['booked', 'checked_in', 'away', 'completed', 'cancelled', 'no_show', 'released'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingKind = 'seat' | 'room' | 'event';

/** A reading room (阅览室) with seats, or an activity room (活动室) booked as a whole. */
export interface Space {
  id: string;
  libraryId: string;
  kind: SpaceKind;
  code: string;
  name: string;
  floor: string | null;
  capacity: number;
  equipment: string[];
  accessible: boolean;
  inService: boolean;
  outOfServiceReason: string | null;
}

export interface Seat {
  id: string;
  spaceId: string;
  libraryId: string;
  number: string;
  zone: SeatZone;
  accessible: boolean;
  inService: boolean;
  /** What the seat's QR sticker encodes. */
  code: string;
}

export interface Booking {
  id: string;
  libraryId: string;
  spaceId: string;
  seatId: string | null;
  seatNumber: string | null;
  kind: BookingKind;
  patronId: string | null;
  eventId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  partySize: number | null;
  purpose: string | null;
  checkedInAt: Date | null;
  awaySince: Date | null;
  endedAt: Date | null;
  createdAt: Date;
}

export const SPACE_COLUMNS = 'id, library_id, kind, code, name, floor, capacity, equipment, accessible, in_service, out_of_service_reason';
export const SEAT_COLUMNS = 'id, space_id, library_id, number, zone, accessible, in_service, code';
export const BOOKING_COLUMNS = `b.id, b.library_id, b.space_id, b.seat_id, s.number AS seat_number, b.kind, b.patron_id, b.event_id,
  b.starts_at, b.ends_at, b.status, b.party_size, b.purpose, b.checked_in_at, b.away_since, b.ended_at, b.created_at`;
export const BOOKING_FROM = 'reservations_booking b LEFT JOIN reservations_seat s ON s.id = b.seat_id';

export function toSpace(r: pg.QueryResultRow): Space {
  return {
    id: r.id, libraryId: r.library_id, kind: r.kind, code: r.code, name: r.name, floor: r.floor, capacity: r.capacity,
    equipment: r.equipment, accessible: r.accessible, inService: r.in_service, outOfServiceReason: r.out_of_service_reason,
  };
}

export function toSeat(r: pg.QueryResultRow): Seat {
  return { id: r.id, spaceId: r.space_id, libraryId: r.library_id, number: r.number, zone: r.zone, accessible: r.accessible, inService: r.in_service, code: r.code };
}

export function toBooking(r: pg.QueryResultRow): Booking {
  return {
    id: r.id, libraryId: r.library_id, spaceId: r.space_id, seatId: r.seat_id, seatNumber: r.seat_number ?? null, kind: r.kind,
    patronId: r.patron_id, eventId: r.event_id, startsAt: r.starts_at, endsAt: r.ends_at, status: r.status, partySize: r.party_size,
    purpose: r.purpose, checkedInAt: r.checked_in_at, awaySince: r.away_since, endedAt: r.ended_at, createdAt: r.created_at,
  };
}
