/** The events module's HTTP shapes. */
import { z } from 'zod';
import { AUDIENCES, EVENT_KINDS, type LibraryEvent, type Registration } from './types.js';

const Instant = z.iso.datetime({ offset: true });

export const EventDto = z.object({
  id: z.string(), libraryId: z.string(), seriesId: z.string().nullable(), kind: z.enum(EVENT_KINDS), title: z.string(), description: z.string(),
  audience: z.enum(AUDIENCES), startsAt: z.string(), endsAt: z.string(), spaceId: z.string().nullable(), place: z.string().nullable(),
  capacity: z.number().nullable(), status: z.enum(['published', 'cancelled']), posterUrl: z.string().nullable(),
  registered: z.number(), waitlisted: z.number(), attended: z.number(), placesLeft: z.number().nullable(),
});
export const RegistrationDto = z.object({
  id: z.string(), eventId: z.string(), patronId: z.string(), status: z.enum(['registered', 'waitlisted', 'cancelled']), viaSeries: z.boolean(),
  waitlistPosition: z.number().nullable(), createdAt: z.string(), promotedAt: z.string().nullable(), checkedInAt: z.string().nullable(),
});

const EventFields = {
  libraryId: z.string().min(1).max(64),
  kind: z.enum(EVENT_KINDS),
  title: z.string().min(1).max(200),
  description: z.string().max(20_000).optional(),
  audience: z.enum(AUDIENCES).optional(),
  spaceId: z.uuid().nullish(),
  place: z.string().max(200).nullish(),
  capacity: z.number().int().min(1).max(100_000).nullish(),
};
export const NewEventBody = z.object({ ...EventFields, startsAt: Instant, endsAt: Instant });
export const NewSeriesBody = z.object({
  ...EventFields,
  membership: z.boolean().optional(),
  sessions: z.array(z.object({ startsAt: Instant, endsAt: Instant })).min(1).max(100),
});
export const EventChangesBody = z.object({
  title: z.string().min(1).max(200).optional(), description: z.string().max(20_000).optional(), audience: z.enum(AUDIENCES).optional(),
  capacity: z.number().int().min(1).max(100_000).nullish(), place: z.string().max(200).nullish(),
});

export function toEventDto(e: LibraryEvent) {
  const { hasPoster, bookingId: _b, ...rest } = e;
  return {
    ...rest,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    posterUrl: hasPoster ? `/api/events/${e.id}/poster` : null,
    placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.registered),
  };
}

export function toRegistrationDto(r: Registration) {
  return {
    ...r, createdAt: r.createdAt.toISOString(), promotedAt: r.promotedAt?.toISOString() ?? null, checkedInAt: r.checkedInAt?.toISOString() ?? null,
  };
}
