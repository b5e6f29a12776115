/**
 * Response shapes. Identity fields exist only masked: there is no DTO field that could carry a
 * clear ID number or phone number, for staff (of any rank) or for readers.
 */
import { z } from 'zod';
import type { Block, PatronStatus } from './ops/blocks.js';
import type { Card, Patron, ReaderGroup } from './ops/common.js';
import type { LedgerEntry, Balance } from './ops/ledger.js';

export const GroupDto = z.object({
  code: z.string(),
  name: z.string(),
  nameZh: z.string(),
  depositFen: z.number().int(),
  mayBorrowAdult: z.boolean(),
  mayBorrowChildren: z.boolean(),
  maxLoans: z.number().int(),
  cardValidityMonths: z.number().int().nullable(),
  creditWaiverAllowed: z.boolean(),
});

export const CardDto = z.object({
  id: z.string(),
  kind: z.enum(['barcode', 'virtual', 'union', 'e_student']),
  number: z.string(),
  status: z.enum(['active', 'lost', 'expired', 'replaced', 'withdrawn']),
  libraryId: z.string().nullable(),
  issuedAt: z.string(),
  expiresOn: z.string().nullable(),
  replacedBy: z.string().nullable(),
});

export const PatronDto = z.object({
  id: z.string(),
  name: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  emailMasked: z.string().nullable(),
  group: GroupDto,
  homeLibraryId: z.string().nullable(),
  status: z.enum(['active', 'merged']),
  mergedInto: z.string().nullable(),
  depositWaived: z.boolean(),
  pinSet: z.boolean(),
  createdAt: z.string(),
  cards: z.array(CardDto),
});

export const LedgerEntryDto = z.object({
  id: z.string(),
  kind: z.string(),
  amountFen: z.number().int(),
  at: z.string(),
  libraryId: z.string().nullable(),
  actor: z.string(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
});
export const BalanceDto = z.object({ depositHeldFen: z.number().int(), owedFen: z.number().int() });

export const BlockDto = z.object({
  id: z.string(),
  reason: z.string(),
  libraryId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});

const RefusalDto = z.object({ code: z.string(), message: z.string(), overridePermission: z.string().optional() });

export const StatusDto = z.object({
  patronId: z.string(),
  status: z.enum(['active', 'merged']),
  blocks: z.array(BlockDto),
  flags: z.object({
    depositRequiredFen: z.number().int(),
    depositHeldFen: z.number().int(),
    depositWaived: z.boolean(),
    depositSatisfied: z.boolean(),
    owedFen: z.number().int(),
    pinLocked: z.boolean(),
    hasUsableCard: z.boolean(),
  }),
  refusals: z.array(RefusalDto),
});

export function toGroupDto(g: ReaderGroup): z.infer<typeof GroupDto> {
  const { id: _id, ...rest } = g;
  return rest;
}

export function toCardDto(c: Card): z.infer<typeof CardDto> {
  return { id: c.id, kind: c.kind, number: c.number, status: c.status, libraryId: c.libraryId, issuedAt: c.issuedAt.toISOString(), expiresOn: c.expiresOn, replacedBy: c.replacedBy };
}

export function toPatronDto(p: Patron): z.infer<typeof PatronDto> {
  return {
    id: p.id,
    name: p.name,
    idType: p.idType,
    idNumberMasked: p.idNumberMasked,
    phoneMasked: p.phoneMasked,
    emailMasked: p.emailMasked,
    group: toGroupDto(p.group),
    homeLibraryId: p.homeLibraryId,
    status: p.status,
    mergedInto: p.mergedInto,
    depositWaived: p.depositWaived,
    pinSet: p.pinSet,
    createdAt: p.createdAt.toISOString(),
    cards: p.cards.map(toCardDto),
  };
}

export function toLedgerDto(e: LedgerEntry): z.infer<typeof LedgerEntryDto> {
  return { id: e.id, kind: e.kind, amountFen: e.amountFen, at: e.at.toISOString(), libraryId: e.libraryId, actor: e.actor, reference: e.reference, note: e.note };
}

export function toBlockDto(b: Block): z.infer<typeof BlockDto> {
  return { id: b.id, reason: b.reason, libraryId: b.libraryId, createdBy: b.createdBy, createdAt: b.createdAt.toISOString(), expiresAt: b.expiresAt?.toISOString() ?? null };
}

export function toStatusDto(s: PatronStatus): z.infer<typeof StatusDto> {
  return {
    ...s,
    blocks: s.blocks.map(toBlockDto),
    refusals: s.refusals.map((r) => ({ code: r.code, message: r.message, overridePermission: r.overridePermission })),
  };
}

export type { Balance };
