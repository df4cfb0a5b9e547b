// PostgreSQL-only behaviour: readers of "all" under concurrent writers, late commits,
// outages, and migrations racing. The contract suite covers the rest.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import {
  createTestDatabase,
  eventually,
  freePort,
  startPostgres,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { collect, newEvent, readAllOnceVisible } from '../contract/event-store.contract';
import { StoreUnavailableError, type AppendResult, type RecordedEvent } from '../event-store.port';
import { eventStoreSql } from '../sql/event-store-sql';
import { migrate } from '../sql/migrate';
import { openPgExecutor, pgSession } from './pg-executor';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';

let server: TestPostgresServer;
let database: TestDatabase;
const open: PostgresEventStore[] = [];

async function connect(options: Partial<PostgresEventStoreOptions> = {}) {
  const store = await PostgresEventStore.connect({
    url: database.url,
    schema: 'concurrency',
    pollIntervalMs: 200,
    ...options,
  });
  open.push(store);
  return store;
}

beforeAll(async () => {
  server = await startPostgres();
  database = await createTestDatabase(server);
});

afterAll(async () => {
  await Promise.all(open.map((store) => store.close()));
  await database?.drop();
  await server?.stop();
});

function isIncreasing(positions: bigint[]): boolean {
  return positions.every((position, i) => i === 0 || position > positions[i - 1]);
}

