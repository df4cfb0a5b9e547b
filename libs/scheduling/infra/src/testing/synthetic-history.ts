// A scheduling history of a given size, appended straight to a store, for measuring
// and testing the read models' start-up (folding 20,000 events through the service's
// commands would take minutes). Events have the shapes the service writes: each
// reservation is requested, offered (its slot held) and mostly confirmed (booked, with a
// join token), some cancelled; plus capacity settings and the terms.
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@soudan/event-store';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const OFFICE = '16070';
const meta = { correlationId: 'synthetic-history', actor: 'system:bench', schemaVersion: 1 };
const event = (type: string, data: unknown): NewEvent => ({ eventId: randomUUID(), type, data, metadata: meta });

/** The n-th slot: weekdays from 1 Dec 2026, 10:00-16:30 JST every 30 minutes. */
function slotAt(n: number): string {
  const perDay = 14;
  const day = new Date(Date.UTC(2026, 11, 1) + Math.floor(n / perDay) * 86_400_000);
  const minutes = 10 * 60 + (n % perDay) * 30;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${day.toISOString().slice(0, 10)}T${hh}:${mm}:00+09:00`;
}

/** The appends of one reservation's life: [stream, events, expected] in order. */
function reservationAppends(i: number): Array<[string, NewEvent[]]> {
  const id = `synthetic-${i}-${randomUUID().slice(0, 8)}`;
  const seekerId = `seeker-${(i * 7919) % 5000}`;
  const slot = slotAt(i % 2000);
  const deadline = new Date(Date.parse(slot) - 86_400_000).toISOString();
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 1, minute % 60)).toISOString();
  const slotStream = `slot-${OFFICE}-${new Date(slot).toISOString()}`;
  const reservation: NewEvent[] = [
    event('ReservationRequested', {
      reservationId: id,
      officeCode: OFFICE,
      seekerId,
      desiredSlots: [slot],
      topic: `応募書類の書き方について相談したい（${i}）`,
      onlineReason: '子育て中のため',
      ...readySeeker(),
      checklistVersion: '1',
      mayNeedCounter: false,
      language: 'ja',
      requestedAt: at(i),
      answerDueBy: '2026-11-30T14:59:59.999Z',
    }),
    event('ReservationOffered', {
      reservationId: id,
      seekerId,
      slots: [{ start: slot, deadline }],
      termsVersion: '2026-04-01',
      offeredBy: 'staff:sato',
      offeredAt: at(i + 1),
    }),
  ];
  const slotEvents: NewEvent[] = [event('SlotHeld', { slot, reservationId: id, until: deadline, at: at(i + 1) })];
  if (i % 5 !== 4) {
    const token = randomUUID().replaceAll('-', '');
    reservation.push(
      event('ReservationConfirmed', {
        reservationId: id,
        seekerId,
        slot,
        end: new Date(Date.parse(slot) + 30 * 60_000).toISOString(),
        termsVersion: '2026-04-01',
        channel: 'web',
        consentAt: at(i + 2),
        meetingUrl: `https://soudan.example.jp/join/${token}`,
        joinToken: token,
        roomUrl: `https://meet.example/room/${token}`,
      }),
    );
    slotEvents.push(event('SlotBooked', { slot, reservationId: id, at: at(i + 2) }));
  } else {
    reservation.push(
      event('ReservationCancelled', {
        reservationId: id,
        seekerId,
        slot: null,
        by: `seeker:${seekerId}`,
        channel: 'web',
        cancelledAt: at(i + 2),
      }),
    );
    slotEvents.push(event('SlotHoldReleased', { slot, reservationId: id, at: at(i + 2) }));
  }
  return [
    [`reservation-${id}`, reservation],
    [slotStream, slotEvents],
  ];
}

/**
 * Appends about `events` events (5 per reservation, rounded up) with `concurrency` appends in
 * flight; answers how many it appended.
 */
export async function appendSyntheticHistory(store: EventStore, events: number, concurrency = 8): Promise<number> {
  let appended = 0;
  const setup: Array<[string, NewEvent[]]> = [
    [
      `capacity-${OFFICE}`,
      [
        event('CapacitySet', {
          scope: { weekday: 3 },
          slots: { '10:00': 2, '10:30': 2 },
          by: 'staff:sato',
          at: '2026-11-20T00:00:00.000Z',
        }),
      ],
    ],
    [
      `terms-${OFFICE}`,
      [
        event('TermsPublished', {
          version: '2026-04-01',
          effectiveFrom: '2026-03-31T15:00:00.000Z',
          body: '# オンライン職業相談等利用規約',
          changeSummary: '制定',
          publishedAt: '2026-03-01T00:00:00.000Z',
          by: 'staff:admin',
        }),
      ],
    ],
  ];
  for (const [stream, batch] of setup) {
    await store.append(stream, batch, 'any');
    appended += batch.length;
  }
  let next = 0;
  const reservations = Math.ceil((events - appended) / 5);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= reservations) return;
        for (const [stream, batch] of reservationAppends(i)) {
          await store.append(stream, batch, 'any');
          appended += batch.length;
        }
      }
    }),
  );
  return appended;
}
