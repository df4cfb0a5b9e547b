// The office calendar (R1-R3): business days in Japan time, and the consultation slots
// of a day. Dates are `YYYY-MM-DD` in Asia/Tokyo; instants are UTC ISO-8601.
import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';

export interface CalendarSettings {
  /** Extra office closures, `YYYY-MM-DD`. */
  closures?: readonly string[];
  hours?: { open: string; close: string; slotMinutes: number };
}

export interface Slot {
  start: string;
  end: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const holidayCache = new Map<string, boolean>();

/**
 * Japan has kept no daylight saving time since 1951, so Asia/Tokyo is UTC+9 on every
 * date this system handles; plain arithmetic is exact and far cheaper than a time-zone
 * library on the hot path (availability over weeks of slots).
 */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of the Japan date an instant (ms since epoch) falls on. */
export function jstDateOfMs(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `HH:mm` in Japan time of an instant (ms since epoch). */
export function jstTimeOfMs(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(11, 16);
}

const DAY = 24 * 60 * 60 * 1000;

/** The instant (ms) the Japan day of the instant `ms` begins: midnight JST, by the same fixed offset. */
export function jstDayStartMs(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / DAY) * DAY - JST_OFFSET_MS;
}

/** The instant (ms) the Japan date `YYYY-MM-DD` begins (midnight JST). */
export function jstDateStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS;
}