describe('PostgreSQL event store: readers of "all" never skip an event that commits late', () => {
  it('holds readers back while an earlier transaction is open, then delivers its events first when it commits', async () => {
    const store = await connect();
    const prefix = `late-${randomUUID().slice(0, 8)}`;
    const { position: start } = await store.append(`${prefix}-start`, [newEvent('Started')], 'no_stream');
    const subscription = store.subscribe({ after: start, streamPrefixes: [prefix] });
    const received = collect(subscription, 5);

    const early = await store.append(`${prefix}-early`, [newEvent('Early')], 'no_stream');

    // The late writer takes its transaction id (hence its position) now, and commits last.
    const late = new pg.Client({ connectionString: database.url });
    await late.connect();
    try {
      await late.query('BEGIN');
      const lateResult = await store.appendWithin(pgSession(late), `${prefix}-late`, [newEvent('Late')], 'no_stream');
      const others = [];
      for (let i = 0; i < 3; i++)
        others.push(await store.append(`${prefix}-other-${i}`, [newEvent(`Other${i}`)], 'no_stream'));
      expect(others.every((o) => o.position > lateResult.position)).toBe(true);

      // What a reader ordering by position alone would see now: the later events without
      // the late one. Having passed their positions, it would never come back for it.
      const observer = new pg.Client({ connectionString: database.url });
      await observer.connect();
      const naive = await observer
        .query(`SELECT type FROM concurrency.events WHERE position > $1 AND stream_id LIKE $2 ORDER BY position`, [
          early.position.toString(),
          `${prefix}%`,
        ])
        .finally(() => observer.end());
      expect(naive.rows.map((r) => r.type)).toEqual(['Other0', 'Other1', 'Other2']);

      // The store's readers stop before the open transaction instead: at it, or earlier
      // when another transaction on the same server (another test's, in a parallel run)
      // is older still, but never past it.
      const visible = (await store.readAll({ after: start, limit: 100 })).filter((e) => e.streamId.startsWith(prefix));
      expect([[], ['Early']]).toContainEqual(visible.map((e) => e.type));
      await new Promise((resolve) => setTimeout(resolve, 600));

      await late.query('COMMIT');
    } finally {
      await late.end();
    }

    const all = (await store.readAll({ after: start, limit: 100 })).filter((e) => e.streamId.startsWith(prefix));
    expect(all.map((e) => e.type)).toEqual(['Early', 'Late', 'Other0', 'Other1', 'Other2']);
    const delivered = await received;
    expect(delivered.map((e) => e.type)).toEqual(['Early', 'Late', 'Other0', 'Other1', 'Other2']);
    expect(isIncreasing(delivered.map((e) => e.position))).toBe(true);
  });

  it('16 concurrent writers: a subscriber in another store instance and a paging reader each see every event exactly once, in position order', async () => {
    const writerStore = await connect({ poolSize: 16 });
    const readerStore = await connect({ poolSize: 2 });
    const prefix = `stress-${randomUUID().slice(0, 8)}`;
    const { position: start } = await writerStore.append(`${prefix}-start`, [newEvent('Started')], 'no_stream');
    const writers = 16;
    const appendsPerWriter = 40;

    const appendedIds: string[] = [];
    const writing = Array.from({ length: writers }, async (_, w) => {
      let revision: number | 'no_stream' = 'no_stream';
      for (let i = 0; i < appendsPerWriter; i++) {
        const batch = Array.from({ length: 1 + ((w + i) % 3) }, (_, k) => newEvent('Written', { w, i, k }));
        // Half the writers share streams in pairs, stating 'any', so appends also race on revisions.
        const result: AppendResult =
          w % 2 === 0
            ? await writerStore.append(`${prefix}-w${w}`, batch, revision)
            : await writerStore.append(`${prefix}-pair${w >> 2}`, batch, 'any');
        if (w % 2 === 0) revision = result.nextExpectedRevision;
        appendedIds.push(...batch.map((e) => e.eventId));
      }
    });

    // A reader paging through "all" while the writers run, as a relay would.
    const paged: RecordedEvent[] = [];
    let writersDone = false;
    const paging = (async () => {
      let after = start;
      for (;;) {
        const page = await readerStore.readAll({ after, limit: 37 });
        paged.push(...page.filter((e) => e.streamId.startsWith(prefix)));
        if (page.length > 0) after = page[page.length - 1].position;
        else if (writersDone && paged.length === appendedIds.length) return;
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const subscribed = readerStore.subscribe({ after: start, streamPrefixes: [prefix], batchSize: 50 });
    const expectedCount = Array.from({ length: writers }, (_, w) =>
      Array.from({ length: appendsPerWriter }, (_, i) => 1 + ((w + i) % 3)),
    )
      .flat()
      .reduce((a, b) => a + b, 0);
    const received = collect(subscribed, expectedCount, 60_000);

    await Promise.all(writing);
    writersDone = true;
    await paging;
    const delivered = await received;

    for (const seen of [delivered, paged]) {
      expect(seen).toHaveLength(expectedCount);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(expectedCount);
      expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(appendedIds));
      expect(isIncreasing(seen.map((e) => e.position))).toBe(true);
    }
  });
});

describe('PostgreSQL event store: waking subscribers', () => {
  it('wakes a subscriber of another store instance through LISTEN/NOTIFY, long before its next poll', async () => {
    const writer = await connect({ schema: 'wakeup' });
    const reader = await connect({ schema: 'wakeup', pollIntervalMs: 60_000 });
    const prefix = `wake-${randomUUID().slice(0, 8)}`;
    const received = collect(reader.subscribe({ streamPrefixes: [prefix] }), 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first read found nothing; now it waits
    const started = Date.now();
    await writer.append(`${prefix}-a`, [newEvent('First')], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.append(`${prefix}-a`, [newEvent('Second')], 0);
    expect((await received).map((e) => e.type)).toEqual(['First', 'Second']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not wait a whole poll interval when the announced append is held back by a transaction elsewhere in the cluster', async () => {
    const writer = await connect({ schema: 'wakeup' });
    const reader = await connect({ schema: 'wakeup', pollIntervalMs: 60_000 });
    const prefix = `held-${randomUUID().slice(0, 8)}`;
    const received = collect(reader.subscribe({ streamPrefixes: [prefix] }), 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first read found nothing; now it waits
    // Another database of the same server with a transaction that has an id: it holds back every snapshot's xmin.
    const blocker = new pg.Client({ connectionString: (await createTestDatabase(server)).url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      await writer.append(`${prefix}-a`, [newEvent('Held')], 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 500)); // the wake-up's read saw nothing
      const released = Date.now();
      await blocker.query('COMMIT');
      expect((await received).map((e) => e.type)).toEqual(['Held']);
      expect(Date.now() - released).toBeLessThan(3_000);
    } finally {
      await blocker.end();
    }
  });
});

/** A TCP hop between the store and PostgreSQL that a test can cut and restore: an outage on demand. */
async function startCuttableProxy(
  target: URL,
): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let listener = net.createServer();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      listener = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut: async () => {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: listen,
  };
}

describe('PostgreSQL event store: when the database is unreachable', () => {
  it('fails to connect with StoreUnavailableError when nothing listens', async () => {
    const url = new URL(database.url);
    url.hostname = '127.0.0.1';
    url.port = String(await freePort());
    await expect(PostgresEventStore.connect({ url: url.toString(), connectTimeoutMs: 2_000 })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('answers ping and append with StoreUnavailableError during an outage, and its subscription resumes afterwards without loss or repeat', async () => {
    const proxy = await startCuttableProxy(new URL(database.url));
    const errors: unknown[] = [];
    const store = await connect({ url: proxy.url, schema: 'outage', onSubscriptionError: (e) => errors.push(e) });
    const direct = await connect({ schema: 'outage' });
    const prefix = `outage-${randomUUID().slice(0, 8)}`;
    const subscription = store.subscribe({ streamPrefixes: [prefix] });
    const received = collect(subscription, 4, 30_000);
    await store.append(`${prefix}-a`, [newEvent('BeforeOutage')], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 300));

    await proxy.cut();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    const failed = await store.append(`${prefix}-a`, [newEvent('Lost')], 0).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect(failed).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    // Others keep writing meanwhile; the subscriber must pick this up once back.
    await direct.append(`${prefix}-a`, [newEvent('DuringOutage1')], 0);
    await direct.append(`${prefix}-b`, [newEvent('DuringOutage2')], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 800));

    await proxy.restore();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.append(`${prefix}-a`, [newEvent('AfterOutage')], 1);

    expect((await received).map((e) => e.type)).toEqual([
      'BeforeOutage',
      'DuringOutage1',
      'DuringOutage2',
      'AfterOutage',
    ]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof StoreUnavailableError)).toBe(true);
    await proxy.cut();
  });
});

describe('PostgreSQL event store: snapshots in parts', () => {
  // About 1 MB a part: each part is a statement of its own, so a save of many parts takes a while.
  const bigParts = (count: number, tag: string) =>
    Array.from({ length: count }, (_, i) => ({ tag, i, text: `${tag}-${i}-`.padEnd(1_000_000, 'x') }));
  const partRows = async (schema: string, name: string) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".snapshot_parts WHERE name = $1`, [
        name,
      ]);
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('holds no transaction open while it writes the parts: an event appended meanwhile is read at once', async () => {
    const schema = `parts_${randomUUID().slice(0, 8)}`;
    const store = await connect({ schema });
    const { position: start } = await store.append('before', [newEvent('Before')], 'no_stream');
    let saved = false;
    const saving = store.snapshots.save('model', start, 'v1', bigParts(60, 'a')).then(() => (saved = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.append('during', [newEvent('During')], 'no_stream');
    const read = await readAllOnceVisible(store, start, 1, () => true);
    // Had the save been one transaction, "all" would hold the event back until it commits.
    expect(read.map((e) => e.type)).toEqual(['During']);
    expect(saved).toBe(false);
    await saving;
    // Read back in pages of 16, one page read ahead: every part, in order.
    const loaded = await store.snapshots.load('model');
    expect(loaded?.parts.map((part) => (part as { i: number }).i)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('two replicas saving at once leave one whole snapshot, and no parts of the other behind for long', async () => {
    const schema = `parts_${randomUUID().slice(0, 8)}`;
    const [a, b] = [await connect({ schema }), await connect({ schema })];
    await Promise.all([
      a.snapshots.save('model', 1n, 'v1', bigParts(12, 'a')),
      b.snapshots.save('model', 2n, 'v1', bigParts(9, 'b')),
    ]);
    const loaded = await a.snapshots.load('model');
    const tag = (loaded?.parts[0] as { tag: string }).tag;
    expect(loaded?.parts).toEqual(tag === 'a' ? bigParts(12, 'a') : bigParts(9, 'b'));
    // The loser's parts may be left as an orphan (dropped by a save an hour on); the next save drops the current ones.
    await a.snapshots.save('model', 3n, 'v1', [{ only: true }]);
    expect(await partRows(schema, 'model')).toBeLessThanOrEqual(tag === 'a' ? 8 : 11);
    expect(await a.snapshots.load('model')).toEqual({ position: 3n, version: 'v1', parts: [{ only: true }] });
  });

  it('a save that fails half way keeps the previous snapshot and leaves none of its parts', async () => {
    const schema = `parts_${randomUUID().slice(0, 8)}`;
    const store = await connect({ schema });
    await store.snapshots.save('model', 1n, 'v1', [{ first: 1 }, { second: 2 }]);
    const broken: unknown[] = [...bigParts(5, 'c'), { n: 1n }];
    await expect(store.snapshots.save('model', 2n, 'v1', broken)).rejects.toBeInstanceOf(TypeError);
    expect(await store.snapshots.load('model')).toEqual({
      position: 1n,
      version: 'v1',
      parts: [{ first: 1 }, { second: 2 }],
    });
    expect(await partRows(schema, 'model')).toBe(1);
  });

  it('a load that meets a save replacing the parts it reads reads the new ones', async () => {
    const schema = `parts_${randomUUID().slice(0, 8)}`;
    const [reader, writer] = [await connect({ schema }), await connect({ schema })];
    await writer.snapshots.save('model', 1n, 'v1', bigParts(40, 'a'));
    // Saves one after another while the reader loads: every load is whole, of one save.
    let writing = true;
    const writes = (async () => {
      for (let n = 2n; writing; n += 1n) await writer.snapshots.save('model', n, 'v1', bigParts(3, `w${n}`));
    })();
    for (let i = 0; i < 3; i += 1) {
      const loaded = await reader.snapshots.load('model');
      const tag = (loaded?.parts[0] as { tag: string }).tag;
      expect(loaded?.parts.every((part) => (part as { tag: string }).tag === tag)).toBe(true);
    }
    writing = false;
    await writes;
  });
});

describe('PostgreSQL event store: schemas and migrations', () => {
  it('migrates once when several processes start at the same moment', async () => {
    const schema = `race_${randomUUID().slice(0, 8)}`;
    const stores = await Promise.all(Array.from({ length: 4 }, () => connect({ schema })));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      expect(rows).toEqual(eventStoreSql(schema).migrations.map((m) => ({ version: m.version })));
    } finally {
      await client.end();
    }
    await stores[0].append('s', [newEvent('Works')], 'no_stream');
    expect(await stores[3].readStream('s')).toHaveLength(1);
  });

  it('keeps services that share a database apart, a schema each', async () => {
    const scheduling = await connect({ schema: 'scheduling' });
    const audit = await connect({ schema: 'audit' });
    const shared = newEvent('Same');
    await scheduling.append('stream-1', [shared], 'no_stream');
    await audit.append('stream-1', [shared, newEvent('Other')], 'no_stream');
    // Each stream holds only its own schema's events, at once.
    expect((await scheduling.readStream('stream-1')).map((e) => e.type)).toEqual(['Same']);
    expect((await audit.readStream('stream-1')).map((e) => e.type)).toEqual(['Same', 'Other']);
    // "All" may hold back a fresh event while an older transaction elsewhere on the server
    // is open (parallel test files), never for good, and never shows the other schema's.
    const typesOfAll = async (store: PostgresEventStore, count: number) => {
      const types = (await store.readAll()).map((e) => e.type);
      return types.length >= count ? types : undefined;
    };
    expect(await eventually(() => typesOfAll(audit, 2))).toEqual(['Same', 'Other']);
    // Audit's second event is visible now: had it leaked into scheduling, it would show.
    expect(await eventually(() => typesOfAll(scheduling, 1))).toEqual(['Same']);
  });

  it('a snapshot saved before snapshots had parts (migration 2) loads after migration 3 as its one part', async () => {
    const schema = `old_${randomUUID().slice(0, 8)}`;
    const sql = eventStoreSql(schema);
    const { executor, close } = openPgExecutor(database.url, 1);
    try {
      await migrate(executor, { ...sql, migrations: sql.migrations.filter((m) => m.version < 3) });
      await executor.exec(
        `INSERT INTO "${schema}".snapshots (name, position, version, state) VALUES ('model', 7, 'v1', '{"a":[1,"あ"]}')`,
      );
    } finally {
      await close();
    }
    const store = await connect({ schema });
    expect(await store.snapshots.load('model')).toEqual({ position: 7n, version: 'v1', parts: [{ a: [1, 'あ'] }] });
    await store.snapshots.save('model', 8n, 'v2', [{ b: 1 }, { c: 2 }]);
    expect(await store.snapshots.load('model')).toEqual({ position: 8n, version: 'v2', parts: [{ b: 1 }, { c: 2 }] });
  });

  it('refuses a schema name that is not a plain SQL identifier', async () => {
    await expect(PostgresEventStore.connect({ url: database.url, schema: 'x"; drop table y; --' })).rejects.toThrow(
      /schema .* must be a lower-case SQL identifier/,
    );
  });
});
