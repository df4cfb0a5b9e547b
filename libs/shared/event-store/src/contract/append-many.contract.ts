// Appending to several streams at once, for the stores that can (the SQL adapters):
// EventStore.appendMany (all or nothing), and the group commit of concurrent appends
// (each its own answer). Run from each SQL adapter's *.int.spec.ts beside the contract.
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type StreamAppend,
} from '../event-store.port';
import type { ContractSubject } from './event-store.contract';
import { newEvent, readAllOnceVisible } from './event-store.contract';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The transaction a position was committed in (positions are (xid << 20) + index). */
const transactionOf = (position: bigint) => position >> 20n;

export function describeAppendManyContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`event store appends to several streams: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore & Required<Pick<EventStore, 'appendMany'>>;
    let prefix: string;

    beforeAll(async () => {
      subject = await open();
      if (!subject.store.appendMany) throw new Error(`${name} has no appendMany`);
      store = subject.store as typeof store;
    });

    afterAll(async () => {
      await store?.close();
      await subject?.dispose?.();
    });

    beforeEach(() => {
      prefix = `m${randomUUID().slice(0, 8)}`;
    });

    describe('appendMany', () => {
      it('appends to every stream in one transaction and answers each append in order', async () => {
        await store.append(`${prefix}-b`, [newEvent('Opened')], 'no_stream');
        const appends: StreamAppend[] = [
          { streamId: `${prefix}-a`, events: [newEvent('Opened'), newEvent('Renamed')], expected: 'no_stream' },
          { streamId: `${prefix}-b`, events: [newEvent('Renamed')], expected: 0 },
          { streamId: `${prefix}-c`, events: [newEvent('Logged')], expected: 'any' },
        ];
        const results = await store.appendMany(appends);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1, 0]);
        expect(new Set(results.map((r) => transactionOf(r.position))).size).toBe(1);
        expect((await store.readStream(`${prefix}-b`)).map((e) => [e.revision, e.type])).toEqual([
          [0, 'Opened'],
          [1, 'Renamed'],
        ]);
        const all = await readAllOnceVisible(store, results[0].position - 2n, 4, (e) => e.streamId.startsWith(prefix));
        expect(all.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`)).toEqual([
          '-a:Opened',
          '-a:Renamed',
          '-b:Renamed',
          '-c:Logged',
        ]);
        expect(all.at(-1)?.position).toBe(results[2].position);
      });

      it('writes nothing when one append’s expectation fails, and throws that append’s error', async () => {
        await store.append(`${prefix}-b`, [newEvent('Opened'), newEvent('Renamed')], 'no_stream');
        const error = await rejection(
          store.appendMany([
            { streamId: `${prefix}-a`, events: [newEvent('Opened')], expected: 'no_stream' },
            { streamId: `${prefix}-b`, events: [newEvent('Closed')], expected: 0 },
            { streamId: `${prefix}-c`, events: [newEvent('Opened')], expected: 'no_stream' },
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: `${prefix}-b`, expected: 0, actual: 1 });
        expect(await store.readStream(`${prefix}-a`)).toEqual([]);
        expect(await store.readStream(`${prefix}-b`)).toHaveLength(2);
        expect(await store.readStream(`${prefix}-c`)).toEqual([]);
      });

      it('writes nothing when one event id is held by another stream', async () => {
        const held = newEvent('Opened');
        await store.append(`${prefix}-x`, [held], 'no_stream');
        const error = await rejection(
          store.appendMany([
            { streamId: `${prefix}-a`, events: [newEvent('Opened')], expected: 'no_stream' },
            { streamId: `${prefix}-b`, events: [held], expected: 'no_stream' },
          ]),
        );
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: held.eventId });
        expect(await store.readStream(`${prefix}-a`)).toEqual([]);
      });

      it('answers a retry as the first call did and adds nothing, also when only some of its appends are retries', async () => {
        const appends: StreamAppend[] = [
          { streamId: `${prefix}-a`, events: [newEvent('Opened')], expected: 'no_stream' },
          { streamId: `${prefix}-b`, events: [newEvent('Opened'), newEvent('Renamed')], expected: 'no_stream' },
        ];
        const first = await store.appendMany(appends);
        expect(await store.appendMany(appends)).toEqual(first);
        const more = await store.appendMany([
          appends[1],
          { streamId: `${prefix}-a`, events: [newEvent('Renamed')], expected: 0 },
        ]);
        expect(more[0]).toEqual(first[1]);
        expect(more[1].nextExpectedRevision).toBe(1);
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(2);
        expect(await store.readStream(`${prefix}-b`)).toHaveLength(2);
      });

      it('refuses a retry in which one event changed its data, and writes none of it', async () => {
        const booked = newEvent('SlotBooked', { reservationId: 'r1' });
        const appends: StreamAppend[] = [
          { streamId: `${prefix}-a`, events: [newEvent('Confirmed', { slot: 'S1' })], expected: 'no_stream' },
          { streamId: `${prefix}-b`, events: [booked], expected: 'no_stream' },
        ];
        await store.appendMany(appends);
        const error = await rejection(
          store.appendMany([
            { streamId: `${prefix}-c`, events: [newEvent('Opened')], expected: 'no_stream' },
            { ...appends[1], events: [{ ...booked, data: { reservationId: 'r2' } }] },
          ]),
        );
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: booked.eventId });
        expect(await store.readStream(`${prefix}-c`)).toEqual([]);
        expect((await store.readStream(`${prefix}-b`)).map((e) => e.data)).toEqual([{ reservationId: 'r1' }]);
      });

      it('refuses a stream named twice and an event id carried twice before writing anything', async () => {
        await expect(
          store.appendMany([
            { streamId: `${prefix}-a`, events: [newEvent('Opened')], expected: 'no_stream' },
            { streamId: `${prefix}-a`, events: [newEvent('Renamed')], expected: 0 },
          ]),
        ).rejects.toBeInstanceOf(RangeError);
        const event = newEvent('Opened');
        await expect(
          store.appendMany([
            { streamId: `${prefix}-a`, events: [event], expected: 'no_stream' },
            { streamId: `${prefix}-b`, events: [event], expected: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(
          store.appendMany([{ streamId: `${prefix}-a`, events: [], expected: 'no_stream' }]),
        ).rejects.toBeInstanceOf(TypeError);
        expect(await store.readStream(`${prefix}-a`)).toEqual([]);
        expect(await store.appendMany([])).toEqual([]);
      });
    });

    describe('concurrent appends (group commit)', () => {
      it('commits many concurrent appends in fewer transactions, each answered as if alone', async () => {
        const count = 40;
        const results = await Promise.all(
          Array.from({ length: count }, (_, i) =>
            store.append(`${prefix}-s${i}`, [newEvent('Opened'), newEvent('Renamed')], 'no_stream'),
          ),
        );
        expect(results.every((r) => r.nextExpectedRevision === 1)).toBe(true);
        expect(new Set(results.map((r) => r.position)).size).toBe(count);
        expect(new Set(results.map((r) => transactionOf(r.position))).size).toBeLessThan(count / 2);
        for (let i = 0; i < count; i += 13) {
          const events = await store.readStream(`${prefix}-s${i}`);
          expect(events.map((e) => e.type)).toEqual(['Opened', 'Renamed']);
          expect(events[1].position).toBe(results[i].position);
        }
      });

      it('fails only the append whose expectation does not hold; the others of its group commit', async () => {
        await store.append(`${prefix}-stale`, [newEvent('Opened'), newEvent('Renamed')], 'no_stream');
        const held = newEvent('Held');
        await store.append(`${prefix}-holder`, [held], 'no_stream');
        const outcomes = await Promise.allSettled([
          ...Array.from({ length: 10 }, (_, i) => store.append(`${prefix}-ok${i}`, [newEvent('Opened')], 'no_stream')),
          store.append(`${prefix}-stale`, [newEvent('Closed')], 0),
          store.append(`${prefix}-dup`, [held], 'no_stream'),
          ...Array.from({ length: 10 }, (_, i) =>
            store.append(`${prefix}-ok${10 + i}`, [newEvent('Opened')], 'no_stream'),
          ),
        ]);
        const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
        expect(failed).toHaveLength(2);
        expect(failed.find((e) => e instanceof WrongExpectedRevisionError)).toMatchObject({
          streamId: `${prefix}-stale`,
          actual: 1,
        });
        expect(failed.find((e) => e instanceof DuplicateEventIdError)).toMatchObject({ eventId: held.eventId });
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
        expect(await store.readStream(`${prefix}-stale`)).toHaveLength(2);
        expect(await store.readStream(`${prefix}-dup`)).toEqual([]);
        for (let i = 0; i < 20; i++) expect(await store.readStream(`${prefix}-ok${i}`)).toHaveLength(1);
      });

      it('keeps concurrent appends to one stream in the order they were made', async () => {
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.append(`${prefix}-log`, [newEvent(`Entry${i}`)], 'any')),
        );
        expect(results.map((r) => r.nextExpectedRevision)).toEqual(Array.from({ length: 12 }, (_, i) => i));
        expect((await store.readStream(`${prefix}-log`)).map((e) => e.type)).toEqual(
          Array.from({ length: 12 }, (_, i) => `Entry${i}`),
        );
      });

      it('answers concurrent retries of one append with the same result', async () => {
        const events = [newEvent('Opened')];
        const results = await Promise.all([
          ...Array.from({ length: 6 }, (_, i) =>
            store.append(`${prefix}-other${i}`, [newEvent('Opened')], 'no_stream'),
          ),
          store.append(`${prefix}-a`, events, 'no_stream'),
          store.append(`${prefix}-a`, events, 'no_stream'),
          store.append(`${prefix}-a`, events, 'no_stream'),
        ]);
        expect(results[7]).toEqual(results[6]);
        expect(results[8]).toEqual(results[6]);
        expect(await store.readStream(`${prefix}-a`)).toHaveLength(1);
      });
    });
  });
}
