// Where scheduling's read model of a national history spends its memory: folds a
// synthetic history (540 offices x BENCH_PER_OFFICE reservations, default 100) on
// PostgreSQL, then empties one structure at a time and prints what each gave back to
// the heap after a full GC, per reservation. `npm run bench:model-memory`.
import { Writable } from 'node:stream';
import { PostgresEventStore } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { createTestDatabase, startPostgres } from '@soudan/testing';
import { SchedulingProjection } from '../infra/src/scheduling.projection';
import { appendNationalHistory } from './national-history';

if (!global.gc) throw new Error('run with --expose-gc (npm run bench:model-memory)');
const gc = global.gc;
const quiet = createLogger({
  name: 'bench',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, d) => d() }),
});
const OFFICES = Number(process.env.BENCH_OFFICES ?? 540);
const PER_OFFICE = Number(process.env.BENCH_PER_OFFICE ?? 100);

const pg = await startPostgres();
const db = await createTestDatabase(pg, 'soudan_bench_model_memory');
const store = await PostgresEventStore.connect({ url: db.url, schema: `memory_${Date.now()}` });
try {
  const events = await appendNationalHistory(store, { offices: OFFICES, perOffice: PER_OFFICE });
  const model = new SchedulingProjection(store, quiet, {
    rebuild: true,
    snapshotPolicy: { everyEvents: Number.MAX_SAFE_INTEGER, everyMs: 2 ** 30 },
  });
  await model.start();
  await model.snapshots.settled();
  const heapMb = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1e6;
  };
  const reservations = model.reservations.size;
  let last = heapMb();
  console.log(
    `${OFFICES} offices x ${PER_OFFICE}: ${events} events, ${reservations} reservations, ${model.slots.size} slots; heap ${last.toFixed(0)} MB`,
  );
  console.log('| structure | MB | bytes a reservation |');
  console.log('| --- | ---: | ---: |');
  const drop = (what: string, empty: () => void) => {
    empty();
    const now = heapMb();
    console.log(`| ${what} | ${(last - now).toFixed(1)} | ${(((last - now) * 1e6) / reservations).toFixed(0)} |`);
    last = now;
  };
  drop('slots (holds and bookings)', () => model.slots.clear());
  drop('seekers index', () => model.bySeeker.clear());
  drop('join tokens', () => model.byJoinToken.clear());
  drop('reservation histories', () => {
    for (const [id, r] of model.reservations) model.reservations.set(id, { ...r, history: [] });
  });
  drop('reservations (the rest)', () => model.reservations.clear());
  drop('capacity, terms, offices', () => {
    model.capacities.clear();
    model.terms.clear();
    model.offices.clear();
  });
  console.log(`left: ${last.toFixed(0)} MB (the process without the model)`);
} finally {
  await store.close();
  await db.drop();
  await pg.stop();
}
