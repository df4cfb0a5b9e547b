// What the screens read from the API, in one shape each. Fields that a newer gateway adds
// (why a day cannot be chosen, the clean terms, the reservation's timeline and actions)
// are used when present, and worked out from the older answers when not.
import { addDays, jstDate, weekday } from '../lib/format';
import { api, ApiError, unwrap, type Schemas } from './client';
import { seekerOffice } from './session';

export interface Office {
  name: string;
  phone: string;
  hours: { open: string; close: string; slotMinutes: number };
}

export async function getOffice(): Promise<Office | undefined> {
  try {
    // R71: a signed-in seeker's own office; the office the system runs for otherwise.
    const code = seekerOffice();
    return await unwrap(api.GET('/api/v1/office', { params: { query: code ? { code } : {} } }));
  } catch {
    // The pages still work without it; they only leave the office's phone and hours out.
    return undefined;
  }
}

// ---------------------------------------------------------------- availability

export type DayReason = 'available' | 'weekend' | 'holiday' | 'leadTime' | 'past' | 'full' | 'closed' | 'outOfRange';

export interface Slot {
  start: string;
  end: string;
  remaining: number;
  requestable: boolean;
  reason?: DayReason;
}

export interface Day {
  date: string;
  reason: DayReason;
  slots: Slot[];
}

export interface Availability {
  from: string;
  to: string;
  days: Map<string, Day>;
  firstRequestableDate?: string;
}

/** A reason as the API names it (LEAD_TIME, lead-time, notBusinessDay, …) in the screens' words. */
export function reasonOf(raw: unknown): DayReason | undefined {
  if (typeof raw !== 'string') return undefined;
  const key = raw.toLowerCase().replace(/[^a-z]/g, '');
  if (key.includes('lead')) return 'leadTime';
  if (key.includes('weekend') || key.includes('saturday') || key.includes('sunday')) return 'weekend';
  if (key.includes('holiday') || key.includes('businessday') || key.includes('closure') || key.includes('newyear'))
    return 'holiday';
  if (key.includes('full') || key.includes('capacity') || key.includes('nofree')) return 'full';
  if (key.includes('past')) return 'past';
  if (key.includes('range') || key.includes('horizon')) return 'outOfRange';
  if (key === 'available' || key === 'ok' || key === 'requestable') return 'available';
  if (key.includes('closed') || key.includes('hours')) return 'closed';
  return 'closed';
}

interface RawSlot {
  start: string;
  end: string;
  remaining: number;
  requestable?: boolean;
  reason?: string;
}
interface RawDay {
  date: string;
  requestable?: boolean;
  reason?: string;
}

export async function getAvailability(from: string, to: string, today = jstDate(new Date())): Promise<Availability> {
  const office = seekerOffice();
  const query = office ? { from, to, office } : { from, to };
  const body = (await unwrap(api.GET('/api/v1/availability', { params: { query } }))) as unknown as {
    slots: RawSlot[];
    days?: RawDay[];
    firstRequestableDate?: string;
  };
  return buildAvailability(from, to, today, body);
}

/**
 * R5 where the gateway does not say: a desired date needs 2 business days from today
 * (today included) before it. Business days are the weekdays the office lists slots
 * for, so holidays and closures, which have none, do not count.
 */
export function leadTimeCutoff(today: string, slotDates: Set<string>, to: string): string | undefined {
  let businessDays = 0;
  for (let date = today; date <= to; date = addDays(date, 1)) {
    if (businessDays >= 2 && slotDates.has(date)) return date;
    const day = weekday(date);
    if (day !== 0 && day !== 6 && slotDates.has(date)) businessDays += 1;
  }
  return undefined;
}

