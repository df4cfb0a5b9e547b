// `npm run bench:store`: our PostgreSQL adapter against the floor (raw pg inserts of the
// same rows, no checks) and against Emmett's PostgreSQL event store, in one run, on one
// fresh database. DATABASE_URL picks the server; BENCH_SCALE (e.g. 0.2) shortens it.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  readMessagesBatch,
  type PostgresEventStore as EmmettStore,
} from '@event-driven-io/emmett-postgresql';
import type { NewEvent } from '../src/event-store.port';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCALE = Math.max(0.01, Number(process.env.BENCH_SCALE ?? '1'));
const SECONDS_PER_RUN = 3 * SCALE;
const ROUNDS = 2;
const READ_EVENTS = Math.round(200_000 * SCALE);
const POOL_SIZE = 16;

/** One subject under test: appends a batch to a stream at a known revision (-1: new stream). */
interface Subject {
  name: string;
  append(stream: string, events: NewEvent[], revision: number): Promise<void>;
  /** Reads "all" from the start in pages until `max` events or the end; answers how many it read. */
  readAll(pageSize: number, max: number): Promise<number>;
  close(): Promise<void>;
}

interface Throughput {
  appendsPerSecond: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
}

function event(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ReservationRequested',
    data: {
      reservationId: `r-${i}`,
      office: 'namerikawa',
      desiredDate: '2026-04-01',
      slot: '10:00',
      note: 'オンライン職業相談',
    },
    metadata: { correlationId: randomUUID(), actor: 'seeker:p-123', schemaVersion: 1 },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** `writers` loops, each appending `batchSize` events per append to its own stream, for a fixed time. */
async function measureAppends(
  subject: Subject,
  writers: number,
  batchSize: number,
  seconds: number,
): Promise<Throughput> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const runId = randomUUID().slice(0, 8);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let revision = -1;
      let n = 0;
      while (performance.now() < deadline) {
        const batch = Array.from({ length: batchSize }, () => event(n++));
        const t0 = performance.now();
        await subject.append(`bench-${runId}-w${w}`, batch, revision);
        latencies.push(performance.now() - t0);
        revision += batchSize;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    appendsPerSecond: latencies.length / elapsed,
    eventsPerSecond: (latencies.length * batchSize) / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function fill(subject: Subject, events: number): Promise<void> {
  const perAppend = 1000;
  const writers = 4;
  const appends = Math.ceil(events / perAppend / writers);
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `fill-${randomUUID()}-${w}`;
      for (let i = 0; i < appends; i++)
        await subject.append(
          stream,
          Array.from({ length: perAppend }, (_, k) => event(k)),
          i * perAppend - 1,
        );
    }),
  );
}

async function measureReadAll(subject: Subject, pageSize: number, max: number): Promise<number> {
  const t0 = performance.now();
  const count = await subject.readAll(pageSize, max);
  return count / ((performance.now() - t0) / 1000);
}

async function ours(url: string): Promise<Subject> {
  const store = await PostgresEventStore.connect({ url, schema: 'ours', poolSize: POOL_SIZE });
  return {
    name: 'ours',
    append: async (stream, events, revision) => {
      await store.append(stream, events, revision < 0 ? 'no_stream' : revision);
    },
    readAll: async (pageSize, max) => {
      let after: bigint | undefined;
      let count = 0;
      for (;;) {
        if (count >= max) return count;
        const page = await store.readAll({ after, limit: pageSize });
        if (page.length === 0) return count;
        count += page.length;
        after = page[page.length - 1].position;
      }
    },
    close: () => store.close(),
  };
}

const asText = (value: string) => value;
// json and jsonb by a plain JSON.parse, as our adapter does: pg's global parsers are
// Emmett's in this process (dumbo replaces them with a reviver when it loads).
const asJson = (value: string): unknown => JSON.parse(value);
const rawReadTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.TIMESTAMPTZ || oid === pg.types.builtins.INT8) return asText;
    if (oid === pg.types.builtins.JSONB || oid === pg.types.builtins.JSON) return asJson;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** The floor: the same rows and indexes, one INSERT per append, no expectation checked, no idempotence. */
