// The floors the system's figures stand beside, measured in the same run on the same
// machine: single-event appends to the same PostgreSQL (raw INSERTs and our store), a
// bare node:http server answering JSON, and a request/reply echo over the same
// nats-server binary. The servers run in processes of their own, as the system's do.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { PostgresEventStore } from '@soudan/event-store';
import { createTestDatabase, freePort, startNatsServer, waitForPort, type TestPostgresServer } from '@soudan/testing';
import { ROOT } from '../../../apps/e2e/src/support/processes';
import { closedLoop } from './load';

export interface Floor {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
}

const event = (i: number) => ({
  eventId: randomUUID(),
  type: 'ReservationRequested',
  data: { reservationId: `r-${i}`, officeCode: '16070', desiredSlots: ['2026-12-09T01:00:00.000Z'], topic: '応募書類' },
  metadata: { correlationId: randomUUID(), actor: 'seeker:skr_bench', schemaVersion: 1 },
});

/** Single-event appends, one at a time and 16 at once, raw and through our store. */
export async function appendFloors(server: TestPostgresServer, seconds: number): Promise<Floor[]> {
  const db = await createTestDatabase(server, 'soudan_bench_floor');
  const pool = new pg.Pool({ connectionString: db.url, max: 16 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.connect({ url: db.url, schema: 'floor', poolSize: 16 });
  try {
    await pool.query(`CREATE TABLE raw_events (
      position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id text NOT NULL UNIQUE,
      type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, revision))`);
    let n = 0;
    const rawInsert = () => {
      const e = event(n++);
      return pool.query({
        name: 'raw_insert',
        text: 'INSERT INTO raw_events (stream_id, revision, event_id, type, data, metadata) VALUES ($1, 0, $2, $3, $4, $5)',
        values: [`raw-${e.eventId}`, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
      });
    };
    const ours = () => store.append(`floor-${randomUUID()}`, [event(n++)], 'no_stream');
    const floors: Floor[] = [];
    for (const [name, concurrency, send] of [
      ['raw INSERT, one at a time', 1, rawInsert],
      ['our store append, one at a time', 1, ours],
      ['our store append, 16 at once', 16, ours],
    ] as const) {
      await closedLoop(concurrency, Math.min(1, seconds), send);
      floors.push({ name, ...(await closedLoop(concurrency, seconds, send)) });
    }
    return floors;
  } finally {
    await store.close();
    await pool.end();
    await db.drop().catch(() => undefined);
  }
}

const spawnNode = (code: string, env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });

/** A bare node:http server in its own process answering a small JSON body, driven with keep-alive. */
export async function httpFloor(seconds: number, concurrency: number): Promise<Floor> {
  const port = await freePort();
  const child = spawnNode(
    `import { createServer } from 'node:http';
     createServer((req, res) => { req.resume(); req.on('end', () => {
       res.setHeader('content-type', 'application/json'); res.end('{"status":"requested"}'); }); })
       .listen(Number(process.env.PORT), '127.0.0.1');`,
    { PORT: String(port) },
  );
  try {
    await waitForPort(port, 10_000);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const send = () =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    await closedLoop(concurrency, 1, send);
    const result = await closedLoop(concurrency, seconds, send);
    agent.destroy();
    return { name: `bare node:http server, ${concurrency} connections`, ...result };
  } finally {
    child.kill('SIGKILL');
  }
}

/** Request/reply to an echo responder in its own process, through a nats-server of its own. */
export async function natsFloor(seconds: number, concurrency: number): Promise<Floor> {
  const nats = await startNatsServer();
  const child = spawnNode(
    `import { connect } from '@nats-io/transport-node';
     const nc = await connect({ servers: process.env.NATS_URL });
     nc.subscribe('bench.echo', { callback: (_e, m) => m.respond(m.data) });
     await nc.flush(); console.log('echo ready');`,
    { NATS_URL: nats.url },
  );
  const nc = await connect({ servers: nats.url });
  try {
    const payload = new TextEncoder().encode(JSON.stringify(event(0)));
    const send = async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await nc.request('bench.echo', payload, { timeout: 5000 });
        } catch (error) {
          // Until the responder has subscribed, a request finds no one.
          if (attempt > 50) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    await closedLoop(concurrency, 1, send);
    const result = await closedLoop(concurrency, seconds, send);
    return { name: `NATS request/reply echo, ${concurrency} in flight`, ...result };
  } finally {
    await nc.close();
    child.kill('SIGKILL');
    await nats.stop();
  }
}
