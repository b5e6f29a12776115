/**
 * Event routes. Public: the events calendar with filters, an event, its poster. Readers
 * (/api/me/events): register, cancel, join a membership series. Staff ('events.manage', own
 * library unless network-wide): publish, change, cancel, poster, registrations, door check-in,
 * statistics.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { BadRequest } from '../../kernel/errors.js';
import { addDays, getLibrary, localDay, zonedInstant } from '../consortium/index.js';
import { readerPrincipal } from '../patrons/index.js';
import { EventChangesBody, EventDto, NewEventBody, NewSeriesBody, RegistrationDto, toEventDto, toRegistrationDto } from './dto.js';
import { cancelEvent, createEvent, createSeries, getEvent, getPoster, listEvents, MAX_POSTER_BYTES, POSTER_TYPES, setPoster, updateEvent } from './ops/publish.js';
import { cancelRegistration, checkInAtDoor, joinSeries, leaveSeries, listEventRegistrations, listReaderRegistrations, register } from './ops/register.js';
import { eventStats } from './ops/stats.js';
import { AUDIENCES, EVENT_KINDS } from './types.js';

const tags = ['events'];
const security = [{ bearer: [] }];
const MANAGE = 'events.manage';
const IdParams = z.object({ id: z.uuid() });
const DaySchema = z.iso.date();

export async function eventRoutes(app: App, ctx: AppContext): Promise<void> {
  const guard = requireStaff(ctx, MANAGE);
  async function staffFor(req: FastifyRequest, libraryId: string) {
    const p = await staffPrincipal(ctx, req);
    requireLibraryScope(p, libraryId);
    return p;
  }
  app.addContentTypeParser([...POSTER_TYPES], { parseAs: 'buffer', bodyLimit: MAX_POSTER_BYTES }, (_req, body, done) => done(null, body));

  app.get('/api/events', {
    schema: {
      tags, summary: 'The events calendar (default: the next 31 days), filtered by library, kind, audience, dates',
      querystring: z.object({
        libraryId: z.string().max(64).optional(), kind: z.enum(EVENT_KINDS).optional(), audience: z.enum(AUDIENCES).optional(),
        from: DaySchema.optional(), to: DaySchema.optional(), seriesId: z.uuid().optional(),
      }),
      response: { 200: z.object({ items: z.array(EventDto) }) },
    },
  }, async (req) => {
    const q = req.query;
    const lib = q.libraryId ? await getLibrary(ctx, q.libraryId) : null;
    const tz = lib?.timeZone ?? ctx.config.timeZone;
    const from = q.from ?? localDay(ctx.clock.now(), tz);
    const to = q.to ?? addDays(from, 30);
    if (to < from) throw new BadRequest('INVALID_DATE_RANGE', 'to is before from.');
    const items = await listEvents(ctx, {
      libraryId: lib?.id, kind: q.kind, audience: q.audience, seriesId: q.seriesId,
      from: zonedInstant(from, 0, tz), to: zonedInstant(addDays(to, 1), 0, tz),
    });
    return { items: items.map(toEventDto) };
  });

  app.get('/api/events/:id', { schema: { tags, summary: 'An event', params: IdParams, response: { 200: EventDto } } }, async (req) => toEventDto(await getEvent(ctx, req.params.id)));

  app.get('/api/events/:id/poster', { schema: { tags, summary: 'The event’s poster image', params: IdParams } }, async (req, reply) => {
    const p = await getPoster(ctx, req.params.id);
    reply.header('content-type', p.type).header('cache-control', 'public, max-age=300');
    return reply.send(p.bytes);
  });

  // ---- staff ------------------------------------------------------------------------------------
  app.post('/api/events', {
    preHandler: guard, schema: { tags, security, summary: 'Publish an event (its room is booked under the reservation rules)', body: NewEventBody, response: { 201: EventDto } },
  }, async (req, reply) => {
    const lib = await getLibrary(ctx, req.body.libraryId);
    const p = await staffFor(req, lib.id);
    const e = await createEvent(ctx, { ...req.body, libraryId: lib.id, startsAt: new Date(req.body.startsAt), endsAt: new Date(req.body.endsAt), actor: `staff:${p.userId}` });
    reply.status(201);
    return toEventDto(e);
  });

  app.post('/api/events/series', {
    preHandler: guard,
    schema: { tags, security, summary: 'Publish a series of sessions; a membership series registers members for every session', body: NewSeriesBody, response: { 201: z.object({ seriesId: z.string(), events: z.array(EventDto) }) } },
  }, async (req, reply) => {
    const lib = await getLibrary(ctx, req.body.libraryId);
    const p = await staffFor(req, lib.id);
    const sessions = req.body.sessions.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
    const r = await createSeries(ctx, { ...req.body, libraryId: lib.id, sessions, actor: `staff:${p.userId}` });
    reply.status(201);
    return { seriesId: r.seriesId, events: r.events.map(toEventDto) };
  });

  app.patch('/api/events/:id', {
    preHandler: guard, schema: { tags, security, summary: 'Change an event’s description, audience or capacity', params: IdParams, body: EventChangesBody, response: { 200: EventDto } },
  }, async (req) => {
    await staffFor(req, (await getEvent(ctx, req.params.id)).libraryId);
    return toEventDto(await updateEvent(ctx, req.params.id, req.body));
  });

  app.post('/api/events/:id/cancel', {
    preHandler: guard, schema: { tags, security, summary: 'Cancel an event: the room is freed and registrants told', params: IdParams, response: { 200: EventDto } },
  }, async (req) => {
    const p = await staffFor(req, (await getEvent(ctx, req.params.id)).libraryId);
    return toEventDto(await cancelEvent(ctx, req.params.id, `staff:${p.userId}`));
  });

  app.put('/api/events/:id/poster', {
    preHandler: guard, schema: { tags, security, summary: 'Upload the poster (PNG, JPEG or WebP, at most 2 MB; send the image as the body)', params: IdParams },
  }, async (req, reply) => {
    await staffFor(req, (await getEvent(ctx, req.params.id)).libraryId);
    if (!Buffer.isBuffer(req.body)) throw new BadRequest('INVALID_POSTER', 'Send the image itself with its content type.');
    await setPoster(ctx, req.params.id, req.body, String(req.headers['content-type']).split(';')[0]);
    reply.status(204).send();
  });

  app.get('/api/events/:id/registrations', {
    preHandler: guard, schema: { tags, security, summary: 'Who is registered, waiting, and attended', params: IdParams, response: { 200: z.object({ items: z.array(RegistrationDto) }) } },
  }, async (req) => {
    await staffFor(req, (await getEvent(ctx, req.params.id)).libraryId);
    return { items: (await listEventRegistrations(ctx, req.params.id)).map(toRegistrationDto) };
  });

  app.post('/api/events/:id/check-in', {
    preHandler: guard,
    schema: { tags, security, summary: 'Door check-in: scan the reader’s QR card or barcode', params: IdParams, body: z.object({ card: z.string().min(1).max(200), walkIn: z.boolean().optional() }), response: { 200: RegistrationDto } },
  }, async (req) => {
    await staffFor(req, (await getEvent(ctx, req.params.id)).libraryId);
    return toRegistrationDto(await checkInAtDoor(ctx, { eventId: req.params.id, ...req.body }));
  });

  app.get('/api/events/stats', {
    preHandler: guard,
    schema: { tags, security, summary: 'Events held, registrations and attendance per library', querystring: z.object({ from: DaySchema, to: DaySchema, libraryId: z.string().max(64).optional() }) },
  }, async (req) => {
    const p = await staffPrincipal(ctx, req);
    const libraryId = req.query.libraryId ? (await getLibrary(ctx, req.query.libraryId)).id : p.allLibraries ? undefined : p.libraryId ?? undefined;
    if (libraryId) requireLibraryScope(p, libraryId);
    const tz = ctx.config.timeZone;
    return { items: await eventStats(ctx, { libraryId, from: zonedInstant(req.query.from, 0, tz), to: zonedInstant(addDays(req.query.to, 1), 0, tz) }) };
  });

  // ---- readers --------------------------------------------------------------------------------
  app.get('/api/me/events', { schema: { tags, security, summary: 'My registrations', response: { 200: z.object({ items: z.array(RegistrationDto) }) } } }, async (req) => {
    const { patronId } = await readerPrincipal(ctx, req);
    return { items: (await listReaderRegistrations(ctx, patronId)).map(toRegistrationDto) };
  });

  app.post('/api/me/events/:id/registration', {
    schema: { tags, security, summary: 'Register (or join the waiting list when full)', params: IdParams, response: { 201: RegistrationDto } },
  }, async (req, reply) => {
    const { patronId } = await readerPrincipal(ctx, req);
    reply.status(201);
    return toRegistrationDto(await register(ctx, { eventId: req.params.id, patronId }));
  });

  app.delete('/api/me/events/:id/registration', {
    schema: { tags, security, summary: 'Cancel my registration; the waiting list moves up', params: IdParams, response: { 200: RegistrationDto } },
  }, async (req) => toRegistrationDto(await cancelRegistration(ctx, { eventId: req.params.id, patronId: (await readerPrincipal(ctx, req)).patronId })));

  app.post('/api/me/event-series/:id/membership', {
    schema: { tags, security, summary: 'Join a membership series: registered for every session', params: IdParams, response: { 201: z.object({ items: z.array(RegistrationDto) }) } },
  }, async (req, reply) => {
    const { patronId } = await readerPrincipal(ctx, req);
    reply.status(201);
    return { items: (await joinSeries(ctx, { seriesId: req.params.id, patronId })).map(toRegistrationDto) };
  });

  app.delete('/api/me/event-series/:id/membership', { schema: { tags, security, summary: 'Leave a membership series', params: IdParams } }, async (req, reply) => {
    await leaveSeries(ctx, { seriesId: req.params.id, patronId: (await readerPrincipal(ctx, req)).patronId });
    reply.status(204).send();
  });
}
