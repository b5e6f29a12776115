/**
 * /api/libraries: the network, its locations, service points and calendars.
 * Reads are public (readers choose pickup locations and look up opening hours); writes need
 * 'consortium.manage'. A manager acts for their own library; creating libraries, membership
 * changes and the network's structure (code, kind, parent, SIP2 id) need network-wide scope.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { BadRequest, Forbidden } from '../../kernel/errors.js';
import { addDays, daysBetween, describeDays, localDay, type Weekday } from './calendar.js';
import {
  CalendarDto, ClosedDayDto, DaySchema, ExceptionDto, LibraryChangesBody, LibraryDetailDto, LibraryDto, LocationDto,
  NewLibraryBody, NewLocationBody, NewServicePointBody, ServicePointDto, SpanSchema, WeekSchema, WeekdayHoursSchema,
  toLibraryDto, toLocationDto, toServicePointDto,
} from './dto.js';
import { createLibrary } from './ops/create-library.js';
import { updateLibrary } from './ops/update-library.js';
import { leaveNetwork, listMembershipPeriods, rejoinNetwork } from './ops/leave-network.js';
import { getLibrary, listLibraries } from './ops/get-library.js';
import { createLocation } from './ops/create-location.js';
import { listLocations } from './ops/list-locations.js';
import { createServicePoint } from './ops/create-service-point.js';
import { listServicePoints } from './ops/list-service-points.js';
import { getOpeningHours, setOpeningHours } from './ops/set-opening-hours.js';
import { addClosedDay, listCalendarExceptions, listClosedDays, removeClosedDay, removeSpecialHours, setSpecialHours } from './ops/closed-days.js';
import { getCalendar } from './ops/get-calendar.js';
import { LIBRARY_KINDS, type Library } from './types.js';

const tags = ['consortium'];
const security = [{ bearer: [] }];
const MANAGE = 'consortium.manage';
/** A calendar view covers at most a year; the reader app asks for a month. */
const MAX_CALENDAR_DAYS = 366;

/** :id is a library's UUID or its code (/api/libraries/CENTRAL). */
const LibraryParams = z.object({ id: z.string().min(1).max(64) });
const DateParams = LibraryParams.extend({ date: DaySchema });
const RangeQuery = z.object({ from: DaySchema.optional(), to: DaySchema.optional() });
const MembershipBody = z.object({ on: DaySchema.optional() }).nullish(); // a bodiless POST means today

