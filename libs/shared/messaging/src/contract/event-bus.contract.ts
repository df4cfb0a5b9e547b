// One durable-events contract, run against JetStream and the in-process bus
// (event-bus.nats.int.spec.ts, event-bus.in-process.int.spec.ts), with the relay on
// top of whichever event store the fixture gives.
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError, type EventStore, type InboxStore } from '@soudan/event-store';
import { EventRelay } from '../events/event-relay';
import {
  PoisonMessageError,
  type ConsumerHandle,
  type ConsumerOptions,
  type DeadLetter,
  type DeliveryAttempt,
  type EventBus,
  type EventEnvelope,
  type EventHandler,
} from '../messaging.port';
import { eventually, settle } from './eventually';

export interface EventBusFixture {
  /** A bus for one test (a new JetStream connection, or a new in-process bus); closed after the test. */
  bus(options?: { inbox?: InboxStore }): Promise<EventBus>;
  /** A fresh event store for relay cases (the in-memory double, or a real adapter). */
  store(): Promise<EventStore>;
  /** Retry delay that keeps the suite fast. */
  backoffMs: number[];
  /** How long to wait before concluding that something did not happen. */
  quietMs: number;
}

let sequence = 0;

/** A context of its own per test, so tests sharing one NATS stream never see each other's events. */
export function uniqueContext(): string {
  sequence++;
  return `c${sequence}x${randomUUID().slice(0, 8)}`;
}

export function envelope(context: string, type: string, n: number, eventId: string = randomUUID()): EventEnvelope {
  return {
    eventId,
    context,
    type,
    streamId: `reservation-${n}`,
    revision: 0,
    position: String(n),
    recordedAt: new Date().toISOString(),
    data: { n },
    metadata: { correlationId: `corr-${n}`, schemaVersion: 1 },
  };
}

