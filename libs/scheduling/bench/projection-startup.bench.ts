// Start-up of scheduling's read models over a history of 20,000 events on PostgreSQL:
// a full fold of the history (the baseline: what every start did before snapshots, and
// what a version bump or REBUILD_READ_MODELS=1 still does) against a resume from the
// snapshot, and a resume with 1,000 events appended after the snapshot. Medians of a
// few runs, in the same process, with the ratio.
// DATABASE_URL picks the server (default: a throwaway local one); BENCH_SCALE scales
// the history (BENCH_SCALE=0.1: 2,000 events).
import { Writable } from 'node:stream';
import { listsInParts, PostgresEventStore } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { createTestDatabase, startPostgres } from '@soudan/testing';
import { encodeSchedulingModel, SCHEDULING_SNAPSHOT_PART_ITEMS } from '../infra/src/scheduling-snapshot';
import { SchedulingProjection, type SchedulingProjectionOptions } from '../infra/src/scheduling.projection';
import { appendSyntheticHistory } from '../infra/src/testing/synthetic-history';

const SCALE = Math.max(0.01, Number(process.env.BENCH_SCALE ?? '1'));
const EVENTS = Math.round(20_000 * SCALE);
const RUNS = 3;
const quiet = createLogger({
  name: 'bench',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const pg = await startPostgres();
  const db = await createTestDatabase(pg, 'soudan_bench_projection');
  const store = await PostgresEventStore.connect({ url: db.url, schema: 'scheduling' });
  try {
    const appendStarted = performance.now();
    const appended = await appendSyntheticHistory(store, EVENTS);
    console.log(
      `history: ${appended} scheduling events appended in ${((performance.now() - appendStarted) / 1000).toFixed(1)} s (BENCH_SCALE=${SCALE})`,
    );

    /** Starts a projection and answers how long start() took and how many events it folded. */
    const startOnce = async (options: SchedulingProjectionOptions) => {
      const projection = new SchedulingProjection(store, quiet, options);
      const started = performance.now();
      await projection.start();
      const ms = performance.now() - started;
      await projection.snapshots.settled();
      await projection.stop();
      return { ms, folded: projection.appliedEvents, projection };
    };
    const runs = async (options: SchedulingProjectionOptions) => {
      const results = [];
      for (let i = 0; i < RUNS; i++) results.push(await startOnce(options));
      return { ms: median(results.map((r) => r.ms)), folded: results[0].folded, projection: results[0].projection };
    };

    await startOnce({ rebuild: true }); // warm-up (JIT, connections, buffers)
    const full = await runs({ rebuild: true });
    const resumed = await runs({});

    const stateText = JSON.stringify(encodeSchedulingModel(resumed.projection));
    const saveStarted = performance.now();
    await store.snapshots.save(
      'bench-save',
      resumed.projection.position!,
      'bench',
      listsInParts(SCHEDULING_SNAPSHOT_PART_ITEMS).split(encodeSchedulingModel(resumed.projection)),
    );
    const saveMs = performance.now() - saveStarted;

    await appendSyntheticHistory(store, 1_000);
    const behind = await startOnce({});

    const row = (name: string, ms: number, folded: number) =>
      `${name.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms   ${String(folded).padStart(6)} events folded`;
    console.log(
      `model: ${resumed.projection.reservations.size} reservations, ${resumed.projection.slots.size} slots; snapshot ${(Buffer.byteLength(stateText) / 1e6).toFixed(2)} MB, saved in ${saveMs.toFixed(1)} ms`,
    );
    console.log(row('full fold of the history (baseline)', full.ms, full.folded));
    console.log(row('resume from the snapshot', resumed.ms, resumed.folded));
    console.log(row('resume from the snapshot, 1,000 events behind', behind.ms, behind.folded));
    console.log(
      `ratio full/snapshot: ${(full.ms / resumed.ms).toFixed(1)}x faster from the snapshot (${(full.ms / behind.ms).toFixed(1)}x with 1,000 events to fold after it)`,
    );
  } finally {
    await store.close();
    await db.drop();
    await pg.stop();
  }
}

await main();
