// `npm run bench:pglite`: what the embedded store's buffer pool (PostgreSQL's
// `shared_buffers`, inside PGlite's WebAssembly memory) costs in resident memory and buys
// in speed. Each setting runs in a process of its own on a fresh directory, one after
// another in the same run: single appends, then a history filled to EVENTS, read whole
// from the start, then random streams read one by one. PostgreSQL's default (128 MB) is the
// baseline. BENCH_SCALE (e.g. 0.2) shortens it.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PgliteEventStore } from '../src/pglite/pglite-event-store';
import type { NewEvent } from '../src/event-store.port';

const SCALE = Math.max(0.01, Number(process.env.BENCH_SCALE ?? '1'));
const SINGLE_APPENDS = Math.round(3000 * SCALE);
const EVENTS = Math.round(80_000 * SCALE);
const STREAM_READS = Math.round(3000 * SCALE);
const SETTINGS = ['128MB', '32MB', '16MB'];

interface Figures {
  sharedBuffers: string;
  rssIdleMb: number;
  rssAfterMb: number;
  singleAppendsPerSecond: number;
  appendP99Ms: number;
  readAllEventsPerSecond: number;
  streamReadsPerSecond: number;
  streamReadP99Ms: number;
}

const mb = (bytes: number) => Math.round(bytes / 1e6);
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? 0;

/** About the size of a real reservation event (a request with its answers). */
function event(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ReservationRequested',
    data: {
      reservationId: randomUUID(),
      seekerId: randomUUID().replace(/-/g, ''),
      officeCode: '16070',
      preferredDates: ['2027-01-12', '2027-01-13', '2027-01-14'],
      topic: `相談内容 ${i}: 応募書類の書き方と面接の準備について相談したい。`.repeat(3),
      requestedAt: new Date(1_800_000_000_000 + i * 1000).toISOString(),
    },
    metadata: { correlationId: randomUUID(), actor: 'seeker:bench', schemaVersion: 1 },
  };
}

/** A database made (initdb and the migrations) by another process, as a restart finds it. */
async function measure(sharedBuffers: string, dir: string): Promise<Figures> {
  try {
    const store = await PgliteEventStore.open({ dataDir: dir, schema: 'bench', sharedBuffers });
    const rssIdleMb = mb(process.memoryUsage().rss);
    const streams: string[] = [];
    const latencies: number[] = [];
    let t0 = performance.now();
    for (let i = 0; i < SINGLE_APPENDS; i += 1) {
      const stream = `reservation-${randomUUID()}`;
      const s = performance.now();
      await store.append(stream, [event(i)], 'no_stream');
      latencies.push(performance.now() - s);
      streams.push(stream);
    }
    const singleAppendsPerSecond = SINGLE_APPENDS / ((performance.now() - t0) / 1000);
    for (let i = SINGLE_APPENDS; i < EVENTS; i += 50) {
      const stream = `reservation-${randomUUID()}`;
      await store.append(
        stream,
        Array.from({ length: Math.min(50, EVENTS - i) }, (_, k) => event(i + k)),
        'no_stream',
      );
      streams.push(stream);
    }
    t0 = performance.now();
    let read = 0;
    let after: bigint | undefined;
    for (;;) {
      const page = await store.readAll({ after, limit: 1000 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1].position;
    }
    const readAllEventsPerSecond = read / ((performance.now() - t0) / 1000);
    const streamLatencies: number[] = [];
    t0 = performance.now();
    for (let i = 0; i < STREAM_READS; i += 1) {
      const s = performance.now();
      await store.readStream(streams[Math.floor(Math.random() * streams.length)]);
      streamLatencies.push(performance.now() - s);
    }
    const streamReadsPerSecond = STREAM_READS / ((performance.now() - t0) / 1000);
    const figures: Figures = {
      sharedBuffers,
      rssIdleMb,
      rssAfterMb: mb(process.memoryUsage().rss),
      singleAppendsPerSecond: Math.round(singleAppendsPerSecond),
      appendP99Ms: Number(p99(latencies).toFixed(2)),
      readAllEventsPerSecond: Math.round(readAllEventsPerSecond),
      streamReadsPerSecond: Math.round(streamReadsPerSecond),
      streamReadP99Ms: Number(p99(streamLatencies).toFixed(2)),
    };
    await store.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--init') {
  await (await PgliteEventStore.open({ dataDir: process.argv[3], schema: 'bench' })).close();
  process.send!('ready', () => process.exit(0));
} else if (process.argv[2] === '--child') {
  const figures = await measure(process.argv[3], process.argv[4]);
  process.send!(figures, () => process.exit(0));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(
    `bench:pglite, ${new Date().toISOString()}: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(2)}; ` +
      `${SINGLE_APPENDS} single appends, then a history of ${EVENTS} events read whole, then ${STREAM_READS} random stream reads`,
  );
  const rows: Figures[] = [];
  const run = <T>(args: string[]) =>
    new Promise<T>((resolve, reject) => {
      const child = fork(self, args, { execArgv: process.execArgv });
      child.once('message', (m) => resolve(m as T));
      child.once('exit', (code) => (code ? reject(new Error(`${args.join(' ')}: exit ${code}`)) : undefined));
    });
  for (const setting of SETTINGS) {
    const dir = mkdtempSync(join(tmpdir(), 'soudan-pglite-bench-'));
    await run<string>(['--init', dir]);
    rows.push(await run<Figures>(['--child', setting, dir]));
  }
  const base = rows[0];
  const ratio = (x: number, b: number) => `${(x / b).toFixed(2)}x`;
  console.log(
    '\n| shared_buffers | RSS idle MB | RSS after MB | single appends/s | append p99 ms | read-all ev/s | stream reads/s | stream read p99 ms |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const vs = r === base ? ' (baseline)' : '';
    console.log(
      `| ${r.sharedBuffers}${vs} | ${r.rssIdleMb} (${ratio(r.rssIdleMb, base.rssIdleMb)}) | ${r.rssAfterMb} (${ratio(r.rssAfterMb, base.rssAfterMb)}) | ${r.singleAppendsPerSecond} (${ratio(r.singleAppendsPerSecond, base.singleAppendsPerSecond)}) | ${r.appendP99Ms} | ${r.readAllEventsPerSecond} (${ratio(r.readAllEventsPerSecond, base.readAllEventsPerSecond)}) | ${r.streamReadsPerSecond} (${ratio(r.streamReadsPerSecond, base.streamReadsPerSecond)}) | ${r.streamReadP99Ms} |`,
    );
  }
  console.log(`load average after: ${loadavg()[0].toFixed(2)}`);
}