export function eventBusContract(name: string, fixture: () => EventBusFixture): void {
  describe(`event bus contract (${name})`, () => {
    const closers: Array<() => Promise<unknown>> = [];
    const later = <T extends { close(): Promise<unknown> } | { stop(): Promise<unknown> }>(thing: T): T => {
      closers.push(() => ('close' in thing ? thing.close() : thing.stop()));
      return thing;
    };
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    });

    const bus = async (options?: { inbox?: InboxStore }) => later(await fixture().bus(options));
    const consume = async (b: EventBus, options: ConsumerOptions, handler: EventHandler): Promise<ConsumerHandle> =>
      later(await b.consume({ backoffMs: fixture().backoffMs, ...options }, handler));
    const lettersOf = async (b: EventBus, consumer: string): Promise<DeadLetter[]> =>
      (await b.deadLetters()).filter((l) => l.consumer === consumer);

    it('delivers published events to a consumer, in order', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const seen: number[] = [];
      await consume(b, { durableName: `${ctx}-reader`, subjects: [`events.${ctx}.>`] }, async (e) => {
        seen.push((e.data as { n: number }).n);
      });
      await b.publish([1, 2, 3].map((n) => envelope(ctx, 'ReservationRequested', n)));
      await b.publish([envelope(ctx, 'ConsentReceived', 4)]);
      await eventually(() => expect(seen).toEqual([1, 2, 3, 4]));
    });

    it('delivers the envelope as published, correlation id included', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const received: EventEnvelope[] = [];
      await consume(
        b,
        { durableName: `${ctx}-reader`, subjects: [`events.${ctx}.ReservationRequested`] },
        async (e) => {
          received.push(e);
        },
      );
      const sent = envelope(ctx, 'ReservationRequested', 7);
      await b.publish([envelope(ctx, 'SessionNoShow', 6), sent]);
      await eventually(() => expect(received).toEqual([sent]));
    });

    it('redelivers an event whose handler failed, and the retry succeeds', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const attempts = new Map<number, number>();
      const done: number[] = [];
      const durableName = `${ctx}-flaky`;
      await consume(b, { durableName, subjects: [`events.${ctx}.>`] }, async (e) => {
        const n = (e.data as { n: number }).n;
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        if (n === 2 && attempts.get(n) === 1) throw new Error('mail server busy');
        done.push(n);
      });
      await b.publish([1, 2, 3].map((n) => envelope(ctx, 'ReservationRequested', n)));
      await eventually(() => expect([...done].sort()).toEqual([1, 2, 3]));
      expect(attempts.get(2)).toBe(2);
      await settle(fixture().quietMs);
      expect(done.filter((n) => n === 2)).toHaveLength(1);
      expect(await lettersOf(b, durableName)).toEqual([]);
    });

    it('sends a poison message to the dead-letter stream, tells the listeners, and keeps consuming', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const durableName = `${ctx}-strict`;
      const alerts: DeadLetter[] = [];
      b.onDeadLetter((letter) => {
        alerts.push(letter);
      });
      const done: number[] = [];
      let poisonCalls = 0;
      await consume(b, { durableName, subjects: [`events.${ctx}.>`] }, async (e) => {
        const n = (e.data as { n: number }).n;
        if (n === 2) {
          poisonCalls++;
          throw new PoisonMessageError('schemaVersion 9 is unknown');
        }
        done.push(n);
      });
      const events = [1, 2, 3].map((n) => envelope(ctx, 'ReservationRequested', n));
      await b.publish(events);
      await eventually(() => expect(done).toEqual([1, 3]));
      await eventually(async () => expect(await lettersOf(b, durableName)).toHaveLength(1));
      const [letter] = await lettersOf(b, durableName);
      expect(letter).toMatchObject({
        consumer: durableName,
        subject: `events.${ctx}.ReservationRequested`,
        eventId: events[1].eventId,
        deliveries: 1,
      });
      expect(letter.error).toContain('schemaVersion 9 is unknown');
      expect(JSON.parse(letter.payload)).toEqual(events[1]);
      await eventually(() => expect(alerts.filter((a) => a.consumer === durableName)).toHaveLength(1));
      expect(poisonCalls).toBe(1);
      await b.publish([envelope(ctx, 'ReservationRequested', 4)]);
      await eventually(() => expect(done).toEqual([1, 3, 4]));
    });

    it('dead-letters an event after maxDeliver failed deliveries', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const durableName = `${ctx}-hopeless`;
      let calls = 0;
      await consume(b, { durableName, subjects: [`events.${ctx}.>`], maxDeliver: 3 }, async () => {
        calls++;
        throw new Error('downstream refuses');
      });
      const event = envelope(ctx, 'ReservationRequested', 1);
      await b.publish([event]);
      await eventually(async () => expect(await lettersOf(b, durableName)).toHaveLength(1));
      expect((await lettersOf(b, durableName))[0]).toMatchObject({ eventId: event.eventId, deliveries: 3 });
      expect(calls).toBe(3);
      await settle(fixture().quietMs);
      expect(calls).toBe(3);
    });

    it('tells the handler which delivery it is and when a failure would be the last, outages not counted', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const attempts: DeliveryAttempt[] = [];
      await consume(
        b,
        { durableName: `${ctx}-counted`, subjects: [`events.${ctx}.>`], maxDeliver: 3 },
        async (_e, attempt) => {
          attempts.push(attempt);
          if (attempts.length === 2) throw new StoreUnavailableError('the database is restarting');
          // The handler settles the last attempt itself: nothing goes to the dead-letter stream.
          if (!attempt.last) throw new Error('not yet');
        },
      );
      await b.publish([envelope(ctx, 'ReservationRequested', 1)]);
      await eventually(() => expect(attempts).toHaveLength(4));
      expect(attempts).toEqual([
        { number: 1, last: false },
        { number: 2, last: false },
        { number: 2, last: false },
        { number: 3, last: true },
      ]);
      await settle(fixture().quietMs);
      expect(attempts).toHaveLength(4);
      expect(await lettersOf(b, `${ctx}-counted`)).toEqual([]);
    });

    it('keeps retrying while a dependency is unavailable, past maxDeliver, without dead-lettering', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const durableName = `${ctx}-patient`;
      let calls = 0;
      const done: number[] = [];
      await consume(b, { durableName, subjects: [`events.${ctx}.>`], maxDeliver: 2 }, async (e) => {
        calls++;
        if (calls <= 3) throw new StoreUnavailableError('the database is restarting');
        if (calls === 4) throw new Error('one ordinary failure still gets its retry');
        done.push((e.data as { n: number }).n);
      });
      await b.publish([envelope(ctx, 'ReservationRequested', 1)]);
      await eventually(() => expect(done).toEqual([1]));
      expect(calls).toBe(5);
      expect(await lettersOf(b, durableName)).toEqual([]);
    });

    it('handles the same eventId published twice only once', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const seen: string[] = [];
      await consume(b, { durableName: `${ctx}-once`, subjects: [`events.${ctx}.>`] }, async (e) => {
        seen.push(e.eventId);
      });
      const event = envelope(ctx, 'ReservationRequested', 1);
      await b.publish([event]);
      await b.publish([event, envelope(ctx, 'ReservationRequested', 2)]);
      await eventually(() => expect(seen).toHaveLength(2));
      await settle(fixture().quietMs);
      expect(seen.filter((id) => id === event.eventId)).toHaveLength(1);
    });

    it('skips an event id the inbox already holds, and records the ids it handled', async () => {
      const store = await fixture().store();
      const b = await bus({ inbox: store.inbox });
      const ctx = uniqueContext();
      const durableName = `${ctx}-idem`;
      const handled = envelope(ctx, 'ReservationRequested', 1);
      const fresh = envelope(ctx, 'ReservationRequested', 2);
      await store.inbox.add(durableName, handled.eventId);
      const seen: string[] = [];
      await consume(b, { durableName, subjects: [`events.${ctx}.>`] }, async (e) => {
        seen.push(e.eventId);
      });
      await b.publish([handled, fresh]);
      await eventually(async () => expect(await store.inbox.has(durableName, fresh.eventId)).toBe(true));
      expect(seen).toEqual([fresh.eventId]);
    });

    it('resumes a stopped durable consumer where it stopped: no loss, no repeat', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const options: ConsumerOptions = { durableName: `${ctx}-durable`, subjects: [`events.${ctx}.>`] };
      const seen: number[] = [];
      const handler = async (e: EventEnvelope) => {
        seen.push((e.data as { n: number }).n);
      };
      const first = await b.consume({ backoffMs: fixture().backoffMs, ...options }, handler);
      await b.publish([1, 2, 3].map((n) => envelope(ctx, 'ReservationRequested', n)));
      await eventually(() => expect(seen).toEqual([1, 2, 3]));
      await first.stop();
      const publishedWhileStopped = b.publish([4, 5].map((n) => envelope(ctx, 'ReservationRequested', n)));
      await publishedWhileStopped;
      await settle(fixture().quietMs);
      expect(seen).toEqual([1, 2, 3]);
      await consume(b, options, handler);
      await b.publish([envelope(ctx, 'ReservationRequested', 6)]);
      await eventually(() => expect(seen).toEqual([1, 2, 3, 4, 5, 6]));
      await settle(fixture().quietMs);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('delivers events matching any of several filters, each once', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      const seen: string[] = [];
      await consume(
        b,
        { durableName: `${ctx}-multi`, subjects: [`events.${ctx}.SessionNoShow`, `events.${ctx}.SessionTerminated`] },
        async (e) => {
          seen.push(e.type);
        },
      );
      await b.publish([
        envelope(ctx, 'SessionNoShow', 1),
        envelope(ctx, 'ReservationRequested', 2),
        envelope(ctx, 'SessionTerminated', 3),
      ]);
      await eventually(() => expect([...seen].sort()).toEqual(['SessionNoShow', 'SessionTerminated']));
      await settle(fixture().quietMs);
      expect(seen).toHaveLength(2);
    });

    it('refuses overlapping filters, which would hand one event over twice', async () => {
      const b = await bus();
      const ctx = uniqueContext();
      await expect(
        b.consume(
          { durableName: `${ctx}-overlap`, subjects: [`events.${ctx}.>`, `events.${ctx}.SessionNoShow`] },
          async () => undefined,
        ),
      ).rejects.toThrow(/overlap/);
    });

    describe('batches (ConsumerOptions.batch)', () => {
      const nOf = (e: EventEnvelope) => (e.data as { n: number }).n;
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      /** Publishes the first event alone and, while its (slow) handler has it, the rest together. */
      const publishWhileFirstInHand = async (b: EventBus, first: EventEnvelope, rest: EventEnvelope[]) => {
        const alone = b.publish([first]);
        await pause(50);
        await b.publish(rest);
        await alone;
      };

      it('hands events that wait together to the batch handler, in order, each once', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const seen: number[] = [];
        const batches: number[][] = [];
        await consume(
          b,
          {
            durableName: `${ctx}-bulk`,
            subjects: [`events.${ctx}.>`],
            batch: {
              handle: async (events) => {
                batches.push(events.map(nOf));
                seen.push(...events.map(nOf));
              },
            },
          },
          async (e) => {
            // The first event is slow, so the others arrive while it is in hand.
            if (nOf(e) === 1) await pause(300);
            seen.push(nOf(e));
          },
        );
        await publishWhileFirstInHand(
          b,
          envelope(ctx, 'ReservationRequested', 1),
          [2, 3, 4, 5, 6].map((n) => envelope(ctx, 'ReservationRequested', n)),
        );
        await eventually(() => expect(seen).toEqual([1, 2, 3, 4, 5, 6]));
        expect(batches.some((batch) => batch.length > 1)).toBe(true);
        await settle(fixture().quietMs);
        expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
      });

      it('takes no more than batch.max events at once', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const seen: number[] = [];
        const sizes: number[] = [];
        await consume(
          b,
          {
            durableName: `${ctx}-bounded`,
            subjects: [`events.${ctx}.>`],
            batch: {
              max: 2,
              handle: async (events) => {
                sizes.push(events.length);
                seen.push(...events.map(nOf));
              },
            },
          },
          async (e) => {
            if (nOf(e) === 1) await pause(300);
            seen.push(nOf(e));
          },
        );
        await publishWhileFirstInHand(
          b,
          envelope(ctx, 'ReservationRequested', 1),
          [2, 3, 4, 5, 6, 7].map((n) => envelope(ctx, 'ReservationRequested', n)),
        );
        await eventually(() => expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]));
        expect(sizes.length).toBeGreaterThan(0);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
      });

      it('delivers the events of a failed batch one by one, with the usual retries, each once', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const durableName = `${ctx}-fallback`;
        const alone: number[] = [];
        let batchCalls = 0;
        const attempts = new Map<number, number>();
        await consume(
          b,
          {
            durableName,
            subjects: [`events.${ctx}.>`],
            batch: {
              handle: async () => {
                batchCalls++;
                throw new Error('one of them is in the trail already');
              },
            },
          },
          async (e) => {
            const n = nOf(e);
            attempts.set(n, (attempts.get(n) ?? 0) + 1);
            if (n === 1) await pause(300);
            // One event of the batch also fails alone once: it is retried, not lost.
            if (n === 4 && attempts.get(n) === 1) throw new Error('busy');
            alone.push(n);
          },
        );
        await publishWhileFirstInHand(
          b,
          envelope(ctx, 'ReservationRequested', 1),
          [2, 3, 4, 5].map((n) => envelope(ctx, 'ReservationRequested', n)),
        );
        await eventually(() => expect([...alone].sort()).toEqual([1, 2, 3, 4, 5]));
        expect(batchCalls).toBeGreaterThan(0);
        expect(attempts.get(4)).toBe(2);
        await settle(fixture().quietMs);
        expect([...alone].sort()).toEqual([1, 2, 3, 4, 5]);
        expect(await lettersOf(b, durableName)).toEqual([]);
      });

      it('looks in the inbox for each event of a batch and records the ones it handled', async () => {
        const store = await fixture().store();
        const b = await bus({ inbox: store.inbox });
        const ctx = uniqueContext();
        const durableName = `${ctx}-bulk-idem`;
        const events = [1, 2, 3, 4, 5].map((n) => envelope(ctx, 'ReservationRequested', n));
        await store.inbox.add(durableName, events[2].eventId);
        const seen: number[] = [];
        await consume(
          b,
          {
            durableName,
            subjects: [`events.${ctx}.>`],
            batch: {
              handle: async (batch) => {
                seen.push(...batch.map(nOf));
              },
            },
          },
          async (e) => {
            if (nOf(e) === 1) await pause(300);
            seen.push(nOf(e));
          },
        );
        await publishWhileFirstInHand(b, events[0], events.slice(1));
        await eventually(() => expect(seen).toEqual([1, 2, 4, 5]));
        for (const n of [1, 2, 4, 5])
          await eventually(async () => expect(await store.inbox.has(durableName, events[n - 1].eventId)).toBe(true));
      });
    });

    describe('lanes (ConsumerOptions.lanes)', () => {
      const nOf = (e: EventEnvelope) => (e.data as { n: number }).n;
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      /** Events of keys a, b, c, d in turn: n = 1..count, key of n is 'abcd'[(n - 1) % 4]. */
      const keyed = (ctx: string, count: number) =>
        Array.from({ length: count }, (_, i) => ({
          ...envelope(ctx, 'ReservationRequested', i + 1),
          data: { n: i + 1, key: 'abcd'[i % 4] },
        }));
      const keyOf = (e: EventEnvelope) => (e.data as { key: string }).key;
      const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
      /** Counts the handlers in hand at once: `most` is the highest count seen. */
      const inHandMeter = () => {
        let inHand = 0;
        const meter = {
          most: 0,
          async during(work: () => Promise<unknown>) {
            inHand++;
            meter.most = Math.max(meter.most, inHand);
            try {
              await work();
            } finally {
              inHand--;
            }
          },
        };
        return meter;
      };

      it('handles events of different keys side by side, each key in order, each event once', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const meter = inHandMeter();
        const seen: Array<{ key: string; n: number }> = [];
        // Key a: 1-4, the first slow; key b: 5-8, all quick. A pool that ignored the keys
        // would finish 2-4 before 1; lanes by key keep a's order and run b beside it.
        const events = Array.from({ length: 8 }, (_, i) => ({
          ...envelope(ctx, 'ReservationRequested', i + 1),
          data: { n: i + 1, key: i < 4 ? 'a' : 'b' },
        }));
        await consume(
          b,
          { durableName: `${ctx}-lanes`, subjects: [`events.${ctx}.>`], lanes: { count: 4, keyOf } },
          async (e) => {
            await meter.during(() => pause(nOf(e) === 1 ? 300 : 10));
            seen.push({ key: keyOf(e), n: nOf(e) });
          },
        );
        await b.publish(events);
        await eventually(() => expect(seen).toHaveLength(8));
        expect(seen.filter((s) => s.key === 'a').map((s) => s.n)).toEqual([1, 2, 3, 4]);
        expect(seen.filter((s) => s.key === 'b').map((s) => s.n)).toEqual([5, 6, 7, 8]);
        // b went by while a's first was in hand.
        expect(seen.findIndex((s) => s.n === 8)).toBeLessThan(seen.findIndex((s) => s.n === 1));
        expect(meter.most).toBeGreaterThan(1);
        await settle(fixture().quietMs);
        expect(seen).toHaveLength(8);
      });

      it('takes no more than count at once, across several subjects', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const meter = inHandMeter();
        const seen: number[] = [];
        const types = ['ReservationRequested', 'ReservationOffered', 'ConsentReceived'];
        await consume(
          b,
          {
            durableName: `${ctx}-bounded-lanes`,
            subjects: types.map((type) => `events.${ctx}.${type}`),
            lanes: { count: 2, keyOf: (e) => String(nOf(e)) },
          },
          async (e) => {
            await meter.during(() => pause(40));
            seen.push(nOf(e));
          },
        );
        await b.publish(Array.from({ length: 12 }, (_, i) => envelope(ctx, types[i % 3], i + 1)));
        await eventually(() => expect([...seen].sort((x, y) => x - y)).toEqual(range(1, 12)), 15_000);
        expect(meter.most).toBeLessThanOrEqual(2);
      });

      it('stopped while lanes are busy: what was in hand finishes, the rest comes after a restart, each once', async () => {
        // At least once, deduplicated by the inbox: a message a stopped consumer had pulled
        // may come again, and the inbox is what makes that harmless (as for every consumer).
        const store = await fixture().store();
        const b = await bus({ inbox: store.inbox });
        const ctx = uniqueContext();
        const durableName = `${ctx}-lanes-stop`;
        const seen: Array<{ key: string; n: number }> = [];
        const handler = async (e: EventEnvelope) => {
          await pause(60);
          seen.push({ key: keyOf(e), n: nOf(e) });
        };
        const options = { durableName, subjects: [`events.${ctx}.>`], lanes: { count: 3, keyOf } };
        const first = await b.consume({ backoffMs: fixture().backoffMs, ...options }, handler);
        // The in-process bus's publish resolves once its events are handled or set aside: not awaited before the stop.
        const publishing = b.publish(keyed(ctx, 12));
        await pause(100);
        await first.stop();
        const atStop = seen.length;
        expect(atStop).toBeLessThan(12);
        await publishing;
        await consume(b, options, handler);
        await eventually(() => expect(new Set(seen.map((s) => s.n)).size).toBe(12), 15_000);
        await settle(fixture().quietMs);
        // Each once; not in order: on JetStream what the stopped consumer had pulled comes
        // back after its ack wait, behind what was published after it.
        expect(seen).toHaveLength(12);
      });

      it('handles one key one event at a time, however many lanes', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const meter = inHandMeter();
        const seen: number[] = [];
        await consume(
          b,
          { durableName: `${ctx}-one-key`, subjects: [`events.${ctx}.>`], lanes: { count: 8, keyOf: () => 'same' } },
          async (e) => {
            await meter.during(() => pause(20));
            seen.push(nOf(e));
          },
        );
        await b.publish([1, 2, 3, 4, 5, 6].map((n) => envelope(ctx, 'ReservationRequested', n)));
        await eventually(() => expect(seen).toEqual([1, 2, 3, 4, 5, 6]));
        expect(meter.most).toBe(1);
      });

      it('retries a failed event in its lane while the other lanes go on, and loses none', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const attempts = new Map<number, number>();
        const seen: number[] = [];
        await consume(
          b,
          { durableName: `${ctx}-lane-retry`, subjects: [`events.${ctx}.>`], lanes: { count: 4, keyOf } },
          async (e) => {
            const n = nOf(e);
            attempts.set(n, (attempts.get(n) ?? 0) + 1);
            if (n === 2 && attempts.get(n) === 1) throw new Error('busy');
            seen.push(n);
          },
        );
        await b.publish(keyed(ctx, 8));
        await eventually(() => expect([...seen].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]));
        expect(attempts.get(2)).toBe(2);
        await settle(fixture().quietMs);
        expect(seen).toHaveLength(8);
      });

      it('refuses lanes together with batches, and a count out of range', async () => {
        const b = await bus();
        const ctx = uniqueContext();
        const handle = async () => undefined;
        await expect(
          b.consume(
            {
              durableName: `${ctx}-both`,
              subjects: [`events.${ctx}.>`],
              lanes: { count: 2, keyOf },
              batch: { handle },
            },
            handle,
          ),
        ).rejects.toThrow(/lanes and batch/);
        await expect(
          b.consume({ durableName: `${ctx}-many`, subjects: [`events.${ctx}.>`], lanes: { count: 0, keyOf } }, handle),
        ).rejects.toThrow(/lanes.count/);
      });
    });

    describe('relay', () => {
      const append = async (store: EventStore, stream: string, n: number) => {
        const events = Array.from({ length: n }, (_, i) => ({
          eventId: randomUUID(),
          type: 'ReservationRequested',
          data: { i },
          metadata: { correlationId: `corr-${stream}-${i}`, schemaVersion: 1 },
        }));
        await store.append(stream, events, 'any');
        return events.map((e) => e.eventId);
      };

      it('publishes the events appended to the store, and consumers receive them', async () => {
        const store = await fixture().store();
        const b = await bus();
        const ctx = uniqueContext();
        const seen: EventEnvelope[] = [];
        await consume(b, { durableName: `${ctx}-relayed`, subjects: [`events.${ctx}.>`] }, async (e) => {
          seen.push(e);
        });
        const before = await append(store, `reservation-${ctx}-a`, 3);
        later(startRelay(store, b, ctx));
        const after = await append(store, `reservation-${ctx}-b`, 2);
        await eventually(() => expect(seen.map((e) => e.eventId)).toEqual([...before, ...after]));
        const recorded = (await store.readStream(`reservation-${ctx}-a`))[0];
        expect(seen[0]).toMatchObject({
          context: ctx,
          type: 'ReservationRequested',
          streamId: `reservation-${ctx}-a`,
          revision: 0,
          position: recorded.position.toString(),
        });
        expect(seen[0].metadata.correlationId).toBe(`corr-reservation-${ctx}-a-0`);
      });

      it('resumes from its checkpoint when stopped and started again', async () => {
        const store = await fixture().store();
        const b = await bus();
        const ctx = uniqueContext();
        const published: string[] = [];
        const counting: EventBus = Object.assign(Object.create(b) as EventBus, {
          publish: async (events: EventEnvelope[]) => {
            await b.publish(events);
            published.push(...events.map((e) => e.eventId));
          },
        });
        const seen: string[] = [];
        await consume(b, { durableName: `${ctx}-relayed`, subjects: [`events.${ctx}.>`] }, async (e) => {
          seen.push(e.eventId);
        });
        const first = await append(store, `reservation-${ctx}`, 3);
        const relay = startRelay(store, counting, ctx);
        await eventually(() => expect(seen).toEqual(first));
        await relay.stop();
        const second = await append(store, `reservation-${ctx}`, 3);
        later(startRelay(store, counting, ctx));
        await eventually(() => expect(seen).toEqual([...first, ...second]));
        expect(published).toEqual([...first, ...second]);
        expect(await store.checkpoints.get(`relay-${ctx}`)).toBe(
          (await store.readStream(`reservation-${ctx}`)).at(-1)?.position,
        );
      });

      it('keeps retrying the same events while the bus fails, skipping none', async () => {
        const store = await fixture().store();
        const b = await bus();
        const ctx = uniqueContext();
        let failuresLeft = 3;
        const flaky: EventBus = Object.assign(Object.create(b) as EventBus, {
          publish: async (events: EventEnvelope[]) => {
            if (failuresLeft-- > 0) throw new Error('nats: timeout');
            await b.publish(events);
          },
        });
        const seen: string[] = [];
        await consume(b, { durableName: `${ctx}-relayed`, subjects: [`events.${ctx}.>`] }, async (e) => {
          seen.push(e.eventId);
        });
        const ids = await append(store, `reservation-${ctx}`, 4);
        later(startRelay(store, flaky, ctx));
        await eventually(() => expect(seen).toEqual(ids));
        expect(failuresLeft).toBeLessThan(0);
      });
    });
  });
}

export function startRelay(store: EventStore, bus: EventBus, context: string): EventRelay {
  const relay = new EventRelay({
    store,
    bus,
    context,
    streamPrefixes: [`reservation-${context}`],
    retryMinMs: 20,
    retryMaxMs: 200,
  });
  relay.start();
  return relay;
}
