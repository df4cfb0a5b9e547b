// The behaviour every adapter of the event-store port must show, run against real
// stores from each adapter's *.int.spec.ts. No mocks: a case that passes here holds
// for the store the services will run on.
import { randomUUID } from 'node:crypto';
import { storableText } from '../storable-text';
import {
  DuplicateEventIdError,
  UnstorableEventError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type StoreSubscription,
} from '../event-store.port';

export interface ContractSubject {
  store: EventStore;
  /** Called after the suite, e.g. to drop the test database. */
  dispose?: () => Promise<void>;
}

export interface ContractOptions {
  /**
   * Whether the store indexes every event id (SQL: a unique index). Only then can it
   * refuse an id that another stream holds, or a batch of which only part is stored.
   * KurrentDB has no such index: its adapter recognises retries of whole batches only.
   */
  indexesEventIds?: boolean;
}

/** A fresh event; ids are not UUIDs on purpose (adapters that need UUIDs must cope). */
export function newEvent(type: string, data: unknown = {}, eventId = `evt-${randomUUID()}`): NewEvent {
  return { eventId, type, data, metadata: { correlationId: `corr-${eventId}`, schemaVersion: 1 } };
}

/** Iterates until `count` events were received (or the deadline passes), then stops the subscription. */
export async function collect(
  subscription: StoreSubscription,
  count: number,
  timeoutMs = 15_000,
): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  const deadline = setTimeout(() => void subscription.stop(), timeoutMs);
  try {
    if (count > 0) {
      for await (const event of subscription) {
        received.push(event);
        if (received.length >= count) break;
      }
    }
  } finally {
    clearTimeout(deadline);
    await subscription.stop();
  }
  return received;
}

/**
 * readAll of the events `keep` picks, once `count` of them are there. On a shared
 * PostgreSQL server readAll shows a commit only when no older transaction of the cluster
 * is still open (another test's, running beside this one), so a read straight after an
 * append may not show it yet: look again until it does (or the deadline passes).
 */
