/** The consortium's HTTP shapes: zod schemas (validation and OpenAPI) and mappers. */
import { z } from 'zod';
import { LIBRARY_KINDS, SERVICE_POINT_KINDS, type Library, type Location, type ServicePoint } from './types.js';

export const DaySchema = z.iso.date();
const Name = z.string().min(1).max(200);
const Code = z.string().min(1).max(32);

export const SpanSchema = z.object({
  opens: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  closes: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM or 24:00'),
});
export const WeekdayHoursSchema = z.object({ weekday: z.number().int().min(1).max(7), spans: z.array(SpanSchema).max(8) });
export const WeekSchema = z.object({ weekly: z.array(WeekdayHoursSchema).max(7) });

export const LibraryDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: z.enum(LIBRARY_KINDS),
  parentId: z.string().nullable(),
  institutionId: z.string().nullable(),
  timeZone: z.string(),
  status: z.enum(['active', 'left']),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const LocationDto = z.object({
  id: z.string(),
  libraryId: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  forLoan: z.boolean(),
});

export const ServicePointDto = z.object({
  id: z.string(),
  libraryId: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: z.enum(SERVICE_POINT_KINDS),
  pickupLocation: z.boolean(),
  holdShelfDays: z.number().nullable(),
});

export const LibraryDetailDto = LibraryDto.extend({
  locations: z.array(LocationDto),
  servicePoints: z.array(ServicePointDto),
  memberships: z.array(z.object({ joinedOn: z.string(), leftOn: z.string().nullable() })),
});

export const ClosedDayDto = z.object({ date: z.string(), name: z.string() });
export const ExceptionDto = z.object({ date: z.string(), name: z.string(), spans: z.array(SpanSchema) });

export const CalendarDto = z.object({
  libraryId: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number(),
      open: z.boolean(),
      spans: z.array(SpanSchema),
      exception: z.string().nullable(),
    }),
  ),
});

export const NewLibraryBody = z.object({
  code: Code,
  name: Name,
  nameEn: Name.nullable().optional(),
  kind: z.enum(LIBRARY_KINDS),
  parentId: z.string().max(64).nullable().optional(),
  institutionId: z.string().min(1).max(32).nullable().optional(),
  timeZone: z.string().min(1).max(64).optional(),
  joinedOn: DaySchema.optional(),
});

export const LibraryChangesBody = z
  .object({
    code: Code,
    name: Name,
    nameEn: Name.nullable(),
    kind: z.enum(LIBRARY_KINDS),
    parentId: z.string().max(64).nullable(),
    institutionId: z.string().min(1).max(32).nullable(),
    timeZone: z.string().min(1).max(64),
  })
  .partial()
  .strict();

export const NewLocationBody = z.object({ code: Code, name: Name, nameEn: Name.nullable().optional(), forLoan: z.boolean().optional() });

export const NewServicePointBody = z.object({
  code: Code,
  name: Name,
  nameEn: Name.nullable().optional(),
  kind: z.enum(SERVICE_POINT_KINDS).optional(),
  pickupLocation: z.boolean().optional(),
  holdShelfDays: z.number().int().min(1).max(90).nullable().optional(),
});

export function toLibraryDto(l: Library): z.infer<typeof LibraryDto> {
  return { ...l, createdAt: l.createdAt.toISOString(), updatedAt: l.updatedAt.toISOString() };
}

export function toLocationDto(l: Location): z.infer<typeof LocationDto> {
  return { ...l };
}

export function toServicePointDto(s: ServicePoint): z.infer<typeof ServicePointDto> {
  return { ...s };
}
