// Eligibility's two hot paths, each beside a baseline measured in the same run:
// - roster import (100,000 rows × BENCH_SCALE) over NATS into PostgreSQL, as the gateway
//   drives it (validate all batches, then apply), against raw CSV parsing of the same
//   file and against raw pg INSERTs of one row per seeker (the floor for one write each);
// - `eligibility.check` request-reply over NATS, against an echo handler on the same
//   transport (what request-reply costs without our work).
// DATABASE_URL picks the PostgreSQL server (a fresh database is created and dropped);
// nats-server comes from startNatsServer(). BENCH_SCALE (e.g. 0.2) shortens it.
// The service's relay is off: publishing to JetStream is the messaging bench's subject,
// and its backlog after 200,000 events would blur the check figures taken after the import.
// The import appends its seekers in chunks (one statement, one transaction per chunk of up
// to 500 seekers); the raw floor still pays a transaction per row.
//   node --import ./tools/register.mjs libs/eligibility/bench/eligibility.bench.ts
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import {
  EligibilityApi,
  type EligibilityCheckRequest,
  type RosterImportResult,
  type RosterRow,
} from '@soudan/eligibility-contracts';
import { PostgresEventStore } from '@soudan/event-store';
import {
  actsForNoOne,
  createRpcClient,
  rpcContract,
  RpcHandler,
  type RpcClient,
  requestTyped,
} from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { RuntimeModule, startServiceHost, type ServiceRuntime, embeddedPrincipalKeys } from '@soudan/platform';
import { startNatsServer } from '@soudan/testing';
import { systemClock } from '@soudan/time';
import { quietLogger, startEligibility } from '../infra/src/testing/eligibility-service';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCALE = Math.max(0.01, Number(process.env.BENCH_SCALE ?? '1'));
const ROWS = Math.round(100_000 * SCALE);
const CHECK_SECONDS = Math.max(2, 10 * SCALE);
const IN_FLIGHT = 32;
const BATCH_ROWS = 1000;

const fmt = (n: number) =>
  Number.isFinite(n) ? (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2)) : 'n/a';
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(3)}×` : 'n/a');
const line = (label: string, value: string, baseline = '', r = '') =>
  console.log(`${label.padEnd(52)}${value.padStart(14)}${baseline.padStart(14)}${r.padStart(10)}`);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function rosterCsv(rows: number): string {
  const lines = ['求職番号,氏名,メールアドレス,安定所番号,登録状況'];
  for (let i = 0; i < rows; i++) {
    const number = `16070-${String(10_000_000 + i).slice(-8)}`;
    lines.push(`${number},"滑川, 太郎${i}",seeker${i}@example.jp,16070,${i % 5 === 0 ? '仮登録承認' : '登録済'}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function tokenize(text: string): { header: string[]; rows: RosterRow[] } {
  const records = parse(text.replace(/\r\n?/g, '\n'), {
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: '\n',
  }) as string[][];
  const [header, ...rest] = records;
  return { header, rows: rest.map((cells, i) => ({ line: i + 2, cells })) };
}

/** What the gateway's importer does: every batch validated, then every batch applied. */
async function importOverNats(rpc: RpcClient, header: string[], rows: RosterRow[]): Promise<RosterImportResult> {
  const batches: RosterRow[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_ROWS) batches.push(rows.slice(i, i + BATCH_ROWS));
  for (const batch of batches) {
    const answer = await requestTyped(
      rpc,
      EligibilityApi.validateRoster,
      { header, rows: batch },
      { timeoutMs: 120_000 },
    );
    if (answer.rows.some((r) => !r.ok)) throw new Error('the generated roster has an invalid row');
  }
  const total: RosterImportResult = { imported: 0, unchanged: 0, rejected: [] };
  for (const batch of batches) {
    const answer = await requestTyped(
      rpc,
      EligibilityApi.applyRoster,
      { header, rows: batch, importId: 'bench', actor: 'staff:bench' },
      { timeoutMs: 120_000 },
    );
    total.imported += answer.imported;
    total.unchanged += answer.unchanged;
  }
  return total;
}

/** The floor: one INSERT per row into a plain table, as many at a time as the service runs. */
async function rawInserts(url: string, rows: RosterRow[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('CREATE TABLE bench_raw (number text PRIMARY KEY, name text, email text, office text, status text)');
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < rows.length) {
        const cells = rows[next++].cells;
        await pool.query({
          name: 'raw_insert',
          text: 'INSERT INTO bench_raw VALUES ($1, $2, $3, $4, $5)',
          values: cells,
        });
      }
    }),
  );
  const perSecond = rows.length / ((performance.now() - t0) / 1000);
  await pool.end();
  return perSecond;
}

