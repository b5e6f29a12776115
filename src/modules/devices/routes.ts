/**
 * The device API (/api/devices/...): the self-service operations as JSON for kiosks, return
 * machines and RFID stations that no longer speak SIP2, authenticated by a per-device
 * `X-Api-Key`. POSTs honour `Idempotency-Key` across processes (devices_idempotency). Also the
 * staff side (/api/admin/devices: accounts, live connections) and phone borrowing (/api/me/borrow).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { principalOf, registerCredentialResolver, requireLibraryScope, requireStaff, staffPrincipal, type Principal } from '../../kernel/auth.js';
import { Forbidden, NotFound, Refused, Unauthorized } from '../../kernel/errors.js';
import { getServicePoint, listServicePoints } from '../consortium/index.js';
import { qrTokenForPatron, readerPrincipal } from '../patrons/index.js';
import { deviceByApiKey, createDevice, listDevices, getDevice, setDeviceEnabled, rotateDeviceSecrets, DEVICE_KINDS, type Device } from './store.js';
import { once, requestHash } from './idempotency.js';
import { lookupPatron, lookupItem, lend, giveBack, renewItem, pay, request, day, needsDesensitiser } from './self-service.js';
import { say, refusalText, statusText, yuan } from './text.js';
import { liveConnections } from './connections.js';
import * as dto from './dto.js';

const tags = ['devices'];
const security = [{ deviceKey: [] }];
const IdemHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).passthrough();
const Barcode = z.string().min(1).max(60);

const devicesOf = new WeakMap<FastifyRequest, Device>();

async function resolveDeviceKey(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  const key = req.headers['x-api-key'];
  if (typeof key !== 'string') return null;
  const device = await deviceByApiKey(ctx.db, key);
  if (!device) return null;
  devicesOf.set(req, device);
  return { kind: 'device', deviceId: device.id, libraryId: device.libraryId, servicePointId: device.servicePointId };
}

export async function deviceRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCredentialResolver(resolveDeviceKey);
  const deviceOf = async (req: FastifyRequest): Promise<Device> => {
    const p = await principalOf(ctx, req);
    const d = devicesOf.get(req);
    if (!p) throw new Unauthorized('DEVICE_KEY_REQUIRED', 'Send the device API key in X-Api-Key.');
    if (p.kind !== 'device' || !d) throw new Forbidden('DEVICE_ONLY', 'Only self-service devices may call this.');
    return d;
  };
  /** Run a write once per Idempotency-Key (the retry gets the first answer, in any process). */
  const idem = async <T>(req: FastifyRequest, reply: FastifyReply, device: Device, fn: () => Promise<{ status: number; body: T }>): Promise<T> => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) {
      const r = await fn();
      reply.status(r.status);
      return r.body;
    }
    const r = await once(ctx.db, device.id, `api:${key}`, requestHash({ url: req.url, body: req.body }), fn);
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    reply.status(r.status);
    if (r.status >= 400) return reply.send(r.body) as never;
    return r.body as T;
  };
  const lang = (d: Device) => d.language;
  /** A reader who may act: found, right PIN (if sent). */
  const reader = async (d: Device, card: string, pin?: string) => {
    const p = await lookupPatron(ctx, card, pin ?? null);
    if (!p.found || !p.borrower) throw new Refused([p.problem ?? { code: 'CARD_NOT_FOUND', message: 'No card with this number.' }]);
    if (p.pin && !p.pin.ok) throw new Refused([{ code: p.pin.code, message: say(lang(d), p.pin.code === 'PIN_LOCKED' ? 'pinLocked' : 'pinInvalid'), parameter: { name: 'pin' } }]);
    return p.borrower;
  };

  app.get('/api/devices/me', { schema: { tags, security, summary: 'The calling device account', response: { 200: dto.DeviceDto } } }, async (req) => dto.toDeviceDto(await deviceOf(req)));

  app.post(
    '/api/devices/patron-status',
    { schema: { tags, security, summary: 'Patron status (SIP2 23/63): may this card borrow, what is owed', body: dto.CardBody, response: { 200: dto.PatronStatusDto } } },
    async (req) => {
      const d = await deviceOf(req);
      const p = await lookupPatron(ctx, req.body.card, req.body.pin ?? null);
      const reasons = p.refusals.map((r) => ({ code: r.code, message: refusalText(lang(d), r) }));
      return {
        valid: p.found, pinValid: p.pin ? p.pin.ok : null, maskedName: p.maskedName, mayBorrow: p.found && !p.refusals.length && (!p.pin || p.pin.ok),
        loans: p.loans, overdue: p.overdue, holdsReady: p.holdsReady, holdsWaiting: p.holdsWaiting, owedFen: p.owedFen, reasons,
        message: p.found ? (reasons[0]?.message ?? say(lang(d), 'patronOk', { name: p.maskedName })) : (reasons[0]?.message ?? say(lang(d), 'patronUnknown')),
      };
    },
  );

  app.post(
    '/api/devices/check-out',
    {
      schema: {
        tags, security, headers: IdemHeaders, summary: 'Check out (SIP2 11): the answer says to clear the RFID security',
        body: dto.CardBody.extend({ itemBarcode: Barcode }), response: { 200: dto.CheckOutDto, 201: dto.CheckOutDto },
      },
    },
    async (req, reply) => {
      const d = await deviceOf(req);
      return idem(req, reply, d, async () => {
        await reader(d, req.body.card, req.body.pin);
        const key = req.headers['idempotency-key'];
        const r = await lend(ctx, d, { card: req.body.card, itemBarcode: req.body.itemBarcode, requestKey: typeof key === 'string' ? `api:${d.id.slice(0, 8)}:${key}` : undefined });
        const due = day(ctx, r.loan.dueAt);
        return {
          status: r.alreadyLoaned ? 200 : 201,
          body: { loanId: r.loan.id, alreadyLoaned: r.alreadyLoaned, itemBarcode: r.loan.itemBarcode, title: r.title, dueAt: r.loan.dueAt.toISOString(), dueDay: due, security: 'clear' as const, message: say(lang(d), r.alreadyLoaned ? 'alreadyLoaned' : 'checkedOut', { due }) },
        };
      });
    },
  );

  app.post(
    '/api/devices/check-in',
    {
      schema: {
        tags, security, headers: IdemHeaders, summary: 'Check in (SIP2 09) with routing for a sorter: reshelve, hold shelf, or transit to which library',
        body: z.object({ itemBarcode: Barcode }), response: { 200: dto.CheckInDto },
      },
    },
    async (req, reply) => {
      const d = await deviceOf(req);
      return idem(req, reply, d, async () => {
        const r = await giveBack(ctx, d, req.body.itemBarcode);
        const fine = r.result.fineCharged ?? 0;
        const next = r.routing.action === 'hold_shelf' ? say(lang(d), 'holdShelf', { name: r.routing.holdFor?.maskedName ?? '' })
          : r.routing.action === 'transit' ? say(lang(d), 'transit', { library: r.routing.destination?.name ?? '' }) : say(lang(d), 'reshelve');
        return {
          status: 200,
          body: {
            itemBarcode: r.result.itemBarcode, title: r.title, action: r.routing.action, sortBin: r.routing.sortBin, destination: r.routing.destination,
            holdFor: r.routing.holdFor, fineChargedFen: fine, security: 'set' as const,
            message: `${fine ? say(lang(d), 'checkedInFine', { amount: yuan(fine) }) : say(lang(d), 'checkedIn')}；${next}`,
          },
        };
      });
    },
  );

  app.post(
    '/api/devices/renew',
    { schema: { tags, security, headers: IdemHeaders, summary: 'Renew one loan (SIP2 29)', body: dto.CardBody.extend({ itemBarcode: Barcode }), response: { 200: dto.RenewDto } } },
    async (req, reply) => {
      const d = await deviceOf(req);
      return idem(req, reply, d, async () => {
        const b = await reader(d, req.body.card, req.body.pin);
        const r = await renewItem(ctx, d, { patronId: b.patronId, itemBarcode: req.body.itemBarcode });
        const due = day(ctx, r.loan.dueAt);
        return { status: 200, body: { itemBarcode: r.loan.itemBarcode, title: r.title, dueAt: r.loan.dueAt.toISOString(), dueDay: due, message: say(lang(d), 'renewed', { due }) } };
      });
    },
  );

  app.get(
    '/api/devices/items/:barcode',
    { schema: { tags, security, summary: 'Item information (SIP2 17): status, due date, hold queue, security', params: z.object({ barcode: Barcode }), response: { 200: dto.ItemDto } } },
    async (req) => {
      const d = await deviceOf(req);
      const v = await lookupItem(ctx, req.params.barcode);
      if (!v) throw new NotFound('ITEM_NOT_FOUND', say(lang(d), 'itemUnknown', { barcode: req.params.barcode }));
      const { item, circulation: c } = v;
      return {
        barcode: item.barcode, title: v.title, status: item.status, statusText: statusText(lang(d), item.status), materialType: v.materialType,
        libraryId: item.libraryId, currentLibraryId: item.currentLibraryId, callNumber: item.callNumber, dueAt: c.loan?.dueAt.toISOString() ?? null,
        holdQueueLength: c.queueLength, holdShelfUntil: c.captured?.shelfExpiresOn ?? null, securityMarker: item.securityMarker,
        security: item.status === 'checked_out' ? ('clear' as const) : ('set' as const), properties: c.properties,
      };
    },
  );

  app.post(
    '/api/devices/fee-paid',
    {
      schema: {
        tags, security, headers: IdemHeaders, summary: 'A payment taken by the device (SIP2 37): one fee or oldest first. Send an Idempotency-Key',
        body: dto.CardBody.extend({ amountFen: z.number().int().positive().max(100_000_000), feeId: z.uuid().optional(), paymentMethod: z.string().max(40).optional() }),
        response: { 200: dto.FeePaidDto },
      },
    },
    async (req, reply) => {
      const d = await deviceOf(req);
      return idem(req, reply, d, async () => {
        const b = await reader(d, req.body.card, req.body.pin);
        const fees = await pay(ctx, d, { patronId: b.patronId, amountFen: req.body.amountFen, feeId: req.body.feeId, note: `device API ${d.login}${req.body.paymentMethod ? ' ' + req.body.paymentMethod : ''}` });
        return { status: 200, body: { accepted: true, amountFen: req.body.amountFen, feeIds: fees.map((f) => f.id), message: say(lang(d), 'feePaid', { amount: yuan(req.body.amountFen) }) } };
      });
    },
  );

  app.post(
    '/api/devices/holds',
    {
      schema: {
        tags, security, headers: IdemHeaders, summary: 'Place a hold (SIP2 15 +): a copy (itemBarcode), or its title (titleLevel / recordId)',
        body: dto.CardBody.extend({ itemBarcode: Barcode.optional(), recordId: z.uuid().optional(), titleLevel: z.boolean().default(true), pickup: z.string().max(60).optional(), expiresOn: z.iso.date().optional() }),
        response: { 201: dto.HoldDto },
      },
    },
    async (req, reply) => {
      const d = await deviceOf(req);
      return idem(req, reply, d, async () => {
        const b = await reader(d, req.body.card, req.body.pin);
        const h = await request(ctx, d, { patronId: b.patronId, itemBarcode: req.body.itemBarcode, recordId: req.body.recordId, titleLevel: req.body.titleLevel, pickup: req.body.pickup, expiresOn: req.body.expiresOn });
        const available = h.status === 'ready' || !!h.targetItemId;
        return {
          status: 201,
          body: { holdId: h.id, status: h.status, queuePosition: h.queuePosition, available, title: h.title, pickupServicePointId: h.pickupServicePointId, message: say(lang(d), available ? 'holdReadyNow' : 'holdPlaced', { position: h.queuePosition ?? 1 }) },
        };
      });
    },
  );

  // ---- staff: device accounts and live connections ----------------------------------------------
  const staffTags = ['devices (staff)'];
  const staffSecurity = [{ bearer: [] }];
  const manage = requireStaff(ctx, 'devices.manage');
  const Id = z.object({ id: z.string().min(1).max(80) });
  const scoped = async (req: FastifyRequest, libraryId: string) => {
    const p = await staffPrincipal(ctx, req);
    requireLibraryScope(p, libraryId);
    return `staff:${p.userId}`;
  };

  app.get('/api/admin/devices', { preHandler: manage, schema: { tags: staffTags, security: staffSecurity, summary: 'Device accounts with their last message and error counts', response: { 200: z.array(dto.DeviceDto) } } }, async (req) => {
    const p = await staffPrincipal(ctx, req);
    return (await listDevices(ctx.db, { libraryId: p.allLibraries ? null : p.libraryId })).map(dto.toDeviceDto);
  });

  app.get('/api/admin/devices/connections', { preHandler: manage, schema: { tags: staffTags, security: staffSecurity, summary: "This process's live SIP2 connections", response: { 200: z.array(dto.ConnectionDto) } } }, async () => liveConnections());

  app.post(
    '/api/admin/devices',
    {
      preHandler: manage,
      schema: {
        tags: staffTags, security: staffSecurity, summary: 'Create a device account (the SIP2 password and API key are shown once)',
        body: z.object({
          login: z.string().min(3).max(60), name: z.string().max(100).optional(), kind: z.enum(DEVICE_KINDS).default('kiosk'), servicePointId: z.uuid(),
          charset: z.enum(['utf8', 'gb18030', 'gbk', 'cp850', 'latin1']).default('utf8'), language: z.enum(['zh', 'en']).default('zh'),
          password: z.string().min(6).max(100).optional(), sip2: z.boolean().default(true), apiKey: z.boolean().default(false),
        }),
        response: { 201: dto.CreatedDeviceDto },
      },
    },
    async (req, reply) => {
      const actor = await scoped(req, (await getServicePoint(ctx.db, req.body.servicePointId)).libraryId);
      const r = await createDevice(ctx.db, { ...req.body, actor });
      reply.status(201);
      return { ...r, device: dto.toDeviceDto(r.device) };
    },
  );

  for (const [verb, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(`/api/admin/devices/:id/${verb}`, { preHandler: manage, schema: { tags: staffTags, security: staffSecurity, summary: `${verb[0].toUpperCase()}${verb.slice(1)} a device account`, params: Id, response: { 200: dto.DeviceDto } } }, async (req) => {
      const d = await getDevice(ctx.db, req.params.id);
      return dto.toDeviceDto(await setDeviceEnabled(ctx.db, { id: d.id, enabled, actor: await scoped(req, d.libraryId) }));
    });
  }

  app.post(
    '/api/admin/devices/:id/rotate',
    { preHandler: manage, schema: { tags: staffTags, security: staffSecurity, summary: 'New API key and/or SIP2 password (shown once)', params: Id, body: z.object({ apiKey: z.boolean().default(false), password: z.boolean().default(false) }), response: { 200: dto.CreatedDeviceDto } } },
    async (req) => {
      const d = await getDevice(ctx.db, req.params.id);
      const r = await rotateDeviceSecrets(ctx.db, { id: d.id, apiKey: req.body.apiKey, password: req.body.password, actor: await scoped(req, d.libraryId) });
      return { ...r, device: dto.toDeviceDto(r.device) };
    },
  );

  // ---- phone borrowing ---------------------------------------------------------------------------
  app.post(
    '/api/me/borrow',
    {
      schema: {
        tags: ['me'], security: staffSecurity, headers: IdemHeaders,
        summary: "Borrow with my phone: scan the item's barcode or QR code. Self-check rules apply; items with a security strip are refused (use a kiosk)",
        body: z.object({ code: z.string().min(1).max(300).describe('The scanned barcode, or a QR text ending in the barcode'), servicePointId: z.uuid().optional() }),
        response: { 200: dto.CheckOutDto, 201: dto.CheckOutDto },
      },
    },
    async (req, reply) => {
      const { patronId } = await readerPrincipal(ctx, req);
      const barcode = barcodeOf(req.body.code);
      const v = await lookupItem(ctx, barcode);
      if (!v) throw new NotFound('ITEM_NOT_FOUND', `No item with barcode ${barcode}.`);
      if (needsDesensitiser(v.item)) throw new Refused([{ code: 'MUST_USE_KIOSK', message: say('en', 'mustUseKiosk'), parameter: { name: 'code', value: barcode } }]);
      const here = v.item.currentLibraryId ?? v.item.libraryId;
      const sps = await listServicePoints(ctx.db, here);
      const sp = req.body.servicePointId ?? (sps.find((s) => s.kind === 'kiosk') ?? sps[0])?.id;
      if (!sp) throw new NotFound('SERVICE_POINT_NOT_FOUND', 'This library has no service point for self-service loans.');
      const { token } = await qrTokenForPatron(ctx, patronId);
      const key = req.headers['idempotency-key'];
      {
        const r = await lend(ctx, { id: patronId, servicePointId: sp }, { card: token, itemBarcode: barcode, servicePointId: sp, actor: { id: `patron:${patronId}` }, requestKey: typeof key === 'string' ? `phone:${key}` : undefined });
        const due = day(ctx, r.loan.dueAt);
        reply.status(r.alreadyLoaned ? 200 : 201);
        return { loanId: r.loan.id, alreadyLoaned: r.alreadyLoaned, itemBarcode: r.loan.itemBarcode, title: r.title, dueAt: r.loan.dueAt.toISOString(), dueDay: due, security: 'clear' as const, message: say('zh', r.alreadyLoaned ? 'alreadyLoaned' : 'checkedOut', { due }) };
      }
    },
  );
}

/** "T00000001", "https://lib.example/items/T00000001", "TYITEM:T00000001" -> "T00000001". */
export function barcodeOf(code: string): string {
  const s = code.trim();
  const tail = s.split(/[/:=?#&]/).filter(Boolean).pop() ?? s;
  return tail.trim();
}