export async function readAllOnceVisible(
  store: EventStore,
  after: bigint,
  count: number,
  keep: (event: RecordedEvent) => boolean,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = (await store.readAll({ after, limit: 100 })).filter(keep);
    if (read.length >= count || Date.now() > deadline) return read;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function describeEventStoreContract(
  name: string,
  open: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    // Tests share one store: each works on streams under its own prefix.
    let prefix: string;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });

    afterAll(async () => {
      await store?.close();
      await subject?.dispose?.();
    });

    beforeEach(() => {
      prefix = `t${randomUUID().slice(0, 8)}`;
    });

    /** A position every later append in this test comes after. */
    async function mark(): Promise<bigint> {
      return (await store.append(`${prefix}mark-${randomUUID()}`, [newEvent('Marked')], 'no_stream')).position;
    }

    describe('append and optimistic concurrency', () => {
      it('appends to a new stream that states no_stream', async () => {
        const result = await store.append(`${prefix}-a`, [newEvent('Opened'), newEvent('Renamed')], 'no_stream');
        expect(result.nextExpectedRevision).toBe(1);
        expect(typeof result.position).toBe('bigint');
        expect((await store.readStream(`${prefix}-a`)).map((e) => [e.revision, e.type])).toEqual([
          [0, 'Opened'],
          [1, 'Renamed'],
        ]);
      });

      it('appends when the stated revision is the stream’s last one', async () => {
        await store.append(`${prefix}-a`, [newEvent('Opened')], 'no_stream');
        const result = await store.append(`${prefix}-a`, [newEvent('Renamed')], 0);
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('refuses a stale revision with WrongExpectedRevisionError carrying the actual revision, and writes nothing', async () => {
        await store.append(`${prefix}-a`, [newEvent('Opened'), newEvent('Renamed')], 'no_stream');
        const error = await rejection(store.append(`${prefix}-a`, [newEvent('Closed')], 0));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ code: 'REVISION_CONFLICT', streamId: `${prefix}-a`, expected: 0, actual: 1 });
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(2);
      });

      it('refuses a revision on a stream that does not exist, reporting no_stream', async () => {
        const error = await rejection(store.append(`${prefix}-missing`, [newEvent('Closed')], 3));
        expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 'no_stream' });
      });

      it('refuses no_stream when the stream exists', async () => {
        await store.append(`${prefix}-a`, [newEvent('Opened')], 'no_stream');
        const error = await rejection(store.append(`${prefix}-a`, [newEvent('Opened')], 'no_stream'));
        expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 'no_stream', actual: 0 });
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const error = await rejection(store.append(`${prefix}-a`, [newEvent('Renamed')], 'stream_exists'));
        expect(error).toMatchObject({
          name: 'WrongExpectedRevisionError',
          expected: 'stream_exists',
          actual: 'no_stream',
        });
        await store.append(`${prefix}-a`, [newEvent('Opened')], 'no_stream');
        expect((await store.append(`${prefix}-a`, [newEvent('Renamed')], 'stream_exists')).nextExpectedRevision).toBe(
          1,
        );
      });

      it('any appends whatever the stream holds, including nothing', async () => {
        expect((await store.append(`${prefix}-log`, [newEvent('Accessed')], 'any')).nextExpectedRevision).toBe(0);
        expect(
          (await store.append(`${prefix}-log`, [newEvent('Accessed'), newEvent('Accessed')], 'any'))
            .nextExpectedRevision,
        ).toBe(2);
      });

      it('lets exactly one of several concurrent appends stating the same revision win', async () => {
        await store.append(`${prefix}-a`, [newEvent('Opened')], 'no_stream');
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => store.append(`${prefix}-a`, [newEvent(`Attempt${i}`)], 0)),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const loss of lost) expect(loss.reason).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 1 });
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(2);
      });

      it('lets concurrent appends stating any all succeed, each at its own revision', async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, () => store.append(`${prefix}-log`, [newEvent('Accessed')], 'any')),
        );
        expect(results.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
      });
    });

    describe('idempotent appends', () => {
      it('answers a retry of the same event ids with the first result and adds nothing, even with a stale revision', async () => {
        const events = [newEvent('Opened'), newEvent('Renamed')];
        const first = await store.append(`${prefix}-a`, events, 'no_stream');
        const closed = newEvent('Closed');
        const third = await store.append(`${prefix}-a`, [closed], 1);
        expect(await store.append(`${prefix}-a`, events, 'no_stream')).toEqual(first);
        expect(await store.append(`${prefix}-a`, events, 'any')).toEqual(first);
        expect(await store.append(`${prefix}-a`, [closed], 1)).toEqual(third);
        expect(await store.append(`${prefix}-a`, [closed], 'no_stream')).toEqual(third);
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(3);
      });

      const indexed = options.indexesEventIds === false ? it.skip : it;
      const noIndex = options.indexesEventIds === false ? ' (skipped: this store keeps no index of event ids)' : '';

      indexed(`refuses an event id that another stream holds with DuplicateEventIdError${noIndex}`, async () => {
        const event = newEvent('Opened');
        await store.append(`${prefix}-a`, [event], 'no_stream');
        const error = await rejection(store.append(`${prefix}-b`, [event], 'no_stream'));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ code: 'DUPLICATE_EVENT_ID', eventId: event.eventId });
        expect(await store.readStream(`${prefix}-b`)).toEqual([]);
      });

      indexed(`refuses a batch of which only part is already stored with DuplicateEventIdError${noIndex}`, async () => {
        const stored = newEvent('Opened');
        await store.append(`${prefix}-a`, [stored], 'no_stream');
        const error = await rejection(store.append(`${prefix}-a`, [stored, newEvent('Renamed')], 0));
        expect(error).toMatchObject({ name: 'DuplicateEventIdError', eventId: stored.eventId });
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(1);
      });

      it('refuses an id the stream holds with other data or type, when the stated revision is stale', async () => {
        const first = newEvent('Confirmed', { slot: 'S1' });
        await store.append(`${prefix}-a`, [first], 'no_stream');
        await store.append(`${prefix}-a`, [newEvent('Invited')], 0);
        for (const [type, data] of [
          ['Confirmed', { slot: 'S2' }],
          ['Cancelled', { slot: 'S1' }],
        ] as const) {
          const error = await rejection(
            store.append(`${prefix}-a`, [{ ...first, type, data, metadata: first.metadata }], 'no_stream'),
          );
          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect(error).toMatchObject({ code: 'DUPLICATE_EVENT_ID', eventId: first.eventId });
        }
        expect((await store.readStream(`${prefix}-a`)).map((e) => e.data)).toEqual([{ slot: 'S1' }, {}]);
      });

      indexed(
        `refuses an id held with other content under any expectation, alone, in a batch or in a group${noIndex}`,
        async () => {
          const one = newEvent('Confirmed', { slot: 'S1' });
          const pair = [newEvent('Offered', { slots: ['S1', 'S2'] }), newEvent('Noted', { n: 1 })];
          await store.append(`${prefix}-one`, [one], 'no_stream');
          await store.append(`${prefix}-pair`, pair, 'no_stream');
          const changedOne = { ...one, data: { slot: 'S2' } };
          const changedPair = [pair[0], { ...pair[1], data: { n: 2 } }];
          for (const expected of ['any', 'stream_exists', 0, 'no_stream'] as const) {
            await expect(store.append(`${prefix}-one`, [changedOne], expected)).rejects.toMatchObject({
              name: 'DuplicateEventIdError',
              eventId: one.eventId,
            });
          }
          await expect(store.append(`${prefix}-pair`, changedPair, 'no_stream')).rejects.toMatchObject({
            name: 'DuplicateEventIdError',
            eventId: pair[1].eventId,
          });
          // Concurrent appends share a statement in stores that group them: each is still checked.
          const settled = await Promise.allSettled([
            store.append(`${prefix}-one`, [changedOne], 'any'),
            store.append(`${prefix}-pair`, pair, 'no_stream'),
            store.append(`${prefix}-other`, [newEvent('Opened')], 'no_stream'),
          ]);
          expect(settled[0]).toMatchObject({ status: 'rejected', reason: { name: 'DuplicateEventIdError' } });
          expect(settled[1]).toMatchObject({ status: 'fulfilled' });
          expect(settled[2]).toMatchObject({ status: 'fulfilled' });
          expect((await store.readStream(`${prefix}-one`)).map((e) => e.data)).toEqual([{ slot: 'S1' }]);
          expect((await store.readStream(`${prefix}-pair`)).map((e) => e.data)).toEqual([
            { slots: ['S1', 'S2'] },
            { n: 1 },
          ]);
        },
      );

      it('answers a retry whose data has the same content in another key order as a retry', async () => {
        const event = newEvent('Confirmed', { slot: 'S1', channel: 'web' });
        const first = await store.append(`${prefix}-a`, [event], 'no_stream');
        const reordered = { ...event, data: { channel: 'web', slot: 'S1' } };
        expect(await store.append(`${prefix}-a`, [reordered], 'no_stream')).toEqual(first);
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(1);
      });

      it('refuses a batch that carries the same id twice', async () => {
        const event = newEvent('Opened');
        await expect(store.append(`${prefix}-a`, [event, event], 'no_stream')).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
      });
    });

    describe('text no store can keep (R50: one hostile string must not stop anyone else)', () => {
      const hostile: Array<[string, string]> = [
        ['a NUL character', 'a\u0000b'],
        ['a lone high surrogate', 'x\ud800'],
        ['a lone low surrogate', '\udc00y'],
      ];
      for (const [what, text] of hostile) {
        it(`refuses ${what} anywhere in an event with UnstorableEventError, writing nothing`, async () => {
          for (const [event, path] of [
            [newEvent('Noted', { note: text }), 'data.note'],
            [newEvent('Noted', { list: ['ok', { [text]: 1 }] }), `data.list[1].${storableText(text)}`],
            [
              { ...newEvent('Noted'), metadata: { correlationId: 'c', schemaVersion: 1, actor: text } },
              'metadata.actor',
            ],
          ] as const) {
            const error = await rejection(store.append(`${prefix}-a`, [newEvent('Fine'), event], 'any'));
            expect(error).toBeInstanceOf(UnstorableEventError);
            expect(error).toMatchObject({ code: 'UNSTORABLE_TEXT', eventId: event.eventId, path });
          }
          await expect(store.append(`${prefix}${text}`, [newEvent('Fine')], 'any')).rejects.toMatchObject({
            path: 'streamId',
          });
          expect(await store.readStream(`${prefix}-a`)).toEqual([]);
        });
      }

      it('keeps paired surrogates (emoji) and every other character exactly', async () => {
        const text = '😀 滑川 \u0001\u007f\uffff \ud83d\ude00';
        await store.append(`${prefix}-a`, [newEvent('Noted', { [text]: text })], 'no_stream');
        expect((await store.readStream(`${prefix}-a`))[0].data).toEqual({ [text]: text });
      });

      it('stores the appends made at the same time as a refused one', async () => {
        const appends = Array.from({ length: 12 }, (_, i) =>
          store.append(
            `${prefix}-${i}`,
            [newEvent('Noted', { note: i === 5 ? 'bad\u0000' : `fine ${i}` })],
            'no_stream',
          ),
        );
        const settled = await Promise.allSettled(appends);
        expect(settled.map((s) => s.status)).toEqual(settled.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
        for (let i = 0; i < 12; i++) expect(await store.readStream(`${prefix}-${i}`)).toHaveLength(i === 5 ? 0 : 1);
      });
    });

    describe('reading', () => {
      it('reads a stream from a revision, with a limit', async () => {
        await store.append(
          `${prefix}-a`,
          ['E0', 'E1', 'E2', 'E3', 'E4'].map((t) => newEvent(t)),
          'no_stream',
        );
        expect((await store.readStream(`${prefix}-a`, { fromRevision: 2 })).map((e) => e.type)).toEqual([
          'E2',
          'E3',
          'E4',
        ]);
        expect((await store.readStream(`${prefix}-a`, { fromRevision: 1, limit: 2 })).map((e) => e.type)).toEqual([
          'E1',
          'E2',
        ]);
        expect(await store.readStream(`${prefix}-a`, { fromRevision: 5 })).toEqual([]);
      });

      it('reads a stream that does not exist as an empty list', async () => {
        expect(await store.readStream(`${prefix}-never-written`)).toEqual([]);
      });

      it('reads all in global order, after a position (exclusive), at most limit events', async () => {
        const after = await mark();
        await store.append(`${prefix}-a`, [newEvent('A0'), newEvent('A1')], 'no_stream');
        await store.append(`${prefix}-b`, [newEvent('B0')], 'no_stream');
        await store.append(`${prefix}-a`, [newEvent('A2')], 1);
        const all = await readAllOnceVisible(store, after, 4, (e) => e.streamId.startsWith(prefix));
        expect(all.map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'A2']);

        const firstTwo = await store.readAll({ after, limit: 2 });
        expect(firstTwo.map((e) => e.type)).toEqual(['A0', 'A1']);
        const rest = (await store.readAll({ after: firstTwo[1].position, limit: 100 })).filter((e) =>
          e.streamId.startsWith(prefix),
        );
        expect(rest.map((e) => e.type)).toEqual(['B0', 'A2']);
        expect(rest.some((e) => e.position === firstTwo[1].position)).toBe(false);
      });

      it('hands out strictly increasing positions, the same in append results, readStream and readAll', async () => {
        const after = await mark();
        const results = [];
        for (let i = 0; i < 5; i++) results.push(await store.append(`${prefix}-${i % 2}`, [newEvent(`E${i}`)], 'any'));
        const all = await readAllOnceVisible(store, after, 5, (e) => e.streamId.startsWith(prefix));
        const positions = all.map((e) => e.position);
        for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
        expect(positions).toEqual(results.map((r) => r.position));
        expect(positions[0] > after).toBe(true);
        const [first] = await store.readStream(`${prefix}-0`);
        expect(first.position).toBe(results[0].position);
      });

      it('round-trips data, metadata and event ids, Japanese text included', async () => {
        const data = {
          seekerRef: 'seeker:7f3a',
          note: 'オンライン職業相談の予約を受け付けました（滑川）',
          nested: { slots: [{ date: '2026-04-01', time: '10:00' }], emoji: '🙇', quote: 'say "はい"\\n' },
          count: 3,
          flag: false,
          nothing: null,
        };
        const event: NewEvent = {
          eventId: `予約-${randomUUID()}`,
          type: 'ReservationRequested',
          data,
          metadata: {
            correlationId: 'corr-1',
            causationId: 'cmd-1',
            actor: 'staff:山田',
            schemaVersion: 2,
            now: '2026-03-02T01:00:00.000Z',
          },
        };
        const after = await mark();
        const before = Date.now();
        await store.append(`${prefix}-予約`, [event], 'no_stream');
        const [read] = await store.readStream(`${prefix}-予約`);
        expect(read).toMatchObject({
          eventId: event.eventId,
          type: event.type,
          data,
          metadata: event.metadata,
          streamId: `${prefix}-予約`,
          revision: 0,
        });
        expect(read.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(Math.abs(Date.parse(read.recordedAt) - before)).toBeLessThan(60_000);
        const [fromAll] = await readAllOnceVisible(store, after, 1, (e) => e.eventId === event.eventId);
        expect(fromAll).toEqual(read);
      });
    });

    describe('subscriptions', () => {
      it('catches up from the start, then receives live appends', async () => {
        await store.append(`${prefix}-a`, [newEvent('Past0'), newEvent('Past1')], 'no_stream');
        const subscription = store.subscribe({ streamPrefixes: [prefix], batchSize: 3 });
        const received = collect(subscription, 4);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await store.append(`${prefix}-a`, [newEvent('Live0')], 1);
        await store.append(`${prefix}-b`, [newEvent('Live1')], 'no_stream');
        expect((await received).map((e) => e.type)).toEqual(['Past0', 'Past1', 'Live0', 'Live1']);
      });

      it('starts after a given position (exclusive)', async () => {
        await store.append(`${prefix}-a`, [newEvent('E0'), newEvent('E1')], 'no_stream');
        const { position } = await store.append(`${prefix}-a`, [newEvent('E2')], 1);
        await store.append(`${prefix}-a`, [newEvent('E3')], 2);
        const received = await collect(store.subscribe({ after: position, streamPrefixes: [prefix] }), 1);
        expect(received.map((e) => e.type)).toEqual(['E3']);
      });

      it('delivers only the streams with the given prefixes and the given event types', async () => {
        const after = await mark();
        await store.append(
          `${prefix}-res-1`,
          [newEvent('ReservationRequested'), newEvent('ConsentReceived')],
          'no_stream',
        );
        await store.append(`${prefix}-mail-1`, [newEvent('ReservationRequested')], 'no_stream');
        await store.append(`${prefix}-res-2`, [newEvent('SessionNoShow')], 'no_stream');
        const byPrefix = await collect(store.subscribe({ after, streamPrefixes: [`${prefix}-res-`] }), 3);
        expect(byPrefix.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`)).toEqual([
          '-res-1:ReservationRequested',
          '-res-1:ConsentReceived',
          '-res-2:SessionNoShow',
        ]);
        const byType = await collect(
          store.subscribe({ after, streamPrefixes: [prefix], eventTypes: ['ReservationRequested', 'SessionNoShow'] }),
          3,
        );
        expect(byType.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`)).toEqual([
          '-res-1:ReservationRequested',
          '-mail-1:ReservationRequested',
          '-res-2:SessionNoShow',
        ]);
      });

      it('ends a for-await loop that is waiting for events when stop() is called', async () => {
        const subscription = store.subscribe({ streamPrefixes: [`${prefix}-nothing-ever`] });
        const loop = (async () => {
          let count = 0;
          for await (const _ of subscription) count += 1;
          return count;
        })();
        await new Promise((resolve) => setTimeout(resolve, 100));
        await subscription.stop();
        await expect(loop).resolves.toBe(0);
      });
    });

    describe('checkpoints and inbox', () => {
      it('stores a checkpoint, overwrites it, and reads undefined for an unknown name', async () => {
        expect(await store.checkpoints.get(`${prefix}-relay`)).toBeUndefined();
        await store.checkpoints.put(`${prefix}-relay`, 42n);
        expect(await store.checkpoints.get(`${prefix}-relay`)).toBe(42n);
        await store.checkpoints.put(`${prefix}-relay`, 2n ** 62n + 7n);
        expect(await store.checkpoints.get(`${prefix}-relay`)).toBe(2n ** 62n + 7n);
        expect(await store.checkpoints.get(`${prefix}-other`)).toBeUndefined();
      });

      it('remembers handled event ids per consumer, and adding one twice is harmless', async () => {
        expect(await store.inbox.has(`${prefix}-mailer`, 'evt-1')).toBe(false);
        await store.inbox.add(`${prefix}-mailer`, 'evt-1');
        await store.inbox.add(`${prefix}-mailer`, 'evt-1');
        expect(await store.inbox.has(`${prefix}-mailer`, 'evt-1')).toBe(true);
        expect(await store.inbox.has(`${prefix}-audit`, 'evt-1')).toBe(false);
        expect(await store.inbox.has(`${prefix}-mailer`, 'evt-2')).toBe(false);
      });
    });

    describe('snapshots of read models', () => {
      it('loads nothing for an unknown name, then the latest snapshot saved under each name', async () => {
        expect(await store.snapshots.load(`${prefix}-reservations`)).toBeUndefined();
        await store.snapshots.save(`${prefix}-reservations`, 41n, 'v1', [{ count: 1 }]);
        await store.snapshots.save(`${prefix}-reservations`, 2n ** 62n + 7n, 'v2', [{ count: 2 }]);
        await store.snapshots.save(`${prefix}-reviews`, 5n, 'v1', [[]]);
        expect(await store.snapshots.load(`${prefix}-reservations`)).toEqual({
          position: 2n ** 62n + 7n,
          version: 'v2',
          parts: [{ count: 2 }],
        });
        expect(await store.snapshots.load(`${prefix}-reviews`)).toEqual({ position: 5n, version: 'v1', parts: [[]] });
      });

      it('round-trips the state exactly, Japanese text and a state of several megabytes included', async () => {
        const state = {
          reservations: Array.from({ length: 16_000 }, (_, i) => [
            `r-${i}`,
            {
              status: i % 3 === 0 ? 'confirmed' : 'requested',
              topic: `応募書類の書き方 ${i}（滑川）`,
              slots: ['2026-12-09T10:00:00+09:00'],
              reminded: false,
              note: null,
              n: i / 7,
            },
          ]),
          quote: 'say "はい"\\n 🙇',
        };
        expect(Buffer.byteLength(JSON.stringify(state))).toBeGreaterThan(2_000_000);
        await store.snapshots.save(`${prefix}-big`, 123n, 'model-1', [state]);
        expect(await store.snapshots.load(`${prefix}-big`)).toEqual({
          position: 123n,
          version: 'model-1',
          parts: [state],
        });
      });

      it('saves a state in parts, each its own JSON, and gives them back in order', async () => {
        // More parts than one read of the SQL store takes (16), parts of MBs, and
        // parts of every JSON kind.
        const parts: unknown[] = Array.from({ length: 40 }, (_, i) => ['reservations', [`r-${i}`, { n: i }]]);
        parts[3] = { big: 'あ'.repeat(600_000) };
        parts[7] = null;
        parts[8] = 'text';
        parts[9] = 0;
        parts.push([]);
        await store.snapshots.save(`${prefix}-parts`, 9n, 'v1', parts);
        expect(await store.snapshots.load(`${prefix}-parts`)).toEqual({ position: 9n, version: 'v1', parts });

        // A later snapshot of fewer parts leaves nothing of the earlier one's behind.
        await store.snapshots.save(`${prefix}-parts`, 10n, 'v1', [{ a: 1 }, { b: 2 }]);
        expect(await store.snapshots.load(`${prefix}-parts`)).toEqual({
          position: 10n,
          version: 'v1',
          parts: [{ a: 1 }, { b: 2 }],
        });
        await store.snapshots.save(`${prefix}-parts`, 11n, 'v1', [{ only: true }]);
        expect(await store.snapshots.load(`${prefix}-parts`)).toEqual({
          position: 11n,
          version: 'v1',
          parts: [{ only: true }],
        });
      });

      it('keeps snapshots out of readAll and subscriptions', async () => {
        const after = await mark();
        await store.snapshots.save(`${prefix}-model`, after, 'v1', [{ seen: 1 }]);
        const { position } = await store.append(`${prefix}-a`, [newEvent('Opened')], 'no_stream');
        await store.snapshots.save(`${prefix}-model`, position, 'v1', [{ seen: 2 }, { seen: 3 }]);
        const read = (await readAllOnceVisible(store, after, 1, () => true)).map((e) => `${e.streamId}:${e.type}`);
        expect(read).toEqual([`${prefix}-a:Opened`]);
        const received = await collect(store.subscribe({ after }), 1);
        expect(received.map((e) => `${e.streamId}:${e.type}`)).toEqual([`${prefix}-a:Opened`]);
      });

      it('refuses a state JSON cannot carry, or no part at all, and keeps the previous snapshot', async () => {
        await store.snapshots.save(`${prefix}-model`, 1n, 'v1', [{ ok: true }, { more: 1 }]);
        await expect(store.snapshots.save(`${prefix}-model`, 2n, 'v1', [{ position: 2n }])).rejects.toBeInstanceOf(
          TypeError,
        );
        await expect(store.snapshots.save(`${prefix}-model`, 2n, 'v1', [undefined])).rejects.toBeInstanceOf(TypeError);
        await expect(store.snapshots.save(`${prefix}-model`, 2n, 'v1', [])).rejects.toBeInstanceOf(TypeError);
        // A later part that is not JSON: nothing of this save is kept, not even its first part.
        await expect(store.snapshots.save(`${prefix}-model`, 2n, 'v1', [{ ok: false }, { n: 2n }])).rejects.toThrow();
        expect(await store.snapshots.load(`${prefix}-model`)).toEqual({
          position: 1n,
          version: 'v1',
          parts: [{ ok: true }, { more: 1 }],
        });
      });
    });

    it('answers ping while the store is up', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