export function buildAvailability(
  from: string,
  to: string,
  today: string,
  body: { slots: RawSlot[]; days?: RawDay[]; firstRequestableDate?: string },
): Availability {
  const told = body.slots?.some((s) => s.requestable !== undefined) || body.firstRequestableDate !== undefined;
  const firstByLeadTime = told
    ? body.firstRequestableDate
    : leadTimeCutoff(today, new Set((body.slots ?? []).map((s) => jstDate(s.start))), to);
  const byDate = new Map<string, Slot[]>();
  for (const raw of body.slots ?? []) {
    const requestable =
      raw.requestable ?? (raw.remaining > 0 && (!firstByLeadTime || jstDate(raw.start) >= firstByLeadTime));
    const slot: Slot = {
      start: raw.start,
      end: raw.end,
      remaining: raw.remaining,
      requestable,
      reason: requestable ? undefined : (reasonOf(raw.reason) ?? (raw.remaining <= 0 ? 'full' : 'leadTime')),
    };
    const date = jstDate(raw.start);
    byDate.set(date, [...(byDate.get(date) ?? []), slot]);
  }
  const givenDays = new Map((body.days ?? []).map((d) => [d.date, d]));
  const days = new Map<string, Day>();
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const slots = (byDate.get(date) ?? []).sort((a, b) => a.start.localeCompare(b.start));
    const given = givenDays.get(date);
    let reason: DayReason;
    if (slots.some((s) => s.requestable)) reason = 'available';
    else if (given && given.requestable !== true && given.reason) reason = reasonOf(given.reason) ?? 'closed';
    else if (date < today) reason = 'past';
    else if (weekday(date) === 0 || weekday(date) === 6) reason = 'weekend';
    else if (firstByLeadTime && date < firstByLeadTime) reason = 'leadTime';
    else if (slots.length === 0) reason = 'holiday';
    else if (slots.every((s) => s.remaining <= 0)) reason = 'full';
    else reason = slots.find((s) => s.reason)?.reason ?? 'closed';
    days.set(date, { date, reason, slots });
  }
  const firstRequestableDate = [...days.values()].find((d) => d.reason === 'available')?.date;
  return { from, to, days, firstRequestableDate };
}

// ---------------------------------------------------------------- terms

export interface Article {
  number: string;
  title: string;
  body: string;
}

export interface Terms {
  version: string;
  effectiveFrom: string;
  articles: Article[];
  /** The whole text, when it does not come as articles. */
  text?: string;
  meetingApp?: { name: string; termsUrl: string };
}

export async function getTerms(): Promise<Terms> {
  const office = seekerOffice();
  const body = (await unwrap(
    api.GET('/api/v1/terms/current', { params: { query: office ? { office } : {} } }),
  )) as unknown as {
    version: string;
    effectiveFrom: string;
    body?: string;
    text?: string;
    articles?: Array<{ number: number | string; title?: string; body: string }>;
    meetingApp?: { name?: string; termsUrl?: string };
  };
  const articles =
    body.articles?.map((a) => ({ number: String(a.number), title: a.title ?? '', body: a.body })) ??
    articlesOf(body.text ?? body.body ?? '');
  return {
    version: body.version,
    effectiveFrom: body.effectiveFrom,
    articles,
    text: articles.length === 0 ? plainText(body.text ?? body.body ?? '') : undefined,
    meetingApp:
      body.meetingApp?.name && body.meetingApp.termsUrl
        ? { name: body.meetingApp.name, termsUrl: body.meetingApp.termsUrl }
        : undefined,
  };
}

/** Markdown marks out: the text as people read it. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/^#+\s*/gm, '')
    .replace(/^\s*[-*]\s+/gm, '・')
    .replace(/\*\*|__/g, '')
    .replace(/ {2,}$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The articles (第N条) of a terms text, the heading in brackets before each taken as its title. */
export function articlesOf(text: string): Article[] {
  const start = text.indexOf('利用規約\n');
  const plain = plainText(start >= 0 ? text.slice(text.lastIndexOf('\n', start) + 1) : text);
  const parts = plain.split(/(?=^（[^）\n]+）\s*$|^\([^)\n]+\)\s*$|^第\d+条)/m);
  const articles: Article[] = [];
  let title = '';
  for (const part of parts) {
    const heading = /^[（(]([^）)\n]+)[）)]\s*$/m.exec(part.split('\n')[0]);
    if (heading && !/^第\d+条/.test(part)) {
      title = heading[1];
      continue;
    }
    const match = /^第(\d+)条\s*/.exec(part);
    if (!match) continue;
    articles.push({ number: match[1], title, body: part.slice(match[0].length).trim() });
    title = '';
  }
  return articles;
}

