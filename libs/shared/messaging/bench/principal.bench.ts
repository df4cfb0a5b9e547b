// What the signed principal costs (issue 9), in one run: Ed25519 signing and checking on
// their own, then request-reply over a real nats-server to one Nest microservice with
// the principal guard, asked (a) unsigned on a pattern that acts for no one (the guard
// looks at the contract and lets it through: the baseline) and (b) signed by the gateway
// on a staff command whose actor field is checked (what every gateway call now pays).
// Same handler, same payload shape, 16 requests at once. BENCH_SCALE (e.g. 0.2) shortens it.
//   node --experimental-vm-modules --import ./tools/register.mjs libs/shared/messaging/bench/principal.bench.ts
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { actsForNoOne, rpcContract, staffActs } from '@soudan/rpc-contract';
import { startNatsServer } from '@soudan/testing';
import {
  createRpcClient,
  generatePrincipalKeys,
  PrincipalGuard,
  PrincipalSigner,
  PrincipalVerifier,
  RpcHandler,
  rpcServerOptions,
  type MessagingMode,
  type PrincipalSubject,
  type RpcClient,
} from '../src/index';

const SCALE = Math.max(0.05, Number(process.env.BENCH_SCALE ?? '1'));
const RAW = Math.round(20_000 * SCALE);
const REQUESTS = Math.round(8_000 * SCALE);
const CONCURRENCY = 16;

interface Offer {
  reservationId: string;
  slots: string[];
  actor: string;
}
const Unsigned = rpcContract<Offer, { ok: true }>('bench.principal.unsigned', actsForNoOne('the bench baseline'));
const Signed = rpcContract<Offer, { ok: true }>('bench.principal.signed', staffActs);

@Controller()
class BenchController {
  @RpcHandler(Unsigned)
  unsigned(@Payload() _offer: Offer): { ok: true } {
    return { ok: true };
  }

  @RpcHandler(Signed)
  signed(@Payload() _offer: Offer): { ok: true } {
    return { ok: true };
  }
}
@Module({ controllers: [BenchController] })
class BenchModule {}

const sato: PrincipalSubject = { kind: 'staff', username: 'sato', roles: ['counsellor', 'supervisor'] };
const offer = (i: number): Offer => ({
  reservationId: `0f8e2d1c-${String(i).padStart(4, '0')}-4a5b-9c8d-7e6f5a4b3c2d`,
  slots: ['2026-12-10T14:00:00+09:00', '2026-12-11T10:30:00+09:00', '2026-12-14T15:00:00+09:00'],
  actor: 'staff:sato',
});

function micros(total: number, count: number): string {
  return `${((total / count) * 1000).toFixed(1)} µs`;
}

async function load(call: (i: number) => Promise<unknown>, count: number) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const start = performance.now();
        await call(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { perSecond: count / seconds, p50: at(50), p99: at(99) };
}

const keys = generatePrincipalKeys();
const signer = new PrincipalSigner(keys.privateKey);
const verifier = new PrincipalVerifier([keys.publicKey]);

// Ed25519 alone (node:crypto, one core).
for (let i = 0; i < 500; i++) verifier.verify(signer.sign(sato, Signed.pattern, offer(i)), Signed.pattern, offer(i));
const tokens: string[] = [];
let t = performance.now();
for (let i = 0; i < RAW; i++) tokens.push(signer.sign(sato, Signed.pattern, offer(i)));
const signMs = performance.now() - t;
t = performance.now();
for (let i = 0; i < RAW; i++) verifier.verify(tokens[i], Signed.pattern, offer(i));
const verifyMs = performance.now() - t;

const nats = await startNatsServer();
const mode: MessagingMode = { kind: 'nats', url: nats.url };
const app = await NestFactory.createMicroservice(BenchModule, { ...rpcServerOptions(mode, 'bench'), logger: false });
app.useGlobalGuards(new PrincipalGuard(verifier));
await app.listen();
const plain: RpcClient = await createRpcClient(mode, { timeoutMs: 10_000 });
const gateway = plain.signing((pattern, payload) => signer.sign(sato, pattern, payload));

const unsignedCall = (i: number) => plain.request(Unsigned.pattern, offer(i));
const signedCall = (i: number) => gateway.request(Signed.pattern, offer(i));
await load(unsignedCall, 500);
await load(signedCall, 500);
// Alternate, twice each, so a busy neighbour on the machine hits both alike.
const runs = { unsigned: [] as Awaited<ReturnType<typeof load>>[], signed: [] as Awaited<ReturnType<typeof load>>[] };
for (let round = 0; round < 2; round++) {
  runs.unsigned.push(await load(unsignedCall, REQUESTS));
  runs.signed.push(await load(signedCall, REQUESTS));
}
const best = (list: Awaited<ReturnType<typeof load>>[]) => list.reduce((a, b) => (a.perSecond > b.perSecond ? a : b));

const u = best(runs.unsigned);
const s = best(runs.signed);
const header = tokens[0].length;
process.stdout.write(
  [
    `principal bench (load average ${loadavg()[0].toFixed(2)}, ${REQUESTS} requests x2 each, ${CONCURRENCY} at once)`,
    `  Ed25519 sign (claims + payload hash):   ${micros(signMs, RAW)} per principal`,
    `  verify (signature, expiry, pattern, payload hash): ${micros(verifyMs, RAW)} per principal`,
    `  header: ${header} bytes`,
    `  NATS request-reply, unsigned (guard lets a no-one pattern through): ${u.perSecond.toFixed(0)}/s, p50 ${u.p50.toFixed(2)} ms, p99 ${u.p99.toFixed(2)} ms`,
    `  NATS request-reply, signed + verified + actor checked:             ${s.perSecond.toFixed(0)}/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`,
    '',
  ].join('\n'),
);
await plain.close();
await app.close();
await nats.stop();
