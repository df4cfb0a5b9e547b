// `npm run bench` (gateway part): what authentication costs per request. The same
// route, GET /api/v1/reservations as a seeker, through two gateways of one process in
// the same run: one verifying a bearer token (JWT HS256) on every request, one with
// authentication switched off in code (a fixed principal, no token read). Everything
// else is the same: security headers, rate limit, validation, the access record (R50,
// sealed device data, batched appends to the gateway's store on PGlite), request-reply.
// The scheduling service is a stand-in that answers at once, so the figures are the
// gateway's own and the ratio is not drowned by the store behind scheduling.
// Loopback only, bounded request counts; BENCH_SCALE (e.g. 0.2) shortens it.
import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Controller, Module } from '@nestjs/common';
import { openEventStore } from '@soudan/event-store';
import { createRpcClient, InProcessEventBus, InProcessHub, RpcHandler, type MessagingMode } from '@soudan/messaging';
import {
  NAMERIKAWA,
  readConfig,
  RuntimeModule,
  startServiceHost,
  type ServiceRuntime,
  embeddedPrincipalKeys,
} from '@soudan/platform';
import { SchedulingApi, type SeekerReservationView } from '@soudan/scheduling-contracts';
import { freePort } from '@soudan/testing';
import { systemClock } from '@soudan/time';
import { AccessTokens, accessTokenKey } from '@soudan/identity-infra';
import type { SeekerPrincipal } from '../src/auth/roles';
import { quietLogger } from '../src/auth/testing/harness';
import { createGatewayApp } from '../src/gateway.app';

const SCALE = Math.max(0.05, Number(process.env.BENCH_SCALE ?? '1'));
const REQUESTS = Math.round(6000 * SCALE);
const WARMUP = Math.round(500 * SCALE);
const CONCURRENCY = 16;
const ROUNDS = 2;

const SEEKER: SeekerPrincipal = {
  kind: 'seeker',
  jobSeekerNumber: '16070-12345678',
  seekerId: 'skr_bench',
  roles: ['seeker'],
};
const VIEW: SeekerReservationView[] = [
  {
    id: '6f1c2a4e-6a1b-4c57-9d0e-2b3c4d5e6f70',
    status: 'offered',
    desiredSlots: ['2026-12-09T01:00:00.000Z'],
    offeredSlots: ['2026-12-09T01:00:00.000Z', '2026-12-09T01:30:00.000Z'],
    slot: null,
    topic: '応募書類の書き方について',
    mayNeedCounter: false,
    history: [{ type: 'ReservationRequested', at: '2026-11-25T01:00:00.000Z' }],
    timeline: [{ type: 'ReservationRequested', at: '2026-11-25T01:00:00.000Z' }],
    offers: [
      { start: '2026-12-09T01:00:00.000Z', deadline: '2026-12-08T14:59:59.999Z' },
      { start: '2026-12-09T01:30:00.000Z', deadline: '2026-12-08T14:59:59.999Z' },
    ],
    replyBy: '2026-12-08T14:59:59.999Z',
    officeAnswersBy: null,
    end: null,
    joinOpensAt: null,
    actions: ['consent', 'cancel'],
    officePhone: '076-475-0324',
  },
];

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(
  port: number,
  headers: Record<string, string> | ((i: number) => Record<string, string>),
  count: number,
): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        const t0 = performance.now();
        const status = await get(port, '/api/v1/reservations', typeof headers === 'function' ? headers(i) : headers);
        latencies.push(performance.now() - t0);
        if (status !== 200) errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    errors,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'soudan-gateway-bench-'));
const config = readConfig('embedded', {
  DATA_DIR: dataDir,
  ADMIN_PASSWORD: 'Bench-Kurobe-Gorge-2026!',
  RATE_LIMIT_PER_MINUTE: '1000000',
  SEEKER_REQUESTS_PER_HOUR: '1000000',
});
const logger = quietLogger('error');
const mode: MessagingMode = { kind: 'in-process', hub: new InProcessHub() };
const rpc = await createRpcClient(mode, { timeoutMs: 5000 });
// BENCH_EVENTSTORE_URL (a PostgreSQL URL, an empty database): the gateway's store there instead of PGlite.
const storeUrl = process.env.BENCH_EVENTSTORE_URL?.trim() || undefined;
const store = await openEventStore(storeUrl, { schema: 'gateway', dataDir });
const bus = new InProcessEventBus({ logger });

