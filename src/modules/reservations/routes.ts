/**
 * Reservation routes. Public: rooms, seats and availability. Readers (/api/me/reservations):
 * book, cancel, check in by scanning the seat, step away, end. Staff ('reservations.manage',
 * own library unless network-wide): rooms, seats, rules, day lists, suspensions, kiosk check-in,
 * statistics.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { canActFor, hasPermission, principalOf, requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { BadRequest, Forbidden, Unauthorized } from '../../kernel/errors.js';
import { addDays, getLibrary, localDay, zonedInstant } from '../consortium/index.js';
import { readerPrincipal, resolveCard } from '../patrons/index.js';
import {
  AvailabilityDto, BookingDto, DaySchema, NewSpaceBody, PolicyDto, RoomBookingBody, SeatBookingBody, SeatChangesBody, SeatDto, SpaceChangesBody,
  SpaceDto, SuspensionDto, toAvailabilityDto, toBookingDto, toSeatDto, toSpaceDto, toSuspensionDto,
} from './dto.js';
import { getPolicy, setPolicy } from './policy.js';
import { addSeats, createSpace, getSeat, getSpace, listSeats, seatByCode, listSpaces, updateSeat, updateSpace } from './ops/spaces.js';
import { bookRoom, bookSeat } from './ops/book.js';
import { cancelBooking, checkIn, endBooking, getBooking, listLibraryBookings, listReaderBookings, stepAway } from './ops/arrival.js';
import { getAvailability } from './ops/availability.js';
import { getSuspension, liftSuspension, listSuspensions } from './ops/no-shows.js';
import { reservationStats } from './ops/stats.js';
import { SEAT_ZONES, SPACE_KINDS } from './types.js';

const tags = ['reservations'];
const security = [{ bearer: [] }];
const MANAGE = 'reservations.manage';
const LibraryParams = z.object({ libraryId: z.string().min(1).max(64) });
const IdParams = z.object({ id: z.uuid() });
const Items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export async function reservationRoutes(app: App, ctx: AppContext): Promise<void> {
  const guard = requireStaff(ctx, MANAGE);
  async function managed(req: FastifyRequest, libraryId: string): Promise<string> {
    requireLibraryScope(await staffPrincipal(ctx, req), libraryId);
    return libraryId;
  }
  const libraryOf = async (ref: string) => (await getLibrary(ctx, ref)).id;
  async function isManager(req: FastifyRequest, libraryId: string): Promise<boolean> {
    const p = await principalOf(ctx, req);
    return !!p && hasPermission(p, MANAGE) && canActFor(p, libraryId);
  }

  // ---- public: rooms, seats, availability -------------------------------------------------
  app.get('/api/reservations/libraries/:libraryId/spaces', {
    schema: { tags, summary: 'Reading rooms and activity rooms of a library', params: LibraryParams, querystring: z.object({ kind: z.enum(SPACE_KINDS).optional() }), response: { 200: Items(SpaceDto) } },
  }, async (req) => ({ items: (await listSpaces(ctx, await libraryOf(req.params.libraryId), req.query.kind)).map(toSpaceDto) }));

  app.get('/api/reservations/spaces/:id', {
    schema: { tags, summary: 'A room with its seats', params: IdParams, response: { 200: SpaceDto.extend({ seats: z.array(SeatDto) }) } },
  }, async (req) => {
    const space = await getSpace(ctx, req.params.id);
    const withCodes = await isManager(req, space.libraryId); // staff print the QR stickers
    return { ...toSpaceDto(space), seats: (await listSeats(ctx, space.id)).map((s) => toSeatDto(s, withCodes)) };
  });

  app.get('/api/reservations/libraries/:libraryId/availability', {
    schema: {
      tags, summary: 'Free seats and rooms on a day: opening hours minus bookings, slot by slot', params: LibraryParams,
      querystring: z.object({ day: DaySchema.optional(), spaceId: z.uuid().optional(), zone: z.enum(SEAT_ZONES).optional(), accessible: z.stringbool().optional() }),
      response: { 200: AvailabilityDto },
    },
  }, async (req) => {
    const lib = await getLibrary(ctx, req.params.libraryId);
    const day = req.query.day ?? localDay(ctx.clock.now(), lib.timeZone);
    return toAvailabilityDto(await getAvailability(ctx, { libraryId: lib.id, day, spaceId: req.query.spaceId, zone: req.query.zone, accessible: req.query.accessible }));
  });

  // ---- readers --------------------------------------------------------------------------------
  app.get('/api/me/reservations', {
    schema: { tags, security, summary: 'My bookings, newest first', querystring: z.object({ live: z.stringbool().optional() }), response: { 200: Items(BookingDto) } },
  }, async (req) => {
    const { patronId } = await readerPrincipal(ctx, req);
    return { items: (await listReaderBookings(ctx, patronId, { live: req.query.live })).map(toBookingDto) };
  });

  app.post('/api/me/reservations/seat', {
    schema: { tags, security, summary: 'Book a seat (seatId), or any free seat in a reading room (spaceId, zone)', body: SeatBookingBody, response: { 201: BookingDto } },
  }, async (req, reply) => {
    const { patronId } = await readerPrincipal(ctx, req);
    const b = req.body;
    const booking = await bookSeat(ctx, { ...b, patronId, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
    reply.status(201);
    return toBookingDto(booking);
  });

  app.post('/api/me/reservations/room', {
    schema: { tags, security, summary: 'Book an activity room for a group', body: RoomBookingBody, response: { 201: BookingDto } },
  }, async (req, reply) => {
    const { patronId } = await readerPrincipal(ctx, req);
    const b = req.body;
    const booking = await bookRoom(ctx, { ...b, patronId, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
    reply.status(201);
    return toBookingDto(booking);
  });

  app.post('/api/me/reservations/check-in', {
    schema: { tags, security, summary: 'Check in (or come back) by scanning the seat’s QR code', body: z.object({ seatCode: z.string().min(1).max(64) }), response: { 200: BookingDto } },
  }, async (req) => toBookingDto(await checkIn(ctx, { patronId: (await readerPrincipal(ctx, req)).patronId, seatCode: req.body.seatCode })));

  const readerActions = [
    ['check-in', 'Check in to this booking (rooms; seats can also be scanned)', (patronId: string, bookingId: string) => checkIn(ctx, { patronId, bookingId })],
    ['away', 'Step away for a while (暂离); the seat is kept', (patronId: string, bookingId: string) => stepAway(ctx, { patronId, bookingId })],
    ['back', 'Back from stepping away', (patronId: string, bookingId: string) => checkIn(ctx, { patronId, bookingId })],
    ['end', 'Leave early (签退); the rest of the time is freed', (patronId: string, bookingId: string) => endBooking(ctx, { patronId, bookingId })],
    ['cancel', 'Cancel before arriving; the slot is freed at once', (patronId: string, bookingId: string) => cancelBooking(ctx, { patronId, bookingId })],
  ] as const;
  for (const [path, summary, op] of readerActions) {
    app.post(`/api/me/reservations/:id/${path}`, { schema: { tags, security, summary, params: IdParams, response: { 200: BookingDto } } }, async (req) =>
      toBookingDto(await op((await readerPrincipal(ctx, req)).patronId, req.params.id)),
    );
  }

  // ---- staff ------------------------------------------------------------------------------------
  app.post('/api/reservations/libraries/:libraryId/spaces', {
    preHandler: guard, schema: { tags, security, summary: 'Describe a reading room (with seats) or an activity room', params: LibraryParams, body: NewSpaceBody, response: { 201: SpaceDto.extend({ seats: z.array(SeatDto) }) } },
  }, async (req, reply) => {
    const libraryId = await managed(req, await libraryOf(req.params.libraryId));
    const space = await createSpace(ctx, libraryId, req.body);
    reply.status(201);
    return { ...toSpaceDto(space), seats: space.seats.map((s) => toSeatDto(s, true)) };
  });

  app.patch('/api/reservations/spaces/:id', {
    preHandler: guard, schema: { tags, security, summary: 'Change a room, or take it out of service', params: IdParams, body: SpaceChangesBody, response: { 200: SpaceDto } },
  }, async (req) => {
    await managed(req, (await getSpace(ctx, req.params.id)).libraryId);
    return toSpaceDto(await updateSpace(ctx, req.params.id, req.body));
  });

  app.post('/api/reservations/spaces/:id/seats', {
    preHandler: guard,
    schema: { tags, security, summary: 'Add seats to a reading room', params: IdParams, body: z.object({ seats: NewSpaceBody.shape.seats.unwrap().min(1) }), response: { 201: Items(SeatDto) } },
  }, async (req, reply) => {
    await managed(req, (await getSpace(ctx, req.params.id)).libraryId);
    reply.status(201);
    return { items: (await addSeats(ctx, req.params.id, req.body.seats)).map((s) => toSeatDto(s, true)) };
  });

  app.patch('/api/reservations/seats/:id', {
    preHandler: guard, schema: { tags, security, summary: 'Change a seat, or take it out of service', params: IdParams, body: SeatChangesBody, response: { 200: SeatDto } },
  }, async (req) => {
    await managed(req, (await getSeat(ctx, req.params.id)).libraryId);
    return toSeatDto(await updateSeat(ctx, req.params.id, req.body), true);
  });

  app.get('/api/reservations/libraries/:libraryId/policy', {
    schema: { tags, summary: 'The library’s booking rules', params: LibraryParams, response: { 200: PolicyDto } },
  }, async (req) => (await getPolicy(ctx, await libraryOf(req.params.libraryId))) as z.infer<typeof PolicyDto>);

  app.patch('/api/reservations/libraries/:libraryId/policy', {
    preHandler: guard, schema: { tags, security, summary: 'Change some booking rules', params: LibraryParams, body: PolicyDto.partial(), response: { 200: PolicyDto } },
  }, async (req) => (await setPolicy(ctx, await managed(req, await libraryOf(req.params.libraryId)), req.body)) as z.infer<typeof PolicyDto>);

  app.get('/api/reservations/libraries/:libraryId/bookings', {
    preHandler: guard,
    schema: { tags, security, summary: 'A day’s bookings (the desk list)', params: LibraryParams, querystring: z.object({ day: DaySchema.optional(), spaceId: z.uuid().optional() }), response: { 200: Items(BookingDto) } },
  }, async (req) => {
    const lib = await getLibrary(ctx, req.params.libraryId);
    await managed(req, lib.id);
    const day = req.query.day ?? localDay(ctx.clock.now(), lib.timeZone);
    const from = zonedInstant(day, 0, lib.timeZone);
    const to = zonedInstant(addDays(day, 1), 0, lib.timeZone);
    return { items: (await listLibraryBookings(ctx, lib.id, from, to, req.query.spaceId)).map(toBookingDto) };
  });

  app.post('/api/reservations/bookings/:id/cancel', {
    preHandler: guard, schema: { tags, security, summary: 'Staff cancel a booking (the room is needed)', params: IdParams, response: { 200: BookingDto } },
  }, async (req) => {
    await managed(req, (await getBooking(ctx, req.params.id)).libraryId);
    return toBookingDto(await cancelBooking(ctx, { patronId: null, bookingId: req.params.id }));
  });

  app.get('/api/reservations/suspensions', {
    preHandler: guard,
    schema: { tags, security, summary: 'Booking suspensions after no-shows', querystring: z.object({ libraryId: z.string().max(64).optional(), patronId: z.uuid().optional(), active: z.stringbool().optional() }), response: { 200: Items(SuspensionDto) } },
  }, async (req) => {
    const p = await staffPrincipal(ctx, req);
    const libraryId = req.query.libraryId ? await libraryOf(req.query.libraryId) : p.allLibraries ? undefined : p.libraryId ?? undefined;
    if (libraryId) requireLibraryScope(p, libraryId);
    return { items: (await listSuspensions(ctx, { libraryId, patronId: req.query.patronId, activeOnly: req.query.active })).map(toSuspensionDto) };
  });

  app.post('/api/reservations/suspensions/:id/lift', {
    preHandler: guard, schema: { tags, security, summary: 'Lift a suspension', params: IdParams, body: z.object({ note: z.string().max(500).optional() }).nullish(), response: { 200: SuspensionDto } },
  }, async (req) => {
    const p = await staffPrincipal(ctx, req);
    requireLibraryScope(p, (await getSuspension(ctx, req.params.id)).libraryId);
    return toSuspensionDto(await liftSuspension(ctx, { suspensionId: req.params.id, actor: `staff:${p.userId}`, note: req.body?.note }));
  });

  app.post('/api/reservations/kiosk/check-in', {
    schema: { tags, security, summary: 'A kiosk or desk scans the reader’s card and the seat', body: z.object({ card: z.string().min(1).max(200), seatCode: z.string().min(1).max(64) }), response: { 200: BookingDto } },
  }, async (req) => {
    const p = await principalOf(ctx, req);
    if (!p) throw new Unauthorized('AUTH_REQUIRED', 'A kiosk key or a staff sign-in is needed.');
    const seat = await seatByCode(ctx, req.body.seatCode);
    const allowed = p.kind === 'device' ? canActFor(p, seat.libraryId) : hasPermission(p, MANAGE) && canActFor(p, seat.libraryId);
    if (!allowed) throw new Forbidden('PERMISSION_DENIED', 'This kiosk or staff member does not serve that library.');
    const { patron } = await resolveCard(ctx, req.body.card);
    return toBookingDto(await checkIn(ctx, { patronId: patron.id, seatCode: req.body.seatCode }));
  });

  app.get('/api/reservations/libraries/:libraryId/stats', {
    preHandler: guard,
    schema: { tags, security, summary: 'Seat occupancy by hour and room, no-show rates', params: LibraryParams, querystring: z.object({ from: DaySchema, to: DaySchema }) },
  }, async (req) => {
    const libraryId = await managed(req, await libraryOf(req.params.libraryId));
    if (req.query.to < req.query.from) throw new BadRequest('INVALID_DATE_RANGE', 'to is before from.');
    return reservationStats(ctx, { libraryId, ...req.query });
  });
}
