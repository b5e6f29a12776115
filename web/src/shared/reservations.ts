/** Seats, rooms and events as the web app sees them (mirrors the server's DTOs), with helpers. */
import i18n from 'i18next';

export interface Space {
  id: string; libraryId: string; kind: 'reading_room' | 'activity_room'; code: string; name: string; floor: string | null; capacity: number;
  equipment: string[]; accessible: boolean; inService: boolean; outOfServiceReason: string | null; seatCount?: number;
}
export interface Seat { id: string; spaceId: string; number: string; zone: string; accessible: boolean; inService: boolean; code?: string }
export interface Span { startsAt: string; endsAt: string }
export interface AvailabilityView {
  day: string;
  slotMinutes: number;
  opening: Span[];
  spaces: { id: string; kind: Space['kind']; name: string; capacity: number; free: Span[]; slots: (Span & { free: number })[] }[];
  seats: { id: string; spaceId: string; number: string; zone: string; accessible: boolean; free: Span[] }[];
}
export interface Policy { slotMinutes: number; bookingWindowDays: number; maxSeatHoursPerDay: number; maxRoomHours: number; maxOpenBookings: number; graceMinutes: number; awayMinutes: number }
export interface Booking {
  id: string; libraryId: string; spaceId: string; seatId: string | null; seatNumber: string | null; kind: 'seat' | 'room' | 'event'; patronId: string | null;
  eventId: string | null; startsAt: string; endsAt: string; status: string; partySize: number | null; purpose: string | null;
  checkedInAt: string | null; awaySince: string | null; endedAt: string | null; createdAt: string;
}
export interface Suspension { id: string; libraryId: string; patronId: string; startsAt: string; endsAt: string; noShows: number; reason: string; liftedAt: string | null; active: boolean }
export interface LibraryEvent {
  id: string; libraryId: string; seriesId: string | null; kind: string; title: string; description: string; audience: string; startsAt: string; endsAt: string;
  spaceId: string | null; place: string | null; capacity: number | null; status: 'published' | 'cancelled'; posterUrl: string | null;
  registered: number; waitlisted: number; attended: number; placesLeft: number | null;
}
export interface Registration {
  id: string; eventId: string; patronId: string; status: 'registered' | 'waitlisted' | 'cancelled'; viaSeries: boolean; waitlistPosition: number | null;
  createdAt: string; promotedAt: string | null; checkedInAt: string | null;
}

export const SEAT_ZONES = ['general', 'quiet', 'power', 'children', 'computer'] as const;
export const EVENT_KINDS = ['lecture', 'exhibition', 'workshop', 'reading', 'tour'] as const;
export const AUDIENCES = ['all', 'adult', 'teen', 'child', 'family', 'senior'] as const;

const ZONE_KEYS: Record<string, string> = { general: 'zone.general', quiet: 'zone.quiet', power: 'zone.power', children: 'zone.children', computer: 'zone.computer' };
const KIND_KEYS: Record<string, string> = { lecture: 'eventKind.lecture', exhibition: 'eventKind.exhibition', workshop: 'eventKind.workshop', reading: 'eventKind.reading', tour: 'eventKind.tour' };
const AUDIENCE_KEYS: Record<string, string> = { all: 'audience.all', adult: 'audience.adult', teen: 'audience.teen', child: 'audience.child', family: 'audience.family', senior: 'audience.senior' };
const BOOKING_KEYS: Record<string, string> = {
  booked: 'bookingStatus.booked', checked_in: 'bookingStatus.checked_in', away: 'bookingStatus.away', completed: 'bookingStatus.completed',
  cancelled: 'bookingStatus.cancelled', no_show: 'bookingStatus.no_show', released: 'bookingStatus.released',
};
const REG_KEYS: Record<string, string> = { registered: 'regStatus.registered', waitlisted: 'regStatus.waitlisted', cancelled: 'regStatus.cancelled' };
const label = (map: Record<string, string>, code: string) => (map[code] ? i18n.t(map[code]) : code);
export const zoneLabel = (z: string) => label(ZONE_KEYS, z);
export const eventKindLabel = (k: string) => label(KIND_KEYS, k);
export const audienceLabel = (a: string) => label(AUDIENCE_KEYS, a);
export const bookingStatusLabel = (s: string) => label(BOOKING_KEYS, s);
export const regStatusLabel = (s: string) => label(REG_KEYS, s);
export const BOOKING_COLORS: Record<string, string> = { booked: 'blue', checked_in: 'green', away: 'orange', completed: 'default', cancelled: 'default', no_show: 'red', released: 'red' };

const ZONE = 'Asia/Shanghai';
/** 'HH:mm' of an instant in the network's zone. */
export function hhmm(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
/** Today's date 'YYYY-MM-DD' in the network's zone. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
export function addDaysIso(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** A day with its weekday, e.g. '11-28 周六' / '11-28 Sat'. */
export function dayLabel(day: string): string {
  const wd = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  return `${day.slice(5)} ${wd}`;
}
/** Is [start, end) inside one of the free spans? */
export function isFree(free: Span[], start: number, end: number): boolean {
  return free.some((s) => Date.parse(s.startsAt) <= start && Date.parse(s.endsAt) >= end);
}
/** An instant on a day at 'HH:mm' in the network's zone (UTC+8, no daylight saving). */
export function instantAt(day: string, time: string): string {
  return new Date(`${day}T${time}:00+08:00`).toISOString();
}
