// A synthetic national history for the R70-R74 benchmark: `offices` offices in the
// registry, each with three counsellors and a year of reservations (requested, offered
// with the slot held, mostly confirmed and booked, some cancelled), written straight to
// the store in multi-stream commits (folding millions of events through the service's
// commands would take hours). Every office has the same density, so a one-office history
// of the same per-office size is the fair comparison.
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, StreamAppend } from '@soudan/event-store';
import { NAMERIKAWA, type OfficeSettings } from '@soudan/offices';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const meta = { correlationId: 'national-history', actor: 'system:bench', schemaVersion: 1 };
const event = (type: string, data: unknown): NewEvent => ({ eventId: randomUUID(), type, data, metadata: meta });
const EVENTS_PER_RESERVATION = 5;
const SLOTS_PER_DAY = 12; // 10:00-16:00 JST every 30 minutes

/** `count` office codes: Namerikawa first, then five-digit codes spread over the country. */
export function officeCodes(count: number): string[] {
  const codes = new Set<string>([NAMERIKAWA.code]);
  for (let k = 1; codes.size < count; k += 1) codes.add(String(10000 + ((k * 7919) % 89999)).padStart(5, '0'));
  return [...codes];
}

/** The weekdays of a year from Tuesday 1 December 2026, as `YYYY-MM-DD`. */
function weekdays(): string[] {
  const days: string[] = [];
  for (let d = 0; d < 365; d += 1) {
    const date = new Date(Date.UTC(2026, 11, 1) + d * 86_400_000);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) days.push(date.toISOString().slice(0, 10));
  }
  return days;
}
const DAYS = weekdays();

function slotOf(n: number): string {
  const day = DAYS[Math.floor(n / SLOTS_PER_DAY) % DAYS.length];
  const minutes = 10 * 60 + (n % SLOTS_PER_DAY) * 30;
  return new Date(
    `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+09:00`,
  ).toISOString();
}

function officeSettings(code: string, index: number): OfficeSettings {
  return { ...NAMERIKAWA, code, name: index === 0 ? NAMERIKAWA.name : `ハローワーク${code}`, phone: '076-475-0324' };
}

/** One reservation's appends at an office: its stream and its slot's. */
function reservationAppends(office: string, n: number): StreamAppend[] {
  const id = `nat-${office}-${n}-${randomUUID().slice(0, 8)}`;
  const seekerId = `seeker-${office}-${n % 400}`;
  // Spread over the year, a few a day: the n-th reservation takes the (7n mod slots)-th slot.
  const slot = slotOf((n * 7) % (DAYS.length * SLOTS_PER_DAY));
  const deadline = new Date(Date.parse(slot) - 86_400_000).toISOString();
  const requestedAt = new Date(Date.parse(slot) - 5 * 86_400_000).toISOString();
  const counsellor = `staff:c${office}-${n % 3}`;
  const events: NewEvent[] = [
    event('ReservationRequested', {
      reservationId: id,
      officeCode: office,
      seekerId,
      desiredSlots: [slot],
      topic: `応募書類の相談（${n}）`,
      onlineReason: '子育て中のため',
      ...readySeeker(),
      checklistVersion: '1',
      mayNeedCounter: false,
      language: 'ja',
      requestedAt,
      answerDueBy: deadline,
    }),
    event('ReservationOffered', {
      reservationId: id,
      seekerId,
      slots: [{ start: slot, deadline }],
      termsVersion: '2023-04-01',
      offeredBy: counsellor,
      offeredAt: requestedAt,
    }),
  ];
  const slotEvents: NewEvent[] = [event('SlotHeld', { slot, reservationId: id, until: deadline, at: requestedAt })];
  if (n % 5 !== 4) {
    const token = randomUUID().replaceAll('-', '');
    events.push(
      event('ReservationConfirmed', {
        reservationId: id,
        seekerId,
        slot,
        end: new Date(Date.parse(slot) + 30 * 60_000).toISOString(),
        termsVersion: '2023-04-01',
        channel: 'web',
        consentAt: requestedAt,
        meetingUrl: `https://soudan.example.jp/join/${token}`,
        joinToken: token,
        roomUrl: `https://meet.example/room/${token}`,
      }),
    );
    slotEvents.push(event('SlotBooked', { slot, reservationId: id, at: requestedAt }));
  } else {
    events.push(
      event('ReservationCancelled', {
        reservationId: id,
        seekerId,
        slot: null,
        by: `seeker:${seekerId}`,
        channel: 'web',
        cancelledAt: requestedAt,
      }),
    );
    slotEvents.push(event('SlotHoldReleased', { slot, reservationId: id, at: requestedAt }));
  }
  return [
    { streamId: `reservation-${id}`, events, expected: 'any' },
    { streamId: `slot-${office}-${slot}`, events: slotEvents, expected: 'any' },
  ];
}

/**
 * Appends the registry of `offices` offices and `perOffice` reservations at each (about
 * five events a reservation), `batch` reservations to a commit; answers the events appended.
 */
export async function appendNationalHistory(
  store: EventStore,
  options: { offices: number; perOffice: number; batch?: number; onProgress?: (events: number) => void },
): Promise<number> {
  if (!store.appendMany) throw new Error('the national history needs a store with multi-stream commits');
  const codes = officeCodes(options.offices);
  const at = '2026-11-01T00:00:00.000Z';
  let appended = 0;
  const registry = codes.map((code, index) => {
    const { code: _code, ...settings } = officeSettings(code, index);
    void _code;
    return event('OfficeRegistered', {
      code,
      settings: { code, ...settings },
      source: { kind: 'import' },
      by: 'staff:admin',
      at,
    });
  });
  for (let i = 0; i < registry.length; i += 500) {
    await store.append('office-registry', registry.slice(i, i + 500), 'any');
    appended += Math.min(500, registry.length - i);
  }
  const batch = options.batch ?? 100;
  let pending: StreamAppend[] = [];
  const flush = async () => {
    // One append a stream per commit: a slot two reservations of the batch share gets both.
    const byStream = new Map<string, NewEvent[]>();
    for (const a of pending) byStream.set(a.streamId, [...(byStream.get(a.streamId) ?? []), ...a.events]);
    await store.appendMany!([...byStream].map(([streamId, events]) => ({ streamId, events, expected: 'any' })));
    appended += pending.reduce((sum, a) => sum + a.events.length, 0);
    options.onProgress?.(appended);
    pending = [];
  };
  for (let n = 0; n < options.perOffice; n += 1)
    for (const code of codes) {
      pending.push(...reservationAppends(code, n));
      if (pending.length >= batch * 2) await flush();
    }
  if (pending.length > 0) await flush();
  return appended;
}

export { EVENTS_PER_RESERVATION };
