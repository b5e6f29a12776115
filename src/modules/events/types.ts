/** The events module's values. */
import type pg from 'pg';

export const EVENT_KINDS = ['lecture', 'exhibition', 'workshop', 'reading', 'tour'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const AUDIENCES = ['all', 'adult', 'teen', 'child', 'family', 'senior'] as const;
export type Audience = (typeof AUDIENCES)[number];
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';

export interface LibraryEvent {
  id: string;
  libraryId: string;
  seriesId: string | null;
  kind: EventKind;
  title: string;
  description: string;
  audience: Audience;
  startsAt: Date;
  endsAt: Date;
  spaceId: string | null;
  bookingId: string | null;
  place: string | null;
  /** null: no registration (walk in). */
  capacity: number | null;
  status: 'published' | 'cancelled';
  hasPoster: boolean;
  registered: number;
  waitlisted: number;
  attended: number;
}

export interface Registration {
  id: string;
  eventId: string;
  patronId: string;
  status: RegistrationStatus;
  viaSeries: boolean;
  /** 1-based place on the waiting list, for waitlisted registrations. */
  waitlistPosition: number | null;
  createdAt: Date;
  promotedAt: Date | null;
  checkedInAt: Date | null;
}

export const EVENT_COLUMNS = `e.id, e.library_id, e.series_id, e.kind, e.title, e.description, e.audience, e.starts_at, e.ends_at, e.space_id,
  e.booking_id, e.place, e.capacity, e.status, e.poster IS NOT NULL AS has_poster,
  (SELECT count(*)::int FROM events_registration r WHERE r.event_id = e.id AND r.status = 'registered') AS registered,
  (SELECT count(*)::int FROM events_registration r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted,
  (SELECT count(*)::int FROM events_registration r WHERE r.event_id = e.id AND r.checked_in_at IS NOT NULL) AS attended`;

export function toEvent(r: pg.QueryResultRow): LibraryEvent {
  return {
    id: r.id, libraryId: r.library_id, seriesId: r.series_id, kind: r.kind, title: r.title, description: r.description, audience: r.audience,
    startsAt: r.starts_at, endsAt: r.ends_at, spaceId: r.space_id, bookingId: r.booking_id, place: r.place, capacity: r.capacity,
    status: r.status, hasPoster: r.has_poster, registered: r.registered, waitlisted: r.waitlisted, attended: r.attended,
  };
}

export const REGISTRATION_COLUMNS = `r.id, r.event_id, r.patron_id, r.status, r.via_series, r.created_at, r.promoted_at, r.checked_in_at,
  CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*)::int FROM events_registration w
    WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.seq <= r.seq) END AS position`;

export function toRegistration(r: pg.QueryResultRow): Registration {
  return {
    id: r.id, eventId: r.event_id, patronId: r.patron_id, status: r.status, viaSeries: r.via_series, waitlistPosition: r.position ?? null,
    createdAt: r.created_at, promotedAt: r.promoted_at, checkedInAt: r.checked_in_at,
  };
}
