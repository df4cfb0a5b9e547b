// Scheduling through the gateway, the whole system in one process on PostgreSQL:
// - availability for one office over 8 weeks (target p99 <= 20 ms), beside a bare
//   node:http server answering the same body (the floor any HTTP stack has here);
// - reservation requests per second end to end (HTTP -> eligibility -> scheduling ->
//   store), beside availability reads of the same run.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API */
// DATABASE_URL picks the server (default local trust auth); BENCH_SCALE shortens it.
import 'reflect-metadata';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { createLogger, readConfig } from '@soudan/platform';
import { createTestDatabase, freePort, startPostgres } from '@soudan/testing';
import { BusinessCalendar } from '@soudan/time';
import { startEmbeddedSystem } from '../../../apps/standalone/src/embedded-system';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ADMIN_PASSWORD = 'Bench-Namerikawa-2026!';

async function json(url: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Signs a seeker in through the e-mailed link, read from the .eml outbox. */
async function seekerToken(base: string, dataDir: string, jobSeekerNumber: string, email: string): Promise<string> {
  await fetch(`${base}/api/v1/auth/seeker/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jobSeekerNumber, email }),
  });
  const { simpleParser } = await import('mailparser');
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const dir = join(dataDir, 'outbox');
    if (existsSync(dir)) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
        const mail = await simpleParser(readFileSync(join(dir, file)));
        const match = /token=([A-Za-z0-9_.~-]+)/.exec(mail.text ?? '');
        if (match && JSON.stringify(mail.to ?? '').includes(email))
          return (await json(`${base}/api/v1/auth/seeker/session`, { token: match[1] })).accessToken;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no sign-in mail arrived');
}

const SCALE = Math.max(0.05, Number(process.env.BENCH_SCALE ?? '1'));
const REQUESTS = Math.round(2000 * SCALE);
const CONCURRENCY = 8;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
}

async function measure(count: number, concurrency: number, call: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = performance.now();
        await call(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99), count };
}

const row = (name: string, f: Figures) =>
  `${name.padEnd(46)} ${f.perSecond.toFixed(0).padStart(8)} req/s   p50 ${f.p50.toFixed(2).padStart(7)} ms   p99 ${f.p99.toFixed(2).padStart(7)} ms   (${f.count})`;

async function main() {
  const pg = await startPostgres();
  const db = await createTestDatabase(pg, 'soudan_bench_sched');
  const dataDir = mkdtempSync(join(tmpdir(), 'soudan-bench-'));
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const config = readConfig('embedded', {
    EVENTSTORE_URL: db.url,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    ADMIN_PASSWORD,
    RATE_LIMIT_PER_MINUTE: '1000000',
    SEEKER_REQUESTS_PER_HOUR: '1000000',
  });
  const system = await startEmbeddedSystem(config, createLogger({ name: 'bench', level: 'error', destination: quiet }));
  try {
    const from = DateTime.now().setZone('Asia/Tokyo').toISODate()!;
    const to = DateTime.now().setZone('Asia/Tokyo').plus({ weeks: 8 }).toISODate()!;
    const url = `${system.url}/api/v1/availability?from=${from}&to=${to}`;
    const sample = await (await fetch(url)).text();
    const slots = (JSON.parse(sample) as { slots: unknown[] }).slots.length;

    const bare = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(sample);
    });
    const barePort = await freePort();
    await new Promise<void>((resolve) => bare.listen(barePort, '127.0.0.1', resolve));

    // Warm up both, then measure both in the same run.
    await measure(200, CONCURRENCY, async () => void (await (await fetch(url)).arrayBuffer()));
    await measure(
      200,
      CONCURRENCY,
      async () => void (await (await fetch(`http://127.0.0.1:${barePort}/`)).arrayBuffer()),
    );
    const availability = async () => {
      const response = await fetch(url);
      if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
      await response.arrayBuffer();
    };
    const bareCall = async () => void (await (await fetch(`http://127.0.0.1:${barePort}/`)).arrayBuffer());
    console.log(
      `availability over 8 weeks (${from}..${to}): ${slots} slots, ${sample.length} bytes, BENCH_SCALE=${SCALE}, load average ${loadavg()[0].toFixed(2)}`,
    );
    for (const concurrency of [1, CONCURRENCY]) {
      const ours = await measure(REQUESTS, concurrency, availability);
      const floor = await measure(REQUESTS, concurrency, bareCall);
      console.log(`-- ${concurrency} client(s) at a time`);
      console.log(row('GET /api/v1/availability (gateway -> scheduling)', ours));
      console.log(row('bare node:http, same body (baseline)', floor));
      console.log(
        `ratio ours/baseline: throughput ${(ours.perSecond / floor.perSecond).toFixed(2)}, p99 ${(ours.p99 / floor.p99).toFixed(2)}x; target p99 <= 20 ms: ${ours.p99 <= 20 ? 'met' : 'NOT met'}`,
      );
    }
    bare.close();

    // Reservation requests end to end: a signed-in seeker, each request with its own
    // Idempotency-Key, desired slots spread over the coming weeks.
    const adminToken = await json(`${system.url}/api/v1/auth/staff/session`, {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    const admin = adminToken.accessToken as string;
    await json(
      `${system.url}/api/v1/staff/seekers`,
      {
        jobSeekerNumber: '16070-99999999',
        name: '滑川 太郎',
        email: 'bench@example.jp',
        officeCode: '16070',
        status: 'registered',
      },
      admin,
    );
    const seeker = await seekerToken(system.url, dataDir, '16070-99999999', 'bench@example.jp');
    const calendar = new BusinessCalendar();
    const days = Array.from({ length: 20 }, (_, i) => calendar.addBusinessDays(calendar.addBusinessDays(from, 3), i));
    const times = calendar.slotTimes();
    const count = Math.round(600 * SCALE);
    const requests = await measure(count, 4, async (i) => {
      const body = {
        name: '滑川 太郎',
        email: 'bench@example.jp',
        desiredSlots: [`${days[i % days.length]}T${times[i % times.length]}:00+09:00`],
        topic: '応募書類の相談',
        onlineReason: '子育て中のため',
        ...readySeeker(),
      };
      const response = await fetch(`${system.url}/api/v1/reservations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${seeker}`,
          'idempotency-key': `bench-${i}`,
        },
        body: JSON.stringify(body),
      });
      if (response.status !== 201)
        throw new Error(`POST /reservations answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    });
    // The persistence floor: the same number of single-event appends straight to a store.
    const { PostgresEventStore } = await import('@soudan/event-store');
    const raw = await PostgresEventStore.connect({ url: db.url, schema: 'bench_floor' });
    const appends = await measure(count, 4, async (i) => {
      await raw.append(
        `floor-${i}`,
        [
          {
            eventId: `floor-${i}`,
            type: 'ReservationRequested',
            data: { i, slot: days[0] },
            metadata: { correlationId: 'bench', schemaVersion: 1 },
          },
        ],
        'no_stream',
      );
    });
    await raw.close();
    console.log(`-- reservation requests end to end (4 clients at a time)`);
    console.log(row('POST /api/v1/reservations (auth, eligibility, store)', requests));
    console.log(row('single-event store appends (baseline)', appends));
    console.log(
      `ratio ours/baseline: throughput ${(requests.perSecond / appends.perSecond).toFixed(2)}, p99 ${(requests.p99 / appends.p99).toFixed(2)}x`,
    );
  } finally {
    await system.close();
    await db.drop();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
