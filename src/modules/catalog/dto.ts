/** Shapes the catalog and search APIs answer with (zod: they validate and feed OpenAPI). */
import { z } from 'zod';
import type { BibRecord } from './records.js';
import type { Item } from '../inventory/index.js';

export const SubfieldDto = z.object({ code: z.string(), value: z.string() });
export const FieldDto = z.union([
  z.object({ tag: z.string(), value: z.string() }),
  z.object({ tag: z.string(), ind1: z.string(), ind2: z.string(), subfields: z.array(SubfieldDto) }),
]);
export const MarcDto = z.object({ leader: z.string().length(24), fields: z.array(FieldDto).min(1).max(2000) });

export const DisplayDto = z.object({
  title: z.string(),
  titleVernacular: z.string().nullable(),
  otherTitles: z.array(z.string()),
  responsibility: z.string().nullable(),
  names: z.array(z.string()),
  subjects: z.array(z.string()),
  publisher: z.string().nullable(),
  place: z.string().nullable(),
  year: z.number().nullable(),
  isbns: z.array(z.string()),
  issns: z.array(z.string()),
  language: z.string().nullable(),
  materialType: z.string(),
  series: z.array(z.string()),
  classification: z.array(z.object({ scheme: z.string(), value: z.string() })),
  edition: z.string().nullable(),
  physical: z.string().nullable(),
  summary: z.string().nullable(),
  price: z.string().nullable(),
});

export const LibraryAvailabilityDto = z.object({
  libraryId: z.string(),
  libraryCode: z.string().nullable(),
  libraryName: z.string().nullable(),
  total: z.number(),
  available: z.number(),
});

export const ItemDto = z.object({
  id: z.string(),
  barcode: z.string(),
  libraryId: z.string(),
  locationId: z.string().nullable(),
  callNumber: z.string().nullable(),
  itemType: z.string(),
  status: z.string(),
  currentLibraryId: z.string().nullable(),
  priceFen: z.number().nullable(),
  volume: z.string().nullable(),
  publicNote: z.string().nullable(),
});

export const BibDto = z.object({
  id: z.string(),
  flavour: z.enum(['marc21', 'cnmarc']),
  generated: z.boolean(),
  display: DisplayDto,
  marc: MarcDto.optional(),
  items: z.array(ItemDto),
  availability: z.array(LibraryAvailabilityDto),
  updatedAt: z.string(),
  version: z.number(),
});

export function toItemDto(i: Item): z.infer<typeof ItemDto> {
  return {
    id: i.id, barcode: i.barcode, libraryId: i.libraryId, locationId: i.locationId, callNumber: i.callNumber, itemType: i.itemType,
    status: i.status, currentLibraryId: i.currentLibraryId, priceFen: i.priceFen, volume: i.volume, publicNote: i.publicNote,
  };
}

export type LibraryNames = Map<string, { code: string; name: string }>;

/** Copies per library and how many are on the shelf there now. */
export function availabilityOf(items: Item[], names: LibraryNames): z.infer<typeof LibraryAvailabilityDto>[] {
  const by = new Map<string, { total: number; available: number }>();
  for (const i of items) {
    if (i.status === 'withdrawn') continue;
    const at = i.status === 'available' ? i.currentLibraryId ?? i.libraryId : i.libraryId;
    const e = by.get(at) ?? { total: 0, available: 0 };
    e.total++;
    if (i.status === 'available') e.available++;
    by.set(at, e);
  }
  return [...by.entries()].map(([libraryId, v]) => ({
    libraryId, libraryCode: names.get(libraryId)?.code ?? null, libraryName: names.get(libraryId)?.name ?? null, ...v,
  }));
}

export function toBibDto(r: BibRecord, items: Item[], names: LibraryNames, withMarc: boolean): z.infer<typeof BibDto> {
  return {
    id: r.id, flavour: r.flavour, generated: r.generated, display: r.display as z.infer<typeof DisplayDto>,
    ...(withMarc ? { marc: r.marc as z.infer<typeof MarcDto> } : {}),
    items: items.map(toItemDto), availability: availabilityOf(items, names),
    updatedAt: new Date(r.updatedAt).toISOString(), version: r.version,
  };
}