// An instant as the API and the events write it: date, time to the millisecond at most, and a zone.
const PLAIN_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Milliseconds of an ISO-8601 instant, or NaN when it is not one. The form the API and
 * the events use is read with Date.parse after a strict check (Date.parse alone rolls
 * 2026-02-30 over into March); any other form goes to luxon, which read them all before,
 * so what is accepted does not change, only what the common case costs (luxon looks up
 * the zone on every parse: a tenth of scheduling's CPU under load).
 */
export function instantMs(text: string): number {
  const plain = typeof text === 'string' ? PLAIN_INSTANT.exec(text) : null;
  if (plain) {
    const day = Date.parse(`${plain[1]}T00:00:00Z`);
    if (!Number.isNaN(day) && new Date(day).toISOString().slice(0, 10) === plain[1]) return Date.parse(text);
  }
  const parsed = DateTime.fromISO(text);
  return parsed.isValid ? parsed.toMillis() : NaN;
}

/** 祝日, 振替休日 and 国民の休日, as @holiday-jp/holiday_jp lists them. */
export function isNationalHoliday(date: string): boolean {
  let holiday = holidayCache.get(date);
  // Stryker disable next-line ConditionalExpression: always asking the library gives the same answer, only slower
  if (holiday === undefined) {
    holiday = holidayJp.isHoliday(date);
    holidayCache.set(date, holiday);
  }
  return holiday;
}

/** R2: the year-end and new-year closure, 29 Dec - 3 Jan. */
export function isYearEndClosure(date: string): boolean {
  const monthDay = date.slice(5);
  return monthDay >= '12-29' || monthDay <= '01-03';
}

/**
 * Longest run of closed days a walk over the calendar accepts: the year-end closure and
 * Golden Week make runs of a week or so; a year without a business day is a wrong
 * closure list, which must not turn into a loop that never ends.
 */
const MAX_CLOSED_RUN_DAYS = 366;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** R3: hours `HH:mm`, a whole number of minutes per slot, and room for at least one slot. */
function checkedHours(hours: CalendarSettings['hours'] & object): { open: string; close: string; slotMinutes: number } {
  const { open, close, slotMinutes } = hours;
  if (
    !HHMM.test(open) ||
    !HHMM.test(close) ||
    !Number.isInteger(slotMinutes) ||
    slotMinutes < 1 ||
    toMinutes(open) + slotMinutes > toMinutes(close)
  )
    throw new RangeError(`consultation hours must be HH:mm to HH:mm with room for a slot: ${JSON.stringify(hours)}`);
  return { open, close, slotMinutes };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of a `YYYY-MM-DD` date in ms: a day number times a day, without a time-zone library. */
function dayMs(date: string): number {
  if (typeof date !== 'string' || !DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse takes 2026-02-30 as 2 March: such a date does not exist.
  if (Number.isNaN(ms) || dateOfDayMs(ms) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms;
}

const dateOfDayMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function jstDateOf(instant: string | Date): string {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return jstDateOfMs(ms);
}

export class BusinessCalendar {
  private readonly closures: ReadonlySet<string>;
  private readonly slotCache = new Map<string, Slot[]>();
  readonly hours: { open: string; close: string; slotMinutes: number };

  constructor(settings: CalendarSettings = {}) {
    // Office settings come from a file staff edit: a closure written '2026-12-2' would
    // silently close nothing, and a slot length of 0 would loop for ever on the first
    // availability query. Both stop the start with the value named instead.
    for (const closure of settings.closures ?? []) dayMs(closure);
    // Stryker disable next-line ArrayDeclaration: a made-up entry is no YYYY-MM-DD date, so it closes no day
    this.closures = new Set(settings.closures ?? []);
    this.hours = checkedHours(settings.hours ?? { open: '10:00', close: '16:00', slotMinutes: 30 });
  }

  /** R2: Monday-Friday, not a national holiday, not 29 Dec - 3 Jan, not an office closure. */
  isBusinessDay(date: string): boolean {
    const weekday = new Date(dayMs(date)).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    return !isNationalHoliday(date) && !isYearEndClosure(date) && !this.closures.has(date);
  }

  /** The n-th business day after `date` (n > 0) or before it (n < 0). */
  addBusinessDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of business days: ${n}`);
    let ms = dayMs(date);
    // Stryker disable next-line EqualityOperator: for n = 0 the walk takes no step, so > and >= agree
    const step = n >= 0 ? DAY_MS : -DAY_MS;
    let closedRun = 0;
    for (let remaining = Math.abs(n); remaining > 0;) {
      ms += step;
      if (this.isBusinessDay(dateOfDayMs(ms))) {
        remaining -= 1;
        closedRun = 0;
      } else if (++closedRun > MAX_CLOSED_RUN_DAYS) {
        throw new RangeError(`no business day within ${MAX_CLOSED_RUN_DAYS} days of ${date}: check the closures`);
      }
    }
    return dateOfDayMs(ms);
  }

  subtractBusinessDays(date: string, n: number): string {
    return this.addBusinessDays(date, -n);
  }

  /** R3: the slots of a business day (none on other days), e.g. 10:00 ... 15:30. */
  slotsOf(date: string): Slot[] {
    const cached = this.slotCache.get(date);
    // Stryker disable next-line ConditionalExpression: without the cache the same slots are made again, only slower
    if (cached) return cached;
    const slots: Slot[] = [];
    if (this.isBusinessDay(date)) {
      const midnight = Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS;
      const length = this.hours.slotMinutes * 60_000;
      for (const time of this.slotTimes()) {
        const start = midnight + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000;
        slots.push({ start: new Date(start).toISOString(), end: new Date(start + length).toISOString() });
      }
    }
    // Stryker disable next-line all: bounds the cache's memory; when it is emptied says nothing about the slots
    if (this.slotCache.size > 5000) this.slotCache.clear();
    this.slotCache.set(date, slots);
    return slots;
  }

  /** R3: the start times of a day's slots, `HH:mm` in Japan time. */
  slotTimes(): string[] {
    const times: string[] = [];
    for (
      let m = toMinutes(this.hours.open);
      m + this.hours.slotMinutes <= toMinutes(this.hours.close);
      m += this.hours.slotMinutes
    ) {
      times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    }
    return times;
  }

  /** R2/R3: whether an instant is the start of a slot on a business day. */
  isSlotStart(instant: string): boolean {
    // The instant only: the zone it was written in does not change its milliseconds.
    const ms = instantMs(instant);
    if (Number.isNaN(ms)) return false;
    const iso = new Date(ms).toISOString();
    return this.slotsOf(jstDateOfMs(ms)).some((slot) => slot.start === iso);
  }
}
