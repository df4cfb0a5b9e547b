// The office calendar (R1-R3): business days in Japan time, and the consultation slots
// of a day. Dates are `YYYY-MM-DD` in Asia/Tokyo; instants are UTC ISO-8601.
import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';
import { BUSINESS_ZONE } from './clock';

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

/** 祝日, 振替休日 and 国民の休日, as @holiday-jp/holiday_jp lists them. */
export function isNationalHoliday(date: string): boolean {
  let holiday = holidayCache.get(date);
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

function parseDate(date: string): DateTime {
  if (!DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const parsed = DateTime.fromISO(date, { zone: BUSINESS_ZONE });
  if (!parsed.isValid) throw new RangeError(`not a calendar date: ${date}`);
  return parsed;
}

export function jstDateOf(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return jstDateOfMs(ms);
}

export class BusinessCalendar {
  private readonly closures: ReadonlySet<string>;
  private readonly slotCache = new Map<string, Slot[]>();
  readonly hours: { open: string; close: string; slotMinutes: number };

  constructor(settings: CalendarSettings = {}) {
    this.closures = new Set(settings.closures ?? []);
    this.hours = settings.hours ?? { open: '10:00', close: '16:00', slotMinutes: 30 };
  }

  /** R2: Monday-Friday, not a national holiday, not 29 Dec - 3 Jan, not an office closure. */
  isBusinessDay(date: string): boolean {
    if (!DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
    const ms = Date.parse(`${date}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a calendar date: ${date}`);
    const weekday = new Date(ms).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    return !isNationalHoliday(date) && !isYearEndClosure(date) && !this.closures.has(date);
  }

  /** The n-th business day after `date` (n > 0) or before it (n < 0). */
  addBusinessDays(date: string, n: number): string {
    let day = parseDate(date);
    const step = n >= 0 ? 1 : -1;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      day = day.plus({ days: step });
      if (this.isBusinessDay(day.toISODate()!)) remaining -= 1;
    }
    return day.toISODate()!;
  }

  subtractBusinessDays(date: string, n: number): string {
    return this.addBusinessDays(date, -n);
  }

  /** R3: the slots of a business day (none on other days), e.g. 10:00 ... 15:30. */
  slotsOf(date: string): Slot[] {
    const cached = this.slotCache.get(date);
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
    if (this.slotCache.size > 5000) this.slotCache.clear();
    this.slotCache.set(date, slots);
    return slots;
  }

  /** R3: the start times of a day's slots, `HH:mm` in Japan time. */
  slotTimes(): string[] {
    const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    const times: string[] = [];
    for (let m = toMinutes(this.hours.open); m + this.hours.slotMinutes <= toMinutes(this.hours.close); m += this.hours.slotMinutes) {
      times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    }
    return times;
  }

  /** R2/R3: whether an instant is the start of a slot on a business day. */
  isSlotStart(instant: string): boolean {
    const start = DateTime.fromISO(instant, { setZone: true });
    if (!start.isValid) return false;
    const iso = new Date(start.toMillis()).toISOString();
    return this.slotsOf(jstDateOfMs(start.toMillis())).some((slot) => slot.start === iso);
  }
}
