// Issue 10 "Scale, measured": scheduling with a synthetic national history (540 offices,
// three counsellors each, a year of reservations: about 2 million events) beside a
// one-office history of the same per-office size, in one run on PostgreSQL:
// - start-up of the read models: the full fold (a first start, or a model version
//   change) and the resume from the snapshot;
// - the RSS of the process holding them;
// - availability of one office (Namerikawa) under 8 concurrent clients, each asking a
//   different 14-day range over HTTP so that answers are computed, not read back from
//   the per-minute cache: p50, p99 and throughput.
// Each history is served by a process of its own (the child, `--serve`), so its RSS is
// its own and the load generator is not inside it.
// `npm run bench:national` (BENCH_OFFICES=540, BENCH_PER_OFFICE=740: 540 x 740 x 5 ≈ 2.0
// million events; BENCH_SECONDS=15 of load; DATABASE_URL picks the server, else a
// throwaway local one). `-- --quick` runs 540 x 100.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { constants as perf, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { listsInParts, PostgresEventStore } from '@soudan/event-store';
import { NAMERIKAWA } from '@soudan/offices';
import { createLogger } from '@soudan/platform';
import { createTestDatabase, startPostgres, type TestPostgresServer } from '@soudan/testing';
import pg from 'pg';
import { systemClock } from '@soudan/time';
import { VaultPersonalTexts } from '@soudan/scheduling-application';
import { InMemorySeekerKeyStore } from '@soudan/seeker-keys';
import { officeSchedulingSettings, SchedulingOffices } from '../infra/src/offices';
import { encodeSchedulingModel, SCHEDULING_SNAPSHOT_PART_ITEMS } from '../infra/src/scheduling-snapshot';
import { SchedulingProjection } from '../infra/src/scheduling.projection';
import { SchedulingQueries } from '../infra/src/scheduling.queries';
import { TimerIndex } from '../infra/src/timer-index';
import { timersOf, type DueTimer } from '../infra/src/timers';
import { SlotKeeper } from '@soudan/scheduling-application';
import type { Reservation } from '@soudan/scheduling-domain';
import { appendNationalHistory } from './national-history';

const quiet = createLogger({
  name: 'bench',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, d) => d() }),
});
const quick = process.argv.includes('--quick');
const OFFICES = Number(process.env.BENCH_OFFICES ?? 540);
const PER_OFFICE = Number(process.env.BENCH_PER_OFFICE ?? (quick ? 100 : 740));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 8 : 15));
const CLIENTS = 8;
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 16_000);
// `--keep`: the histories stay in databases of their own (named by their size) and a
// later run with --keep serves them again instead of appending them anew (about 15 min
// for the national one); drop them with `DROP DATABASE` when done.
const keep = process.argv.includes('--keep');
// BENCH_CHILD_LOG=<file>: what the serving processes print after their figures (e.g. with
// BENCH_NODE_FLAGS=--trace-gc-nvp, the collector's own account of each pause).
const CHILD_LOG = process.env.BENCH_CHILD_LOG;
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

// ---------------------------------------------------------------- the serving child