/** Requests kept in flight for a fixed time; requests/s and latency percentiles (ms). */
async function load(send: (i: number) => Promise<unknown>, seconds: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await send(i++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / ((performance.now() - t0) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function echoService(natsUrl: string, rpc: RpcClient) {
  @Controller()
  class EchoController {
    // A contract as every handler has (the principal guard refuses a handler without one).
    @RpcHandler(rpcContract<unknown, unknown>('bench.echo', actsForNoOne('the bench')))
    echo(@Payload() payload: unknown) {
      return payload;
    }
  }
  @Module({})
  class EchoModule {}
  const runtime = {
    context: 'bench',
    mode: { kind: 'nats', url: natsUrl },
    rpc,
    logger: quietLogger(),
    config: { principalPublicKeys: [embeddedPrincipalKeys().publicKey] },
  } as unknown as ServiceRuntime;
  return startServiceHost(
    {
      context: 'bench',
      module: (rt) => ({ module: EchoModule, imports: [RuntimeModule.forRoot(rt)], controllers: [EchoController] }),
    },
    runtime,
  );
}

const database = `soudan_bench_eligibility_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const url = new URL(ADMIN_URL);
url.pathname = `/${database}`;
const nats = await startNatsServer();
const store = await PostgresEventStore.connect({ url: url.toString(), schema: 'eligibility' });
const service = await startEligibility({ natsUrl: nats.url, store, clock: systemClock, relay: false });
const rpc = await createRpcClient({ kind: 'nats', url: nats.url }, { timeoutMs: 30_000 });
// Standing in for the gateway: staff's roster import needs a signed principal (issue 9);
// eligibility.check is scheduling's question and goes unsigned, as in production.
const staffRpc = rpc.signing(signAsRequestsSay(embeddedPrincipalKeys().privateKey));
const echo = await echoService(nats.url, rpc);

try {
  console.log(
    `eligibility bench: ${ROWS.toLocaleString('en-US')} roster rows, eligibility.check for ${CHECK_SECONDS} s with ${IN_FLIGHT} in flight (BENCH_SCALE=${SCALE})`,
  );
  const text = rosterCsv(ROWS);

  let t0 = performance.now();
  const { header, rows } = tokenize(text);
  const parsePerSecond = rows.length / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  const first = await importOverNats(staffRpc, header, rows);
  const importPerSecond = rows.length / ((performance.now() - t0) / 1000);
  if (first.imported !== ROWS) throw new Error(`expected ${ROWS} imported, got ${first.imported}`);

  // Rates, so a fifth of the file is enough to take them; the whole run stays short.
  const sample = rows.slice(0, Math.max(2000, Math.round(rows.length / 5)));
  t0 = performance.now();
  const again = await importOverNats(staffRpc, header, sample);
  const reimportPerSecond = sample.length / ((performance.now() - t0) / 1000);
  if (again.unchanged !== sample.length) throw new Error(`expected ${sample.length} unchanged, got ${again.unchanged}`);

  const rawPerSecond = await rawInserts(url.toString(), sample);

  const request = (i: number): EligibilityCheckRequest => ({
    jobSeekerNumber: `16070-${String(10_000_000 + ((i * 7919) % ROWS)).slice(-8)}`,
    officeCode: '16070',
    ...readySeeker(),
    onlineReason: '子育て中のため',
    at: new Date().toISOString(),
  });
  // Warm both paths (connections, prepared statements, JIT) before measuring.
  await load((i) => rpc.request('bench.echo', request(i)), 1);
  await load((i) => requestTyped(rpc, EligibilityApi.check, request(i)), 1);
  const echoLoad = await load((i) => rpc.request('bench.echo', request(i)), CHECK_SECONDS);
  const checkLoad = await load(async (i) => {
    const answer = await requestTyped(rpc, EligibilityApi.check, request(i));
    if (!answer.eligible) throw new Error('a seeker of the roster was not eligible');
  }, CHECK_SECONDS);

  console.log('');
  line('', 'ours', 'baseline', 'ratio');
  line(
    'roster import over NATS, rows/s (vs raw CSV parse)',
    fmt(importPerSecond),
    fmt(parsePerSecond),
    ratio(importPerSecond, parsePerSecond),
  );
  line(
    'roster import over NATS, rows/s (vs raw pg INSERTs)',
    fmt(importPerSecond),
    fmt(rawPerSecond),
    ratio(importPerSecond, rawPerSecond),
  );
  line(
    're-import, nothing changes, rows/s (vs raw pg INSERTs)',
    fmt(reimportPerSecond),
    fmt(rawPerSecond),
    ratio(reimportPerSecond, rawPerSecond),
  );
  line(
    'eligibility.check over NATS, requests/s (vs echo)',
    fmt(checkLoad.perSecond),
    fmt(echoLoad.perSecond),
    ratio(checkLoad.perSecond, echoLoad.perSecond),
  );
  line('eligibility.check p50 ms (vs echo)', fmt(checkLoad.p50), fmt(echoLoad.p50), ratio(checkLoad.p50, echoLoad.p50));
  line('eligibility.check p99 ms (vs echo)', fmt(checkLoad.p99), fmt(echoLoad.p99), ratio(checkLoad.p99, echoLoad.p99));
} finally {
  await echo.close().catch(() => undefined);
  await rpc.close().catch(() => undefined);
  await service.close().catch(() => undefined);
  await store.close().catch(() => undefined);
  await nats.stop().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