// ---------------------------------------------------------------- reservations

export type Status = Schemas['ReservationViewDto']['status'];

export interface TimelineEntry {
  type: string;
  at: string;
}

export interface Actions {
  consent: boolean;
  cancel: boolean;
  cancelByPhone: boolean;
  join: boolean;
}

export interface Reservation {
  id: string;
  number?: string;
  status: Status;
  desiredSlots: string[];
  offeredSlots: string[];
  slot: string | null;
  meetingUrl?: string;
  termsVersion?: string;
  topic?: string;
  mayNeedCounter: boolean;
  timeline: TimelineEntry[];
  replyBy?: string;
  officeAnswersBy?: string;
  officePhone?: string;
  actions: Actions;
}

type RawReservation = Schemas['ReservationViewDto'] & {
  timeline?: Array<{ type?: string; event?: string; at: string }>;
  replyBy?: string;
  officeAnswersBy?: string;
  officePhone?: string;
  actions?: Partial<Record<keyof Actions, unknown>>;
};

/** R6: an offered slot can be chosen until the end of the day before it (JST). */
export function choosableUntil(slot: string): string {
  return `${addDays(jstDate(slot), -1)}T23:59:59+09:00`;
}

export function normalizeReservation(raw: RawReservation, now = new Date()): Reservation {
  const today = jstDate(now);
  const sessionDay = raw.slot ? jstDate(raw.slot) : undefined;
  const open = (s: string) => Date.parse(choosableUntil(s)) >= now.getTime();
  const derived: Actions = {
    consent: raw.status === 'offered' && raw.offeredSlots.some(open),
    cancel:
      ['requested', 'offered'].includes(raw.status) ||
      (['confirmed', 'invited'].includes(raw.status) && sessionDay !== undefined && today < sessionDay),
    cancelByPhone: ['confirmed', 'invited'].includes(raw.status) && sessionDay === today,
    join: ['confirmed', 'invited', 'in_session'].includes(raw.status) && Boolean(raw.meetingUrl),
  };
  const given = raw.actions;
  const flag = (key: keyof Actions) =>
    given && key in given ? Boolean(given[key]) && given[key] !== 'false' : derived[key];
  return {
    id: raw.id,
    number: raw.number,
    status: raw.status,
    desiredSlots: raw.desiredSlots ?? [],
    offeredSlots: raw.offeredSlots ?? [],
    slot: raw.slot ?? null,
    meetingUrl: raw.meetingUrl,
    termsVersion: raw.termsVersion,
    topic: raw.topic,
    mayNeedCounter: Boolean(raw.mayNeedCounter),
    timeline: (raw.timeline ?? raw.history ?? []).map((entry) => ({
      type: ('type' in entry && entry.type) || ('event' in entry && entry.event) || 'other',
      at: entry.at,
    })),
    replyBy:
      raw.replyBy ??
      (raw.status === 'offered' && raw.offeredSlots.length > 0
        ? raw.offeredSlots.map(choosableUntil).sort().at(-1)
        : undefined),
    officeAnswersBy: raw.officeAnswersBy,
    officePhone: raw.officePhone,
    actions: {
      consent: flag('consent'),
      cancel: flag('cancel'),
      cancelByPhone: flag('cancelByPhone'),
      join: flag('join'),
    },
  };
}

export async function listReservations(): Promise<Reservation[]> {
  const body = await unwrap(api.GET('/api/v1/reservations'));
  return (body.reservations as RawReservation[]).map((r) => normalizeReservation(r));
}

export async function getReservation(id: string): Promise<Reservation> {
  const body = await unwrap(api.GET('/api/v1/reservations/{id}', { params: { path: { id } } }));
  return normalizeReservation(body as RawReservation);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
