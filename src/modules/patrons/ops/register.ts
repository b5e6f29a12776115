/** 办证: registering a reader, looking readers up, changing their details. */
import { one } from '../../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound, refuse } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { encrypt, decrypt, hashIdentity, patronKeys } from '../secrets.js';
import { emailRefusal, idNumberRefusal, maskEmail, maskIdNumber, maskPhone, normalizeEmail, normalizeIdNumber, normalizePhone, phoneRefusal, pinRefusal, type IdType } from '../rules/identity.js';
import type { CardKind } from '../rules/cards.js';
import { groupByCode, inTx, loadPatron, mustLoadPatron, type Patron, type PatronsCtx } from './common.js';
import { issueCardTx } from './cards.js';
import { hashSecret } from '../../staff/index.js';

export interface NewPatron {
  name: string;
  idType: IdType;
  idNumber: string;
  phone?: string | null;
  /** For notices; kept encrypted, shown masked (a***@example.com). */
  email?: string | null;
  groupCode: string;
  homeLibraryId?: string | null;
  pin?: string;
  /** The physical (or union / e-student) card handed over at registration. */
  card?: { kind: Exclude<CardKind, 'virtual'>; number: string; expiresOn?: string };
  /** 'staff:<id>', 'demo', ... for the audit log */
  actor: string;
}

export async function registerPatron(ctx: PatronsCtx, input: NewPatron): Promise<Patron> {
  const now = ctx.clock.now();
  const idNumber = normalizeIdNumber(input.idType, input.idNumber);
  const phone = input.phone ? normalizePhone(input.phone) : null;
  const email = input.email ? normalizeEmail(input.email) : null;
  const group = await groupByCode(ctx.db, input.groupCode);
  refuse([
    input.name.trim() ? null : { code: 'NAME_REQUIRED', message: 'A reader needs a name.', parameter: { name: 'name' } },
    idNumberRefusal(input.idType, idNumber, now),
    phone ? phoneRefusal(phone) : null,
    email ? emailRefusal(email) : null,
    input.pin !== undefined ? pinRefusal(input.pin) : null,
    group ? null : { code: 'GROUP_UNKNOWN', message: `No reader group ${input.groupCode}.`, parameter: { name: 'groupCode', value: input.groupCode } },
  ]);
  const keys = await patronKeys(ctx);
  const idHash = hashIdentity(keys, input.idType, idNumber);
  const pinHash = input.pin !== undefined ? await hashSecret(input.pin) : null;
  return inTx(ctx, async (tx) => {
    const dup = await one<{ id: string }>(tx, `SELECT id FROM patrons_patron WHERE id_hash = $1 AND status = 'active'`, [idHash]);
    if (dup) throw new Conflict('PATRON_DUPLICATE', 'A reader with this ID document is already registered.', { patronId: dup.id });
    let id: string;
    try {
      const r = await one<{ id: string }>(
        tx,
        `INSERT INTO patrons_patron (name, id_type, id_hash, id_cipher, id_masked, phone_cipher, phone_masked, group_id,
           home_library_id, pin_hash, created_at, updated_at, email_cipher, email_masked)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13) RETURNING id`,
        [
          input.name.trim(),
          input.idType,
          idHash,
          encrypt(keys, idNumber, 'id'),
          maskIdNumber(input.idType, idNumber),
          phone ? encrypt(keys, phone, 'phone') : null,
          phone ? maskPhone(phone) : null,
          group!.id,
          input.homeLibraryId ?? null,
          pinHash,
          now,
          email ? encrypt(keys, email, 'email') : null,
          email ? maskEmail(email) : null,
        ],
      );
      id = r!.id;
    } catch (err) {
      // two desks registering the same person at once: the unique index decides
      if ((err as { code?: string }).code === '23505') throw new Conflict('PATRON_DUPLICATE', 'A reader with this ID document is already registered.');
      throw err;
    }
    const txCtx = { ...ctx, db: tx };
    await issueCardTx(txCtx, { patronId: id, kind: 'virtual', libraryId: input.homeLibraryId ?? null, actor: input.actor });
    if (input.card) {
      await issueCardTx(txCtx, { patronId: id, ...input.card, libraryId: input.homeLibraryId ?? null, actor: input.actor });
    }
    await audit(tx, { actor: input.actor, action: 'patrons.registered', subject: `patron:${id}`, details: { group: input.groupCode }, at: now });
    return mustLoadPatron(tx, id);
  });
}

export async function getPatron(ctx: Pick<PatronsCtx, 'db'>, patronId: string): Promise<Patron | null> {
  return loadPatron(ctx.db, patronId);
}

/** Duplicate check at the desk: by ID document, through the keyed hash (never a clear search). */
export async function findPatronByIdNumber(ctx: PatronsCtx, idType: IdType, idNumber: string): Promise<Patron | null> {
  const keys = await patronKeys(ctx);
  const r = await one<{ id: string }>(ctx.db, `SELECT id FROM patrons_patron WHERE id_hash = $1 AND status = 'active'`, [
    hashIdentity(keys, idType, normalizeIdNumber(idType, idNumber)),
  ]);
  return r ? loadPatron(ctx.db, r.id) : null;
}