async function raw(url: string): Promise<Subject> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // The bench drops its database WITH (FORCE) at the end, which may end a connection the
  // pool is still closing: that must not crash the run after the figures are printed.
  pool.on('error', () => undefined);
  await pool.query(`CREATE SCHEMA raw;
    CREATE TABLE raw.events (
      position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id text NOT NULL UNIQUE,
      type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, revision))`);
  const statements = new Map<number, string>();
  const insertFor = (rows: number) => {
    let text = statements.get(rows);
    if (!text) {
      const values = Array.from(
        { length: rows },
        (_, r) => `($${r * 6 + 1}, $${r * 6 + 2}, $${r * 6 + 3}, $${r * 6 + 4}, $${r * 6 + 5}, $${r * 6 + 6})`,
      );
      text = `INSERT INTO raw.events (stream_id, revision, event_id, type, data, metadata) VALUES ${values.join(', ')}`;
      statements.set(rows, text);
    }
    return text;
  };
  return {
    name: 'raw pg',
    append: async (stream, events, revision) => {
      const values = events.flatMap((e, i) => [
        stream,
        revision + 1 + i,
        e.eventId,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      ]);
      await pool.query({ name: `raw_insert_${events.length}`, text: insertFor(events.length), values });
    },
    readAll: async (pageSize, max) => {
      let after = 0n;
      let count = 0;
      for (;;) {
        if (count >= max) return count;
        // The floor hands over what ours does, as cheaply as pg can: rows as arrays,
        // data and metadata parsed, the timestamp as text (pg's default would build a Date
        // per row, which costs more than the rest of the row and which ours does not do).
        const { rows } = await pool.query<unknown[]>({
          name: 'raw_read',
          text: 'SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at FROM raw.events WHERE position > $1 ORDER BY position LIMIT $2',
          values: [after.toString(), pageSize],
          rowMode: 'array',
          types: rawReadTypes,
        });
        if (rows.length === 0) return count;
        count += rows.length;
        after = BigInt(rows[rows.length - 1][0] as string);
      }
    },
    close: () => pool.end(),
  };
}

async function emmett(url: string): Promise<Subject> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  const store: EmmettStore = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const reader = dumbo({ connectionString: url });
  return {
    name: 'emmett',
    append: async (stream, events, revision) => {
      await store.appendToStream(
        stream,
        events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: e.metadata })),
        { expectedStreamVersion: revision < 0 ? STREAM_DOES_NOT_EXIST : BigInt(revision + 1) },
      );
    },
    readAll: async (pageSize, max) => {
      let after = 0n;
      let count = 0;
      for (;;) {
        if (count >= max) return count;
        const batch = await readMessagesBatch(reader.execute, { after, batchSize: pageSize });
        if (batch.messages.length === 0) return count;
        count += batch.messages.length;
        after = batch.currentGlobalPosition;
      }
    },
    close: async () => {
      await store.close();
      await reader.close();
      await pool.end().catch(() => undefined);
    },
  };
}