@Controller()
class StandInScheduling {
  @RpcHandler(SchedulingApi.listMyReservations)
  mine(): SeekerReservationView[] {
    return VIEW;
  }
}
@Module({})
class StandInModule {}
const upstream = await startServiceHost(
  {
    context: 'scheduling',
    module: (rt) => ({ module: StandInModule, imports: [RuntimeModule.forRoot(rt)], controllers: [StandInScheduling] }),
  },
  {
    context: 'scheduling',
    mode,
    logger,
    config: { principalPublicKeys: [embeddedPrincipalKeys().publicKey] },
  } as unknown as ServiceRuntime,
);

const runtime: ServiceRuntime = {
  context: 'gateway',
  config,
  office: NAMERIKAWA,
  mode,
  store,
  bus,
  rpc,
  clock: systemClock,
  logger,
};
const withAuth = await createGatewayApp(runtime, { announce: () => undefined });
const withoutAuth = await createGatewayApp(runtime, {
  announce: () => undefined,
  authentication: false,
  fixedPrincipal: SEEKER,
});
const [authPort, openPort] = [await freePort(), await freePort()];
await withAuth.listen(authPort, '127.0.0.1');
await withoutAuth.listen(openPort, '127.0.0.1');

const tokens = new AccessTokens(accessTokenKey(config), systemClock);
const token = await tokens.issue(SEEKER);
const headers = { authorization: `Bearer ${token}`, 'user-agent': 'soudan-bench/1.0' };
// A fresh token per request: the signature is checked every time (no verified-token cache hit).
const fresh = await Promise.all(Array.from({ length: REQUESTS * ROUNDS }, () => tokens.issue(SEEKER)));
const freshHeaders = (i: number) => ({ authorization: `Bearer ${fresh[i]}`, 'user-agent': 'soudan-bench/1.0' });

await measure(authPort, headers, WARMUP);
await measure(openPort, headers, WARMUP);
const results: Record<'on' | 'cold' | 'off', Figures[]> = { on: [], cold: [], off: [] };
// Alternating rounds, so drift in the machine's load hits every variant alike.
for (let round = 0; round < ROUNDS; round++) {
  results.on.push(await measure(authPort, headers, REQUESTS));
  results.cold.push(await measure(authPort, (i) => freshHeaders(round * REQUESTS + i), REQUESTS));
  results.off.push(await measure(openPort, headers, REQUESTS));
}
const best = (list: Figures[]) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
const on = best(results.on);
const cold = best(results.cold);
const off = best(results.off);
const row = (name: string, f: Figures) =>
  `${name.padEnd(34)} ${f.perSecond.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(2).padStart(6)} ms   p99 ${f.p99.toFixed(2).padStart(6)} ms${f.errors ? `   ${f.errors} non-200` : ''}`;
console.log(
  `GET /api/v1/reservations as a seeker, ${REQUESTS} requests x ${ROUNDS} rounds, ${CONCURRENCY} concurrent, loopback (best round each)`,
);
console.log(row('with authentication (JWT HS256)', on));
console.log(row('  same, a new token every request', cold));
console.log(row('authentication off (baseline)', off));
console.log(
  `ratio with/without: throughput ${(on.perSecond / off.perSecond).toFixed(2)}x, p99 ${(on.p99 / off.p99).toFixed(2)}x`,
);
console.log(
  `ratio new token every request/without: throughput ${(cold.perSecond / off.perSecond).toFixed(2)}x, p99 ${(cold.p99 / off.p99).toFixed(2)}x`,
);
// Other work on the machine moves these figures more than authentication does; say how busy it was.
console.log(`load average during the run: ${loadavg()[0].toFixed(2)} (1 min)`);

await withAuth.close();
await withoutAuth.close();
await upstream.close();
agent.destroy();
await rpc.close();
await bus.close();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
if (Object.values(results).some((list) => list.some((f) => f.errors > 0))) process.exitCode = 1;