async function serve(url: string, schema: string) {
  const store = await PostgresEventStore.connect({ url, schema });
  const startOnce = async (rebuild: boolean) => {
    const projection = new SchedulingProjection(store, quiet, { rebuild });
    const started = performance.now();
    await projection.start();
    return { projection, ms: performance.now() - started };
  };
  // The full fold, and the snapshot it saves. Its model is let go before the resume, so
  // the memory figures below are of one model (before 2026-12-07 both were held).
  const fullFold = async () => {
    const full = await startOnce(true);
    // start() began saving the snapshot of the full fold as it returned (in parts).
    const saveStarted = performance.now();
    await full.projection.snapshots.settled();
    const saveMs = performance.now() - saveStarted;
    const parts = listsInParts(SCHEDULING_SNAPSHOT_PART_ITEMS).split(encodeSchedulingModel(full.projection));
    let bytes = 0;
    for (const part of parts) bytes += Buffer.byteLength(JSON.stringify(part));
    await full.projection.stop();
    return {
      ms: full.ms,
      snapshot: `${parts.length} parts, ${(bytes / 1e6).toFixed(0)} MB of JSON, saved in ${(saveMs / 1000).toFixed(1)} s`,
    };
  };
  const full = await fullFold();
  const snapshot = full.snapshot;
  global.gc?.();
  const resumed = await startOnce(false);
  const projection = resumed.projection;
  global.gc?.();
  const periodic = periodicWork(projection);
  global.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const offices = new SchedulingOffices(projection.offices, officeSchedulingSettings(NAMERIKAWA));
  const queries = new SchedulingQueries(
    projection,
    systemClock,
    offices,
    new VaultPersonalTexts(new InMemorySeekerKeyStore(), Buffer.alloc(32, 1)),
  );
  // The collector's pauses while the load runs (`/gc` reports them since the last `/gc`):
  // a tail of the availability figures that follows the size of the heap shows here.
  let pauses: PerformanceEntry[] = [];
  new PerformanceObserver((list) => pauses.push(...list.getEntries())).observe({ entryTypes: ['gc'] });
  const server = http.createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams;
    if (request.url?.startsWith('/gc')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(gcSummary(pauses)));
      pauses = [];
      return;
    }
    try {
      const answer = queries.availability({
        from: query.get('from')!,
        to: query.get('to')!,
        officeCode: query.get('office') ?? undefined,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (error) {
      response.writeHead(422).end(String((error as Error).message));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  process.stdout.write(
    `${JSON.stringify({
      port,
      fullFoldMs: full.ms,
      resumeMs: resumed.ms,
      resumedFrom: String(resumed.projection.resumedFrom ?? ''),
      snapshot,
      reservations: projection.reservations.size,
      offices: projection.offices.size,
      rssMb: rss / 1e6,
      heapMb: heapUsed / 1e6,
      periodic,
    })}\n`,
  );
}

/**
 * What the service's periodic work costs on this model, each on the event loop: a timer
 * tick (every second) and a slot keeper round (every 30 s), as a full scan of the model
 * (how both worked before 2026-12-07) and as they work now (an index of pending timers;
 * a round over what changed since the last, nothing here).
 */
function periodicWork(projection: SchedulingProjection) {
  const now = new Date().toISOString();
  const median = (run: () => unknown, times = 5) => {
    const ms: number[] = [];
    for (let i = 0; i < times; i += 1) {
      const started = performance.now();
      run();
      ms.push(performance.now() - started);
    }
    return ms.sort((a, b) => a - b)[Math.floor(times / 2)];
  };
  const tickScanMs = median(() => {
    let due = 0;
    for (const reservation of projection.reservations.values())
      for (const timer of timersOf(reservation)) if (timer.dueAt <= now) due += 1;
    return due;
  });
  const index = new TimerIndex<Reservation, DueTimer>(timersOf);
  const buildStarted = performance.now();
  for (const reservation of projection.reservations.values()) index.update(reservation);
  const indexBuildMs = performance.now() - buildStarted;
  // Due now: a synthetic history's past reservations are mostly settled, so few timers are.
  const tickIndexMs = median(() => index.due(now));
  const keeperFullMs = median(() => SlotKeeper.mismatches(projection), 3);
  const keeperChangedMs = median(() => SlotKeeper.mismatches(projection, { reservations: [], slots: [] }));
  // A snapshot's capture (the model's maps copied into lists, in one turn; its parts are
  // then written one statement each): at most every 30 s while events come in.
  const captureMs = median(() => encodeSchedulingModel(projection), 3);
  // A staff list's selection of one office's reservations (R72), before: a filter of the
  // whole model; now: the office's own index.
  const office = NAMERIKAWA.code;
  const listScanMs = median(() => [...projection.reservations.values()].filter((r) => r.officeCode === office));
  const listIndexMs = median(() =>
    [...(projection.byOffice.get(office) ?? [])].flatMap((id) => projection.reservations.get(id) ?? []),
  );
  return {
    tickScanMs,
    tickIndexMs,
    indexBuildMs,
    pendingTimers: index.size,
    keeperFullMs,
    keeperChangedMs,
    captureMs,
    listScanMs,
    listIndexMs,
  };
}

/** Count, total and longest pause of each kind of collection. */
function gcSummary(entries: PerformanceEntry[]) {
  const kinds: Record<number, string> = {
    [perf.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [perf.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
  };
  const summary: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
  for (const entry of entries) {
    const kind = kinds[(entry as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? -1] ?? 'other';
    const s = (summary[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    s.count += 1;
    s.totalMs += entry.duration;
    s.maxMs = Math.max(s.maxMs, entry.duration);
  }
  return summary;
}

// ---------------------------------------------------------------- the load and the report

interface Served {
  port: number;
  fullFoldMs: number;
  resumeMs: number;
  reservations: number;
  offices: number;
  rssMb: number;
  heapMb: number;
  resumedFrom: string;
  snapshot: string;
  periodic: ReturnType<typeof periodicWork>;
}

function startChild(url: string, schema: string): Promise<{ served: Served; stop: () => void }> {
  const child = spawn(
    process.execPath,
    // A national history does not fit the default heap (about 4 GB): the figure to report is how much it takes.
    [
      ...process.execArgv,
      '--expose-gc',
      `--max-old-space-size=${HEAP_MB}`,
      ...NODE_FLAGS,
      fileURLToPath(import.meta.url),
      '--serve',
      url,
      schema,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (CHILD_LOG) appendFileSync(CHILD_LOG, chunk);
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ served: JSON.parse(line) as Served, stop: () => child.kill('SIGKILL') });
    });
    child.on('exit', (code) => reject(new Error(`the serving process ended (${code}) before it served`)));
  });
}

async function gcPauses(port: number): Promise<ReturnType<typeof gcSummary>> {
  const response = await fetch(`http://127.0.0.1:${port}/gc`);
  return (await response.json()) as ReturnType<typeof gcSummary>;
}

function gcCell(s: { count: number; totalMs: number; maxMs: number } | undefined): string {
  return s ? `${s.count}, ${s.totalMs.toFixed(0)} ms, longest ${s.maxMs.toFixed(1)} ms` : 'none';
}

/** A database of the given name, created when missing and never dropped (`--keep`). */
async function keptDatabase(server: TestPostgresServer, name: string) {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => undefined };
}

/**
 * The event count of a kept history whose append finished (a marker table written last),
 * or undefined; with `events`, writes the marker.
 */
async function keptHistory(url: string, schema: string, events?: number): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (events !== undefined) {
      await client.query(`CREATE TABLE "${schema}".bench_history_complete AS SELECT $1::bigint AS events`, [events]);
      return events;
    }
    const found = await client
      .query<{ events: string }>(`SELECT events FROM "${schema}".bench_history_complete`)
      .catch(() => undefined);
    if (found?.rows[0]) return Number(found.rows[0].events);
    // An append cut short: start again from an empty schema.
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    return undefined;
  } finally {
    await client.end();
  }
}

/** The i-th 14-day range: a different start each time, over the year of slots. */
function range(i: number): { from: string; to: string } {
  const from = new Date(Date.UTC(2026, 11, 1) + ((i * 37) % 340) * 86_400_000);
  const to = new Date(from.getTime() + 13 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

async function load(port: number, office: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const until = performance.now() + SECONDS * 1000;
  const ask = (i: number) =>
    new Promise<void>((resolve) => {
      const { from, to } = range(i);
      const started = performance.now();
      http
        .get({ host: '127.0.0.1', port, agent, path: `/?from=${from}&to=${to}&office=${office}` }, (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - started);
            else errors += 1;
            resolve();
          });
        })
        .on('error', () => ((errors += 1), resolve()));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) await ask(sent++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { requests: sorted.length, errors, perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function main() {
  const pg = await startPostgres();
  const database = (name: string) => (keep ? keptDatabase(pg, `${name}_${PER_OFFICE}`) : createTestDatabase(pg, name));
  const national = await database(`soudan_bench_national_${OFFICES}`);
  const one = await database('soudan_bench_one');
  const suffix = keep ? 'kept' : String(Date.now());
  const histories = [
    { name: 'one office', url: one.url, schema: `bench_one_${suffix}`, offices: 1 },
    { name: `${OFFICES} offices`, url: national.url, schema: `bench_national_${suffix}`, offices: OFFICES },
  ];
  const rows: string[] = [];
  const gcRows: string[] = [];
  const periodicRows: string[] = [];
  try {
    for (const h of histories) {
      const kept = keep ? await keptHistory(h.url, h.schema) : undefined;
      const store = await PostgresEventStore.connect({ url: h.url, schema: h.schema });
      const started = performance.now();
      const events =
        kept ??
        (await appendNationalHistory(store, {
          offices: h.offices,
          perOffice: PER_OFFICE,
          onProgress: (n) => {
            if (n % 100_000 < 1000) process.stderr.write(`  ${h.name}: ${n} events\r`);
          },
        }));
      await store.close();
      if (keep && kept === undefined) await keptHistory(h.url, h.schema, events);
      console.log(
        kept === undefined
          ? `${h.name}: ${events} events appended in ${((performance.now() - started) / 1000).toFixed(0)} s`
          : `${h.name}: ${events} events kept from an earlier run`,
      );
      const { served, stop } = await startChild(h.url, h.schema);
      try {
        // Warm-up, then the measured window.
        await load(served.port, NAMERIKAWA.code).catch(() => undefined);
        await gcPauses(served.port);
        const figures = await load(served.port, NAMERIKAWA.code);
        const gc = await gcPauses(served.port);
        const p = served.periodic;
        periodicRows.push(
          `| ${h.name} | ${p.tickScanMs.toFixed(2)} ms | ${p.tickIndexMs.toFixed(3)} ms (${p.pendingTimers.toLocaleString('en')} pending; built once in ${p.indexBuildMs.toFixed(0)} ms) | ${p.keeperFullMs.toFixed(1)} ms | ${p.keeperChangedMs.toFixed(3)} ms | ${p.captureMs.toFixed(0)} ms | ${p.listScanMs.toFixed(2)} / ${p.listIndexMs.toFixed(3)} ms |`,
        );
        gcRows.push(`| ${h.name} | ${gcCell(gc.minor)} | ${gcCell(gc.major)} | ${gcCell(gc.incremental)} |`);
        rows.push(
          `| ${h.name} | ${events.toLocaleString('en')} | ${(served.fullFoldMs / 1000).toFixed(1)} s | ${served.resumedFrom ? `${(served.resumeMs / 1000).toFixed(2)} s (${served.snapshot})` : `no snapshot (${served.snapshot}); folded again in ${(served.resumeMs / 1000).toFixed(1)} s`} | ${served.rssMb.toFixed(0)} MB (heap ${served.heapMb.toFixed(0)} MB) | ${figures.p50.toFixed(2)} ms | ${figures.p99.toFixed(2)} ms | ${figures.perSecond.toFixed(0)}/s | ${figures.errors} |`,
        );
        console.log(h.name, JSON.stringify({ ...served, ...figures }));
      } finally {
        stop();
      }
    }
  } finally {
    await national.drop();
    await one.drop();
    await pg.stop();
  }
  console.log(
    [
      '',
      `Scheduling with a national history, ${new Date().toISOString()}, ${OFFICES} offices x ${PER_OFFICE} reservations each; availability of 16070 for 14-day ranges, ${CLIENTS} clients, ${SECONDS} s`,
      '',
      '| history | events | full fold | resume from snapshot | RSS (read models) | availability p50 | p99 | throughput | errors |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      "Periodic work of the service on the event loop (median of 5; the slot keeper's full look: median of 3):",
      '',
      '| history | timer tick, full scan (before) | timer tick, index (now) | slot keeper, full look (first round) | slot keeper, later round with nothing changed | snapshot capture | staff list selection for one office, filter of all / office index |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...periodicRows,
      '',
      'Garbage collection during the measured window (count, total, longest pause):',
      '',
      '| history | minor (scavenge) | major (mark-compact) | incremental marking |',
      '| --- | --- | --- | --- |',
      ...gcRows,
    ].join('\n'),
  );
}

if (process.argv.includes('--serve')) {
  const [url, schema] = process.argv.slice(process.argv.indexOf('--serve') + 1);
  await serve(url, schema);
} else {
  await main();
}
