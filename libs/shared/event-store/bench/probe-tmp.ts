import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
import { eventStoreSql } from '../src/sql/event-store-sql';
const url = 'postgres://postgres@127.0.0.1:5432/es_probe';
const s = await PostgresEventStore.connect({ url, schema: 'p4', poolSize: 4 });
const pool = new pg.Pool({ connectionString: url, max: 2 });
const sql = eventStoreSql('p4');
const ev = (i: number) => ({ eventId: randomUUID(), type: 'ReservationRequested', data: { reservationId: `r-${i}`, office: 'namerikawa', note: 'オンライン職業相談' }, metadata: { correlationId: randomUUID(), schemaVersion: 1 } });
const feed = (s as any).feed; const orig = feed.appended.bind(feed);
async function run(label: string, fn: (stream: string, events: any[], rev: number) => Promise<number>) {
  const stream = `x-${randomUUID()}`; let rev = -1; const lat: number[] = [];
  for (let i = 0; i < 80; i++) { const events = Array.from({ length: 100 }, (_, k) => ev(k)); const t = performance.now(); rev = await fn(stream, events, rev); lat.push(performance.now() - t); }
  lat.sort((a, b) => a - b); return `${label} p50 ${lat[40].toFixed(2)} p90 ${lat[72].toFixed(2)}`;
}
const storeAppend = async (stream: string, events: any[], rev: number) => (await s.append(stream, events, rev < 0 ? 'no_stream' : rev)).nextExpectedRevision;
const direct = async (stream: string, events: any[], rev: number) => {
  const batch = JSON.stringify(events.map((e, n) => ({ n: n + 1, id: e.eventId, type: e.type, data: e.data, metadata: e.metadata })));
  const r = await pool.query({ name: 'x', text: sql.append.text, values: [stream, batch, rev < 0 ? 'no_stream' : 'revision', rev < 0 ? null : rev] });
  return Number(r.rows[0].last_revision);
};
for (let round = 0; round < 3; round++) {
  feed.appended = orig;
  const a = await run('store+notify', storeAppend);
  feed.appended = () => undefined;
  const b = await run('store-notify', storeAppend);
  const c = await run('direct', direct);
  console.log(a, '|', b, '|', c);
}
await pool.end(); await s.close();
