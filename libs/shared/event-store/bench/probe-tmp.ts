import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
const url = 'postgres://postgres@127.0.0.1:5432/es_probe2';
const s = await PostgresEventStore.connect({ url, schema: 'p', poolSize: 16 });
const pool = new pg.Pool({ connectionString: url, max: 16 });
await pool.query(`CREATE TABLE IF NOT EXISTS raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id text NOT NULL UNIQUE, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))`);
const ev = (i: number) => ({ eventId: randomUUID(), type: 'ReservationRequested', data: { reservationId: `r-${i}`, office: 'namerikawa', note: 'オンライン職業相談' }, metadata: { correlationId: randomUUID(), schemaVersion: 1 } });
async function run(label: string, fn: (stream: string, e: any, rev: number) => Promise<void>) {
  const cpu0 = process.cpuUsage(); const t0 = performance.now(); let n = 0; const end = t0 + 3000;
  await Promise.all(Array.from({ length: 16 }, async (_, w) => { const stream = `${label}-${randomUUID()}`; let rev = -1; while (performance.now() < end) { await fn(stream, ev(n), rev); rev++; n++; } }));
  const cpu = process.cpuUsage(cpu0); const secs = (performance.now() - t0) / 1000;
  console.log(label, Math.round(n / secs), 'appends/s; client cpu µs/append', Math.round((cpu.user + cpu.system) / n));
}
for (let r = 0; r < 2; r++) {
  await run('ours', async (stream, e, rev) => { await s.append(stream, [e], rev < 0 ? 'no_stream' : rev); });
  // await run('raw', async (stream, e, rev) => { await pool.query({ name: 'ri', text: 'INSERT INTO raw_events (stream_id, revision, event_id, type, data, metadata) VALUES ($1,$2,$3,$4,$5,$6)', values: [stream, rev + 1, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)] }); });
}
await pool.end(); await s.close();
