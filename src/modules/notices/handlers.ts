/**
 * Outbox events that become notices, handled in the dispatcher's transaction (so an event makes
 * its notice exactly once): a hold ready on the shelf, event reminders, a place from the waiting
 * list, a cancelled event, a reservation no-show and a booking suspension.
 */
import { registerOutboxHandler, type OutboxEvent, type OutboxHandler } from '../../kernel/jobs-outbox.js';
import { getItem } from '../inventory/index.js';
import { getEvent } from '../events/index.js';
import { Lookups, queueNotices } from './create.js';
import type { NewNotice } from './types.js';

type Ctx = Parameters<OutboxHandler>[0];

async function holdReady(ctx: Ctx, e: OutboxEvent): Promise<NewNotice | null> {
  const p = e.payload as { holdId: string; patronId: string; itemId: string; pickupServicePointId: string; shelfExpiresOn: string };
  const look = new Lookups(ctx.db);
  const item = await getItem(ctx.db, p.itemId).catch(() => null);
  const sp = await look.servicePoint(p.pickupServicePointId);
  const lib = await look.library(sp?.libraryId);
  const title = item ? (await look.titles([item.recordId])).get(item.recordId) : undefined;
  return {
    kind: 'hold_ready',
    subjectKey: `hold:${p.holdId}:${p.itemId}:${p.shelfExpiresOn}`,
    patronId: p.patronId,
    libraryId: sp?.libraryId ?? null,
    vars: {
      libraryName: lib?.name ?? null,
      libraryNameEn: lib?.nameEn ?? null,
      title: title ?? item?.barcode ?? '',
      pickupName: sp ? `${lib?.name ?? ''}${sp.name}` : '',
      pickupNameEn: sp ? `${lib?.nameEn ?? lib?.name ?? ''} ${sp.nameEn ?? sp.name}` : '',
      shelfExpiresOn: p.shelfExpiresOn,
      holdId: p.holdId,
    },
  };
}

async function eventNotice(ctx: Ctx, e: OutboxEvent): Promise<NewNotice | null> {
  const p = e.payload as { eventId: string; registrationId?: string; patronId: string; title: string; startsAt?: string; libraryId?: string; place?: string };
  const look = new Lookups(ctx.db);
  const libraryId = p.libraryId ?? (await getEvent(ctx, p.eventId).catch(() => null))?.libraryId ?? null;
  const kind = e.topic === 'events.reminder' ? 'event_reminder' : e.topic === 'events.promoted' ? 'event_promoted' : 'event_cancelled';
  return {
    kind,
    subjectKey: kind === 'event_cancelled' ? `event:${p.eventId}:${p.patronId}` : `registration:${p.registrationId}`,
    patronId: p.patronId,
    libraryId,
    vars: { ...(await look.libraryVars(libraryId)), title: p.title, startsAt: p.startsAt ?? null, place: p.place ?? null, eventId: p.eventId },
  };
}

async function reservationNotice(ctx: Ctx, e: OutboxEvent): Promise<NewNotice | null> {
  const p = e.payload as { bookingId?: string; patronId: string; libraryId: string; startsAt?: string; until?: string };
  const vars = { ...(await new Lookups(ctx.db).libraryVars(p.libraryId)) };
  if (e.topic === 'reservations.no_show') {
    return { kind: 'reservation_no_show', subjectKey: `booking:${p.bookingId}`, patronId: p.patronId, libraryId: p.libraryId, vars: { ...vars, startsAt: p.startsAt ?? null } };
  }
  return {
    kind: 'reservation_suspended',
    subjectKey: `suspension:${p.libraryId}:${p.patronId}:${p.until}`,
    patronId: p.patronId,
    libraryId: p.libraryId,
    vars: { ...vars, until: p.until ?? null },
  };
}

const make = (fn: (ctx: Ctx, e: OutboxEvent) => Promise<NewNotice | null>): OutboxHandler => async (ctx, e) => {
  const n = await fn(ctx, e);
  if (n) await queueNotices(ctx, [n]);
};

export const NOTICE_TOPICS = [
  'circulation.hold_ready', 'events.reminder', 'events.promoted', 'events.cancelled', 'reservations.no_show', 'reservations.suspended',
] as const;

const holdReadyHandler = make(holdReady);
const eventHandler = make(eventNotice);
const reservationHandler = make(reservationNotice);

/** Called when the notices module is loaded; idempotent. */
export function registerNoticeHandlers(): void {
  registerOutboxHandler(['circulation.hold_ready'], holdReadyHandler);
  registerOutboxHandler(['events.reminder', 'events.promoted', 'events.cancelled'], eventHandler);
  registerOutboxHandler(['reservations.no_show', 'reservations.suspended'], reservationHandler);
}