export interface PatronChanges {
  name?: string;
  phone?: string | null;
  email?: string | null;
  groupCode?: string;
  homeLibraryId?: string | null;
}

export async function updatePatron(ctx: PatronsCtx, patronId: string, changes: PatronChanges, actor: string): Promise<Patron> {
  const phone = changes.phone ? normalizePhone(changes.phone) : changes.phone;
  const email = changes.email ? normalizeEmail(changes.email) : changes.email;
  const group = changes.groupCode ? await groupByCode(ctx.db, changes.groupCode) : null;
  refuse([
    phone ? phoneRefusal(phone) : null,
    email ? emailRefusal(email) : null,
    changes.groupCode && !group ? { code: 'GROUP_UNKNOWN', message: `No reader group ${changes.groupCode}.`, parameter: { name: 'groupCode' } } : null,
    changes.name !== undefined && !changes.name.trim() ? { code: 'NAME_REQUIRED', message: 'A reader needs a name.', parameter: { name: 'name' } } : null,
  ]);
  const keys = phone || email ? await patronKeys(ctx) : null;
  return inTx(ctx, async (tx) => {
    const p = await mustLoadPatron(tx, patronId, true);
    if (p.status !== 'active') throw new BadRequest('PATRON_MERGED', 'This reader was merged into another.');
    await tx.query(
      `UPDATE patrons_patron SET name = coalesce($2, name), group_id = coalesce($3, group_id),
         phone_cipher = CASE WHEN $4 THEN $5 ELSE phone_cipher END, phone_masked = CASE WHEN $4 THEN $6 ELSE phone_masked END,
         home_library_id = CASE WHEN $7 THEN $8::uuid ELSE home_library_id END, updated_at = $9,
         email_cipher = CASE WHEN $10 THEN $11 ELSE email_cipher END, email_masked = CASE WHEN $10 THEN $12 ELSE email_masked END
       WHERE id = $1`,
      [
        patronId,
        changes.name?.trim() ?? null,
        group?.id ?? null,
        phone !== undefined,
        phone ? encrypt(keys!, phone, 'phone') : null,
        phone ? maskPhone(phone) : null,
        changes.homeLibraryId !== undefined,
        changes.homeLibraryId ?? null,
        ctx.clock.now(),
        email !== undefined,
        email ? encrypt(keys!, email, 'email') : null,
        email ? maskEmail(email) : null,
      ],
    );
    await audit(tx, { actor, action: 'patrons.updated', subject: `patron:${patronId}`, details: { fields: Object.keys(changes) }, at: ctx.clock.now() });
    return mustLoadPatron(tx, patronId);
  });
}

/**
 * Where to send a reader's notices: name, e-mail and phone in clear, for the notice sender
 * only (it hands them to the SMTP server or the SMS/WeChat gateway and logs neither).
 */
export async function noticeContacts(ctx: PatronsCtx, patronIds: string[]): Promise<Map<string, { name: string; email: string | null; phone: string | null }>> {
  const out = new Map<string, { name: string; email: string | null; phone: string | null }>();
  if (!patronIds.length) return out;
  const rows = await ctx.db.query<{ id: string; name: string; email_cipher: string | null; phone_cipher: string | null }>(
    `SELECT id, name, email_cipher, phone_cipher FROM patrons_patron WHERE id = ANY($1::uuid[]) AND status = 'active'`,
    [patronIds],
  );
  const keys = rows.rows.length ? await patronKeys(ctx) : null;
  for (const r of rows.rows) {
    out.set(r.id, {
      name: r.name,
      email: r.email_cipher ? decrypt(keys!, r.email_cipher, 'email') : null,
      phone: r.phone_cipher ? decrypt(keys!, r.phone_cipher, 'phone') : null,
    });
  }
  return out;
}

/**
 * The clear ID number, for a lawful request handled by an administrator at the CLI. No HTTP
 * route calls this; every call is audited with its reason.
 */
export async function revealIdNumber(ctx: PatronsCtx, patronId: string, actor: string, reason: string): Promise<string> {
  if (!reason.trim()) throw new BadRequest('REASON_REQUIRED', 'Say why the ID number is needed.');
  const r = await one<{ id_cipher: string }>(ctx.db, 'SELECT id_cipher FROM patrons_patron WHERE id = $1', [patronId]);
  if (!r) throw new NotFound('PATRON_NOT_FOUND', 'No such reader.');
  await audit(ctx.db, { actor, action: 'patrons.id_revealed', subject: `patron:${patronId}`, details: { reason }, at: ctx.clock.now() });
  return decrypt(await patronKeys(ctx), r.id_cipher, 'id');
}
