import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, startPostgres } from '@soudan/testing';
import { describeAppendManyContract } from '../contract/append-many.contract';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const server = await startPostgres();
  const database = await createTestDatabase(server);
  const store = await PostgresEventStore.connect({ url: database.url, schema: 'contract', pollIntervalMs: 200 });
  return {
    store,
    dispose: async () => {
      await database.drop();
      await server.stop();
    },
  };
});

describeAppendManyContract('PostgreSQL', async () => {
  const server = await startPostgres();
  const database = await createTestDatabase(server);
  const store = await PostgresEventStore.connect({ url: database.url, schema: 'append_many', pollIntervalMs: 200 });
  return {
    store,
    dispose: async () => {
      await database.drop();
      await server.stop();
    },
  };
});

/** A store on a database of its own, for one test; closed and dropped afterwards. */
async function withStore(
  schema: string,
  options: { pollIntervalMs?: number },
  test: (store: PostgresEventStore) => Promise<void>,
): Promise<void> {
  const server = await startPostgres();
  const database = await createTestDatabase(server);
  const store = await PostgresEventStore.connect({ url: database.url, schema, ...options });
  try {
    await test(store);
  } finally {
    await store.close();
    await database.drop();
    await server.stop();
  }
}

const noted = (data: unknown) => ({
  eventId: randomUUID(),
  type: 'Noted',
  data,
  metadata: { correlationId: 'c', actor: 'test', schemaVersion: 1 },
});

describe('PostgreSQL: subscriptions at the same head share their reads of all', () => {
  it('each subscription gets the appended events as its own copies, and one read serves them', async () => {
    await withStore('shared_reads', { pollIntervalMs: 5000 }, async (store) => {
      const readAll = jest.spyOn(store, 'readAll');
      const head = (await store.readAll({})).at(-1)?.position;
      const subscriptions = [store.subscribe({ after: head }), store.subscribe({ after: head })];
      const firsts = subscriptions.map((s) => s[Symbol.asyncIterator]().next());
      // Let both subscriptions make their first read of the head and wait for a wake-up.
      await new Promise((r) => setTimeout(r, 300));
      readAll.mockClear();
      await store.append('shared-1', [noted({ n: 1 })], 'no_stream');
      const [a, b] = await Promise.all(firsts);
      expect(a.value.data).toEqual({ n: 1 });
      expect(b.value.data).toEqual({ n: 1 });
      // One consumer changing what it got does not change what the other got.
      (a.value.data as { n: number }).n = 2;
      expect(b.value.data).toEqual({ n: 1 });
      // One read answered both wake-ups (a chase may add another when the commit showed late).
      expect(readAll.mock.calls.length).toBeLessThan(2 * subscriptions.length);
      await Promise.all(subscriptions.map((s) => s.stop()));
    });
  });
});

describe('PostgreSQL: subscriptions with different batch sizes at the same head share a read', () => {
  it('a read of a larger page answers a smaller one, each subscription still gets every event once and in order', async () => {
    await withStore('shared_pages', { pollIntervalMs: 5000 }, async (store) => {
      const readAll = jest.spyOn(store, 'readAll');
      const head = (await store.readAll({})).at(-1)?.position;
      // The store's default page, the event relay's former page of 100, and a page smaller
      // than the append, which must then read on for the rest.
      const subscriptions = [
        store.subscribe({ after: head }),
        store.subscribe({ after: head, batchSize: 100 }),
        store.subscribe({ after: head, batchSize: 2 }),
      ];
      const received = subscriptions.map(async (subscription) => {
        const got: number[] = [];
        for await (const event of subscription) {
          got.push((event.data as { n: number }).n);
          if (got.length === 3) break;
        }
        return got;
      });
      await new Promise((r) => setTimeout(r, 300));
      readAll.mockClear();
      await store.append(
        'pages-1',
        [1, 2, 3].map((n) => noted({ n })),
        'no_stream',
      );
      expect(await Promise.all(received)).toEqual([
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ]);
      // Keyed by page size, each would read the head itself (3 reads) and the smallest once
      // more; shared, the first read answers all three and the smallest reads on once.
      expect(readAll.mock.calls.length).toBeLessThan(subscriptions.length);
      await Promise.all(subscriptions.map((s) => s.stop()));
    });
  });
});

describe("PostgreSQL: the store's rows do not depend on pg's global type parsers", () => {
  it('reads events as stored when another library has replaced the global json, jsonb and int8 parsers', async () => {
    await withStore('global_parsers', {}, async (store) => {
      const { builtins } = pg.types;
      const saved = [builtins.JSONB, builtins.JSON, builtins.INT8].map(
        (oid) => [oid, pg.types.getTypeParser(oid)] as const,
      );
      try {
        await store.append('parsers-1', [noted({ n: 1, text: '相談' })], 'no_stream');
        // As Emmett's dumbo does when it loads (with a reviver and BigInt): here, values no store could use.
        pg.types.setTypeParser(builtins.JSONB, () => 'replaced');
        pg.types.setTypeParser(builtins.JSON, () => 'replaced');
        pg.types.setTypeParser(builtins.INT8, () => -1);
        const [event] = await store.readAll({});
        expect(event.data).toEqual({ n: 1, text: '相談' });
        expect(event.metadata).toEqual({ correlationId: 'c', actor: 'test', schemaVersion: 1 });
        expect(event.position).toBeGreaterThan(0n);
        const [again] = await store.readStream('parsers-1');
        expect(again).toEqual(event);
      } finally {
        for (const [oid, parser] of saved) pg.types.setTypeParser(oid, parser);
      }
    });
  });
});