function row(label: string, values: number[], digits = 0): string {
  const [o, r, e] = values;
  const format = (v: number) =>
    Number.isFinite(v)
      ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
      : 'n/a';
  const ratio = (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
  return `${label.padEnd(46)}${format(o).padStart(12)}${format(r).padStart(12)}${format(e).padStart(12)}${ratio(o, r).padStart(10)}${ratio(o, e).padStart(12)}`;
}

async function main(): Promise<void> {
  const name = `soudan_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const subjects: Subject[] = [];
  const startedAt = performance.now();
  try {
    subjects.push(await ours(url.toString()), await raw(url.toString()), await emmett(url.toString()));
    const [ourStore, rawStore, emmettStore] = subjects;
    console.log(
      `event store benchmark: PostgreSQL at ${url.host}, fresh database ${name}, pools of ${POOL_SIZE}, ` +
        `best of ${ROUNDS} runs of ${SECONDS_PER_RUN.toFixed(1)} s per append figure, read-all over ${READ_EVENTS.toLocaleString('en-US')} events (BENCH_SCALE=${SCALE}); load average ${loadavg()[0].toFixed(2)}`,
    );

    const scenarios = [
      { label: 'single-event appends, 1 writer', writers: 1, batch: 1 },
      { label: 'single-event appends, 16 writers', writers: 16, batch: 1 },
      { label: '100-event appends, 1 writer', writers: 1, batch: 100 },
      { label: '100-event appends, 16 writers', writers: 16, batch: 100 },
    ];
    const results: Throughput[][] = [];
    for (const scenario of scenarios) {
      const best: Throughput[] = [];
      for (const subject of subjects)
        await measureAppends(subject, scenario.writers, scenario.batch, SECONDS_PER_RUN / 6); // warm-up: plans, pool
      // The machine is shared and its disk is slow: alternate the order between rounds
      // and keep each subject's best round, so no subject always runs after another's
      // burst of writes.
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
        for (const i of order) {
          const run = await measureAppends(subjects[i], scenario.writers, scenario.batch, SECONDS_PER_RUN);
          if (!best[i] || run.eventsPerSecond > best[i].eventsPerSecond) best[i] = run;
          process.stdout.write('.');
        }
      }
      results.push(best);
    }

    // Emmett reads slowly; it reads a quarter of the events, which is enough for its rate.
    const emmettReadEvents = Math.round(READ_EVENTS / 4);
    for (const [subject, events] of [
      [ourStore, READ_EVENTS],
      [rawStore, READ_EVENTS],
      [emmettStore, emmettReadEvents],
    ] as const) {
      const existing = await subject.readAll(5000, events);
      if (existing < events) await fill(subject, events - existing);
      process.stdout.write('.');
    }
    // Freshly written rows make the first reader set hint bits and wake autovacuum, and
    // their dirty pages are still being written out: settle all that before timing reads.
    const settle = new pg.Client({ connectionString: url.toString() });
    await settle.connect();
    await settle.query('VACUUM (ANALYZE)');
    await settle.query('CHECKPOINT');
    await settle.end();
    const reads = new Map<number, number[]>();
    for (const pageSize of [1000, 5000]) {
      const best = [0, 0, 0];
      for (let round = 0; round < ROUNDS; round++) {
        best[0] = Math.max(best[0], await measureReadAll(ourStore, pageSize, READ_EVENTS));
        best[1] = Math.max(best[1], await measureReadAll(rawStore, pageSize, READ_EVENTS));
        process.stdout.write('..');
      }
      best[2] = await measureReadAll(emmettStore, pageSize, emmettReadEvents);
      reads.set(pageSize, best);
    }
    console.log('\n');

    console.log(
      `${''.padEnd(46)}${'ours'.padStart(12)}${'raw pg'.padStart(12)}${'emmett'.padStart(12)}${'ours/raw'.padStart(10)}${'ours/emmett'.padStart(12)}`,
    );
    for (const [index, scenario] of scenarios.entries()) {
      const r = results[index];
      if (scenario.batch === 1)
        console.log(
          row(
            `${scenario.label} (appends/s)`,
            r.map((t) => t.appendsPerSecond),
          ),
        );
      else
        console.log(
          row(
            `${scenario.label} (events/s)`,
            r.map((t) => t.eventsPerSecond),
          ),
        );
      console.log(
        row(
          '    p50 latency (ms)',
          r.map((t) => t.p50),
          2,
        ),
      );
      console.log(
        row(
          '    p99 latency (ms)',
          r.map((t) => t.p99),
          2,
        ),
      );
    }
    for (const [pageSize, r] of reads) console.log(row(`read all, pages of ${pageSize} (events/s)`, r));
    console.log('\nthroughput ratios above 1× mean ours is faster; latency ratios above 1× mean ours is slower.');
    console.log(
      'raw pg: the same rows and indexes, one multi-row INSERT per append, no revision check, no idempotence; reads page by position without xmin gate, rows as arrays, timestamps as text, JSON by a plain JSON.parse.',
    );
    console.log(
      `emmett: @event-driven-io/emmett-postgresql getPostgreSQLEventStore().appendToStream, readMessagesBatch over ${emmettReadEvents.toLocaleString('en-US')} events.`,
    );
    console.log(
      `total ${((performance.now() - startedAt) / 1000).toFixed(0)} s, load average ${loadavg()[0].toFixed(2)}`,
    );
  } finally {
    await Promise.allSettled(subjects.map((s) => s.close()));
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