export async function consortiumRoutes(app: App, ctx: AppContext): Promise<void> {
  /** The library named by :id, after checking that the caller may act for it. */
  async function managedLibrary(req: FastifyRequest, ref: string): Promise<Library> {
    const lib = await getLibrary(ctx, ref);
    requireLibraryScope(await staffPrincipal(ctx, req), lib.id);
    return lib;
  }
  async function requireNetworkScope(req: FastifyRequest): Promise<void> {
    const p = await staffPrincipal(ctx, req);
    if (!p.allLibraries) throw new Forbidden('NETWORK_SCOPE_REQUIRED', 'Only network-wide managers may change the network itself.');
  }
  const guard = requireStaff(ctx, MANAGE);

  app.get(
    '/api/libraries',
    {
      schema: {
        tags,
        summary: 'Member libraries, central first',
        querystring: z.object({ status: z.enum(['active', 'left']).optional(), kind: z.enum(LIBRARY_KINDS).optional(), parentId: z.string().max(64).optional() }),
        response: { 200: z.object({ items: z.array(LibraryDto) }) },
      },
    },
    async (req) => ({ items: (await listLibraries(ctx, req.query)).map(toLibraryDto) }),
  );

  app.get(
    '/api/libraries/:id',
    { schema: { tags, summary: 'A library with its locations, service points and membership periods', params: LibraryParams, response: { 200: LibraryDetailDto } } },
    async (req) => {
      const lib = await getLibrary(ctx, req.params.id);
      const [locations, servicePoints, memberships] = await Promise.all([
        listLocations(ctx, lib.id),
        listServicePoints(ctx, lib.id),
        listMembershipPeriods(ctx, lib.id),
      ]);
      return { ...toLibraryDto(lib), locations: locations.map(toLocationDto), servicePoints: servicePoints.map(toServicePointDto), memberships };
    },
  );

  app.post(
    '/api/libraries',
    { preHandler: guard, schema: { tags, security, summary: 'A library joins the network', body: NewLibraryBody, response: { 201: LibraryDto } } },
    async (req, reply) => {
      await requireNetworkScope(req);
      const lib = await createLibrary(ctx, req.body);
      reply.status(201);
      return toLibraryDto(lib);
    },
  );

  app.patch(
    '/api/libraries/:id',
    { preHandler: guard, schema: { tags, security, summary: 'Change a library’s particulars', params: LibraryParams, body: LibraryChangesBody, response: { 200: LibraryDto } } },
    async (req) => {
      const lib = await managedLibrary(req, req.params.id);
      const b = req.body;
      if (b.code !== undefined || b.kind !== undefined || b.parentId !== undefined || b.institutionId !== undefined) await requireNetworkScope(req);
      return toLibraryDto(await updateLibrary(ctx, lib.id, b));
    },
  );

  for (const [path, op, summary] of [
    ['leave', leaveNetwork, 'The library leaves the network (its history stays)'],
    ['rejoin', rejoinNetwork, 'The library rejoins the network'],
  ] as const) {
    app.post(
      `/api/libraries/:id/${path}`,
      { preHandler: guard, schema: { tags, security, summary, params: LibraryParams, body: MembershipBody, response: { 200: LibraryDto } } },
      async (req) => {
        await requireNetworkScope(req);
        const lib = await getLibrary(ctx, req.params.id);
        return toLibraryDto(await op(ctx, lib.id, { on: req.body?.on }));
      },
    );
  }

  app.get(
    '/api/libraries/:id/locations',
    { schema: { tags, summary: 'Shelving locations (馆藏地)', params: LibraryParams, response: { 200: z.object({ items: z.array(LocationDto) }) } } },
    async (req) => ({ items: (await listLocations(ctx, (await getLibrary(ctx, req.params.id)).id)).map(toLocationDto) }),
  );

  app.post(
    '/api/libraries/:id/locations',
    { preHandler: guard, schema: { tags, security, summary: 'Add a shelving location', params: LibraryParams, body: NewLocationBody, response: { 201: LocationDto } } },
    async (req, reply) => {
      const lib = await managedLibrary(req, req.params.id);
      reply.status(201);
      return toLocationDto(await createLocation(ctx, lib.id, req.body));
    },
  );

  app.get(
    '/api/libraries/:id/service-points',
    { schema: { tags, summary: 'Service points (服务点): desks, kiosks, return machines', params: LibraryParams, response: { 200: z.object({ items: z.array(ServicePointDto) }) } } },
    async (req) => ({ items: (await listServicePoints(ctx, (await getLibrary(ctx, req.params.id)).id)).map(toServicePointDto) }),
  );

  app.post(
    '/api/libraries/:id/service-points',
    { preHandler: guard, schema: { tags, security, summary: 'Add a service point', params: LibraryParams, body: NewServicePointBody, response: { 201: ServicePointDto } } },
    async (req, reply) => {
      const lib = await managedLibrary(req, req.params.id);
      reply.status(201);
      return toServicePointDto(await createServicePoint(ctx, lib.id, req.body));
    },
  );

  const WeekResponse = z.object({ weekly: z.array(WeekdayHoursSchema) });
  app.get(
    '/api/libraries/:id/opening-hours',
    { schema: { tags, summary: 'Weekly opening hours, Monday (1) to Sunday (7)', params: LibraryParams, response: { 200: WeekResponse } } },
    async (req) => ({ weekly: await getOpeningHours(ctx, (await getLibrary(ctx, req.params.id)).id) }),
  );

  app.put(
    '/api/libraries/:id/opening-hours',
    { preHandler: guard, schema: { tags, security, summary: 'Replace the weekly opening hours; weekdays left out are closed', params: LibraryParams, body: WeekSchema, response: { 200: WeekResponse } } },
    async (req) => {
      const lib = await managedLibrary(req, req.params.id);
      const week = req.body.weekly.map((d) => ({ weekday: d.weekday as Weekday, spans: d.spans }));
      return { weekly: await setOpeningHours(ctx, lib.id, week) };
    },
  );

  app.get(
    '/api/libraries/:id/closed-days',
    { schema: { tags, summary: 'Closed days (holidays, closures)', params: LibraryParams, querystring: RangeQuery, response: { 200: z.object({ items: z.array(ClosedDayDto) }) } } },
    async (req) => ({ items: await listClosedDays(ctx, (await getLibrary(ctx, req.params.id)).id, req.query) }),
  );

  app.post(
    '/api/libraries/:id/closed-days',
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: 'Close the library on a date, or from date to until (e.g. 国庆节 10-01..10-07)',
        params: LibraryParams,
        body: z.object({ date: DaySchema, until: DaySchema.optional(), name: z.string().min(1).max(200) }),
        response: { 201: z.object({ items: z.array(ClosedDayDto) }) },
      },
    },
    async (req, reply) => {
      const lib = await managedLibrary(req, req.params.id);
      reply.status(201);
      return { items: await addClosedDay(ctx, lib.id, req.body) };
    },
  );

  app.delete(
    '/api/libraries/:id/closed-days/:date',
    { preHandler: guard, schema: { tags, security, summary: 'Reopen a closed day', params: DateParams } },
    async (req, reply) => {
      const lib = await managedLibrary(req, req.params.id);
      await removeClosedDay(ctx, lib.id, req.params.date);
      reply.status(204).send();
    },
  );

  app.get(
    '/api/libraries/:id/special-hours',
    { schema: { tags, summary: 'Dates with special opening hours', params: LibraryParams, querystring: RangeQuery, response: { 200: z.object({ items: z.array(ExceptionDto) }) } } },
    async (req) => {
      const all = await listCalendarExceptions(ctx, (await getLibrary(ctx, req.params.id)).id, req.query);
      return { items: all.filter((e) => e.spans.length > 0) };
    },
  );

  app.put(
    '/api/libraries/:id/special-hours/:date',
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: 'Special opening hours on one date (replaces a closed day there)',
        params: DateParams,
        body: z.object({ name: z.string().min(1).max(200), spans: z.array(SpanSchema).min(1).max(8) }),
        response: { 200: ExceptionDto },
      },
    },
    async (req) => {
      const lib = await managedLibrary(req, req.params.id);
      return setSpecialHours(ctx, lib.id, { date: req.params.date, ...req.body });
    },
  );

  app.delete(
    '/api/libraries/:id/special-hours/:date',
    { preHandler: guard, schema: { tags, security, summary: 'Back to the weekly hours on that date', params: DateParams } },
    async (req, reply) => {
      const lib = await managedLibrary(req, req.params.id);
      await removeSpecialHours(ctx, lib.id, req.params.date);
      reply.status(204).send();
    },
  );

  app.get(
    '/api/libraries/:id/calendar',
    {
      schema: {
        tags,
        summary: 'Open or closed, with opening spans, day by day (default: 31 days from today)',
        params: LibraryParams,
        querystring: RangeQuery,
        response: { 200: CalendarDto },
      },
    },
    async (req) => {
      const lib = await getLibrary(ctx, req.params.id);
      const from = req.query.from ?? localDay(ctx.clock.now(), lib.timeZone);
      const to = req.query.to ?? addDays(from, 30);
      const span = daysBetween(from, to);
      if (span < 0) throw new BadRequest('INVALID_DATE_RANGE', 'to is before from.');
      if (span >= MAX_CALENDAR_DAYS) throw new BadRequest('INVALID_DATE_RANGE', `At most ${MAX_CALENDAR_DAYS} days at once.`);
      const calendar = await getCalendar(ctx, lib.id);
      return { libraryId: lib.id, timeZone: lib.timeZone, from, to, days: describeDays(calendar, from, to) };
    },
  );
}
