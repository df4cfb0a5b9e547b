// The calendar rules of a reservation (R5-R7, R15, R17, R18, R23), as pure functions of
// instants and the office calendar.
import {
  instantMs,
  isNationalHoliday,
  isYearEndClosure,
  jstDateOf,
  jstDateStartMs,
  jstDayStartMs,
  type BusinessCalendar,
} from '@soudan/time';
import { DomainError } from './domain-error';

/** R5: business days between the request day and the desired day. */
export const LEAD_BUSINESS_DAYS = 2;
/** R7: business days the office has to answer. */
export const ANSWER_BUSINESS_DAYS = 3;
/** R18: minutes after the start without a join or check-in that make a no-show. */
export const NO_SHOW_MINUTES = 10;
/** R15: the join link opens this many minutes before the start. */
export const JOIN_OPENS_MINUTES = 15;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

// Japan time is UTC+9 on every date this system handles (no daylight saving since 1951):
// the rules below are fixed-offset arithmetic, not a time-zone library (which looked the
// zone up on every call: the timer runner asks for every reservation every second).
const iso = (ms: number): string => new Date(ms).toISOString();

const endOfJstDay = (date: string): string => iso(jstDateStartMs(date) + DAY_MS - 1);

export const toUtcIso = (instant: string): string => new Date(instant).toISOString();

/**
 * R2/R3/R5 for one desired or offered slot: a slot start on a business day, not in the
 * past, and (unless overridden) at least two business days after the request day.
 */
export function checkSlot(calendar: BusinessCalendar, slot: string, now: string, options: { leadTime: boolean }): void {
  if (Number.isNaN(instantMs(slot)))
    throw new DomainError('VALIDATION_FAILED', `not an instant: ${slot}`, {
      fields: { desiredSlots: [`${slot} is not an ISO-8601 instant`] },
    });
  const date = jstDateOf(slot);
  if (!calendar.isBusinessDay(date))
    throw new DomainError('NOT_BUSINESS_DAY', `${date} is not a business day`, { slot, date });
  if (!calendar.isSlotStart(slot)) {
    throw new DomainError('OUTSIDE_HOURS', `${slot} is not the start of a consultation slot`, {
      slot,
      hours: calendar.hours,
    });
  }
  if (toUtcIso(slot) <= toUtcIso(now)) throw new DomainError('SLOT_IN_PAST', `${slot} has already begun`, { slot });
  if (options.leadTime && !leadTimeMet(calendar, date, now)) {
    const requestDate = jstDateOf(now);
    const latestRequestDate = calendar.subtractBusinessDays(date, LEAD_BUSINESS_DAYS);
    throw new DomainError('LEAD_TIME', `requests for ${date} had to arrive by ${latestRequestDate}`, {
      slot,
      earliestDate: calendar.addBusinessDays(requestDate, LEAD_BUSINESS_DAYS),
      latestRequestDate,
    });
  }
}

/** R5: a request made at `now` may ask for the business day `date` (`requestDate <= date - 2 business days`). */
export function leadTimeMet(calendar: BusinessCalendar, date: string, now: string): boolean {
  return jstDateOf(now) <= calendar.subtractBusinessDays(date, LEAD_BUSINESS_DAYS);
}

/** Why a request could not ask for a slot that starts on a business day at a slot start (the codes checkSlot refuses with). */
export type SlotRefusal = 'NOT_BUSINESS_DAY' | 'SLOT_IN_PAST' | 'LEAD_TIME' | 'SLOT_FULL';

/** R2: why a day is not a business day, for people reading a calendar. */
export type ClosedBecause = 'weekend' | 'national_holiday' | 'year_end' | 'office_closure';

export function closedBecause(calendar: BusinessCalendar, date: string): ClosedBecause | null {
  if (calendar.isBusinessDay(date)) return null;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return 'weekend';
  if (isNationalHoliday(date)) return 'national_holiday';
  if (isYearEndClosure(date)) return 'year_end';
  return 'office_closure';
}

// The zone a slot was written in never matters below: each result is read as an instant
// or moved to Japan time first, so slots are parsed without keeping their own zone.

/** R6: an offered slot can be chosen until 23:59:59 JST of the calendar day before it. */
export function confirmationDeadline(slot: string): string {
  return iso(jstDayStartMs(instantMs(slot)) - 1);
}

/** R7: no offer by the end of the 3rd business day after the request day is overdue. */
export function answerDueBy(calendar: BusinessCalendar, requestedAt: string): string {
  return endOfJstDay(calendar.addBusinessDays(jstDateOf(requestedAt), ANSWER_BUSINESS_DAYS));
}

/** R17: a seeker may cancel online until the day before; on the JST date itself only by phone. */
export function isSameDay(slot: string, now: string): boolean {
  return jstDateOf(slot) <= jstDateOf(now);
}

export function noShowAt(slot: string): string {
  return iso(instantMs(slot) + NO_SHOW_MINUTES * MINUTE_MS);
}

/** The reminder goes out the day before, at 10:00 JST (the start of office hours). */
export function reminderAt(slot: string): string {
  return iso(jstDayStartMs(instantMs(slot)) - DAY_MS + 10 * 60 * MINUTE_MS);
}

/** R15: the join link works from 15 minutes before the start to the end of the slot. */
export function joinWindow(slot: string, end: string): { opens: string; closes: string } {
  return {
    opens: iso(instantMs(slot) - JOIN_OPENS_MINUTES * MINUTE_MS),
    closes: toUtcIso(end),
  };
}

/**
 * R23: matters that cannot be handled online (flyer 4): the status of applications to
 * individual job offers, asking a company during the session. Flagged, never refused.
 */
const COUNTER_TOPICS = [
  /応募状況/,
  /応募可否/,
  /選考状況/,
  /(会社|企業|事業所)に(確認|問い合わせ|問合せ|連絡)/,
  /個別求人/,
  /application status/i,
  /ask the (company|employer)/i,
];

export function mayNeedCounter(topic: string): boolean {
  return COUNTER_TOPICS.some((pattern) => pattern.test(topic));
}

/** R41: the checklist version kept with each request. */
export const ENVIRONMENT_CHECKLIST_VERSION = 'art5-2023-04';
