// Scheduling's read models resume from their snapshot on a real PostgreSQL: a restart
// folds only the events after the snapshot and ends with the model a full fold of the
// history makes; a model version bump, an unreadable snapshot or a requested rebuild
// fold the whole history. Each test has a schema (hence a store and a snapshot) of its own.
import { Writable } from 'node:stream';
import { listsInParts, PostgresEventStore, type EventStore } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import {
  createTestDatabase,
  eventually,
  startPostgres,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import {
  encodeSchedulingModel,
  SCHEDULING_MODEL_VERSION,
  SCHEDULING_SNAPSHOT,
  SCHEDULING_SNAPSHOT_PART_ITEMS,
} from './scheduling-snapshot';
import { SchedulingProjection, type SchedulingProjectionOptions } from './scheduling.projection';
import { schedulingDriver, type SchedulingDriver } from './testing/scheduling-driver';
import { appendSyntheticHistory } from './testing/synthetic-history';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ctx = { correlationId: 'test', actor: 'staff:test' };
const SLOTS = ['2026-12-02T10:00:00+09:00', '2026-12-02T10:30:00+09:00', '2026-12-03T14:00:00+09:00'];

function requestPayload(n: number) {
  return {
    officeCode: '16070',
    jobSeekerNumber: `16070-${String(n).padStart(8, '0')}`,
    name: '滑川 太郎',
    email: `s${n}@example.jp`,
    desiredSlots: [SLOTS[n % SLOTS.length]],
    topic: '応募書類の書き方',
    onlineReason: '子育て',
    ...readySeeker(),
  };
}

/** Log lines a projection wrote, to see why it folded what it folded. */
function capturingLogger() {
  const lines: Array<{ msg: string; level: number }> = [];
  const destination = new Writable({
    write: (chunk, _e, done) => {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return {
    logger: createLogger({ name: 'test', level: 'info', destination }),
    messages: () => lines.map((l) => l.msg),
  };
}

async function countAfter(store: EventStore, after: bigint | undefined): Promise<number> {
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    count += page.length;
    if (page.length < 1000) return count;
    after = page[page.length - 1].position;
  }
}

describe('scheduling read models: snapshots on PostgreSQL', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  const stores: EventStore[] = [];
  let schemas = 0;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_scheduling_snapshots');
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
    await server?.stop();
  });

  async function freshStore(): Promise<EventStore> {
    const store = await PostgresEventStore.connect({
      url: db.url,
      schema: `snapshots_${++schemas}`,
      pollIntervalMs: 100,
    });
    stores.push(store);
    return store;
  }

  /** A few reservations through the service's commands: requested, offered, confirmed, cancelled. */
  async function history(store: EventStore, from: number, count: number): Promise<bigint | undefined> {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const settings = {
      officeCode: '16070',
      officePhone: '076-475-0324',
      calendar: new BusinessCalendar(),
      slotMinutes: 30,
      defaultCapacity: 50,
      publicBaseUrl: 'http://localhost:3000',
    };
    // Remember where the last append landed, so the history is known to be readable before the test goes on.
    let head: bigint | undefined;
    const tracked = new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        const note = (position: bigint) => {
          if (head === undefined || position > head) head = position;
        };
        // Consent, cancel and follow-up write the reservation and its slot in one appendMany.
        if (property === 'append')
          return async (...args: Parameters<EventStore['append']>) => {
            const result = await target.append(...args);
            note(result.position);
            return result;
          };
        if (property === 'appendMany')
          return async (...args: Parameters<NonNullable<EventStore['appendMany']>>) => {
            const results = await target.appendMany!(...args);
            for (const result of results) note(result.position);
            return results;
          };
        return value.bind(target);
      },
    });
    const service = schedulingDriver(tracked, clock, settings);
    try {
      await appendHistory(service, clock, from, count);
    } finally {
      // Reads of "all" are held back while any older transaction of the server is open (other tests share it).
      const last = head;
      if (last !== undefined)
        await eventually(
          async () => ((await store.readAll({ after: last - 1n, limit: 1 }))[0]?.position === last ? true : undefined),
          { timeoutMs: 30_000, what: 'the history to be readable' },
        );
    }
    return head;
  }

  async function appendHistory(
    service: SchedulingDriver,
    clock: ManualClock,
    from: number,
    count: number,
  ): Promise<void> {
    for (let n = from; n < from + count; n++) {
      const { id } = await service.request(requestPayload(n), ctx);
      if (n % 4 === 3) continue;
      const slot = SLOTS[n % SLOTS.length];
      await service.offer(id, [slot], 'v1', ctx);
      if (n % 4 === 2) continue;
      await service.consent(id, slot, 'v1', 'web', ctx);
      if (n % 4 === 1) await service.cancelBySeeker(id, ctx);
    }
  }

  async function started(
    store: EventStore,
    options: SchedulingProjectionOptions = {},
    logger = capturingLogger().logger,
  ): Promise<SchedulingProjection> {
    const projection = new SchedulingProjection(store, logger, options);
    await projection.start();
    return projection;
  }

  it('a restart folds only the events after its snapshot, into the model a full rebuild makes', async () => {
    const store = await freshStore();
    await history(store, 0, 12);
    const total1 = await countAfter(store, undefined);

    const first = await started(store);
    expect(first.resumedFrom).toBeUndefined();
    expect(first.appliedEvents).toBe(total1);
    await first.stop();
    const snapshot = await store.snapshots.load(SCHEDULING_SNAPSHOT);
    expect(snapshot).toMatchObject({ position: first.position, version: SCHEDULING_MODEL_VERSION });

    await history(store, 100, 5);
    const after = await countAfter(store, snapshot!.position);
    expect(after).toBeGreaterThan(5);

    const resumed = await started(store);
    expect(resumed.resumedFrom).toBe(snapshot!.position);
    expect(resumed.appliedEvents).toBe(after);

    const rebuilt = await started(store, { rebuild: true });
    expect(rebuilt.resumedFrom).toBeUndefined();
    expect(rebuilt.appliedEvents).toBe(total1 + after);
    expect(resumed.position).toBe(rebuilt.position);
    expect(encodeSchedulingModel(resumed)).toEqual(encodeSchedulingModel(rebuilt));
    expect(resumed.reservations.size).toBe(17);
    // Derived at restore, not saved: each office's index holds what a full rebuild's does.
    const byOffice = (p: SchedulingProjection) =>
      Object.fromEntries([...p.byOffice].map(([office, ids]) => [office, [...ids].sort()]));
    expect(byOffice(resumed)).toEqual(byOffice(rebuilt));
    expect(Object.values(byOffice(resumed)).flat()).toHaveLength(17);
    expect(resumed.byJoinToken.size).toBeGreaterThan(0);

    // Both go on following the same live events into the same model.
    const head = (await history(store, 200, 2))!;
    await Promise.all([resumed.caughtUp(head, 10_000), rebuilt.caughtUp(head, 10_000)]);
    expect(encodeSchedulingModel(resumed)).toEqual(encodeSchedulingModel(rebuilt));
    await Promise.all([resumed.stop(), rebuilt.stop()]);
  });

  it('a model version bump ignores the old snapshot, folds the whole history and saves a snapshot of the new version', async () => {
    const store = await freshStore();
    await history(store, 0, 8);
    const total = await countAfter(store, undefined);
    await (await started(store)).stop();
    expect((await store.snapshots.load(SCHEDULING_SNAPSHOT))?.version).toBe(SCHEDULING_MODEL_VERSION);

    const log = capturingLogger();
    const bumped = await started(store, { modelVersion: 'scheduling-next' }, log.logger);
    expect(bumped.resumedFrom).toBeUndefined();
    expect(bumped.appliedEvents).toBe(total);
    expect(log.messages()).toContain('read model snapshot is of another model version: folding the whole history');
    await bumped.stop();
    expect(await store.snapshots.load(SCHEDULING_SNAPSHOT)).toMatchObject({
      version: 'scheduling-next',
      position: bumped.position,
    });

    const next = await started(store, { modelVersion: 'scheduling-next' });
    expect(next.resumedFrom).toBe(bumped.position);
    expect(next.appliedEvents).toBe(0);
    expect(encodeSchedulingModel(next)).toEqual(encodeSchedulingModel(bumped));
    await next.stop();
  });

  it('an unreadable snapshot is logged and the whole history folded instead', async () => {
    const store = await freshStore();
    await history(store, 0, 6);
    const total = await countAfter(store, undefined);
    const reference = await started(store, { rebuild: true });
    await reference.stop();
    await store.snapshots.save(SCHEDULING_SNAPSHOT, reference.position!, SCHEDULING_MODEL_VERSION, [
      ['reservations', 'not a list'],
    ]);

    const log = capturingLogger();
    const projection = await started(store, {}, log.logger);
    expect(projection.resumedFrom).toBeUndefined();
    expect(projection.appliedEvents).toBe(total);
    expect(log.messages()).toContain('read model snapshot is unreadable: folding the whole history');
    expect(encodeSchedulingModel(projection)).toEqual(encodeSchedulingModel(reference));
    // The full fold replaced the unreadable snapshot at once.
    await projection.snapshots.save();
    const saved = await store.snapshots.load(SCHEDULING_SNAPSHOT);
    expect(listsInParts(SCHEDULING_SNAPSHOT_PART_ITEMS).join(saved!.parts)).toEqual(
      JSON.parse(JSON.stringify(encodeSchedulingModel(reference))),
    );
    await projection.stop();
  });

  it('saves while it follows, every N events, so a crash loses at most what came after', async () => {
    const store = await freshStore();
    await history(store, 0, 2);
    // No wait after a save (maxTimeShare 1): this is about saving by count.
    const projection = await started(store, { snapshotPolicy: { everyEvents: 10, everyMs: 60_000, maxTimeShare: 1 } });
    await projection.snapshots.save();
    const first = (await store.snapshots.load(SCHEDULING_SNAPSHOT))!.position;
    const head = await history(store, 10, 6);
    await projection.caughtUp(head!, 10_000);
    await projection.snapshots.settled();
    const saved = (await store.snapshots.load(SCHEDULING_SNAPSHOT))!.position;
    expect(saved > first).toBe(true);
    expect(projection.snapshots.saved).toBeGreaterThanOrEqual(2);
    // No stop(): as after a crash. A new start folds only what the last save did not hold.
    const next = await started(store);
    expect(next.resumedFrom).toBe(saved);
    expect(next.appliedEvents).toBe(await countAfter(store, saved));
    expect(encodeSchedulingModel(next)).toEqual(encodeSchedulingModel(projection));
    await Promise.all([projection.stop(), next.stop()]);
  });

  it('resumes a history of a few thousand events from its snapshot with the same model', async () => {
    const store = await freshStore();
    const appended = await appendSyntheticHistory(store, 3_000);
    await (await started(store)).stop();
    await appendSyntheticHistory(store, 100);
    const resumed = await started(store);
    const rebuilt = await started(store, { rebuild: true });
    expect(rebuilt.appliedEvents).toBeGreaterThanOrEqual(appended);
    expect(resumed.appliedEvents).toBe(await countAfter(store, resumed.resumedFrom));
    // Not the whole history again. (Not "about 100": the first start's snapshot may end
    // short of the head when another test's open transaction held reads of "all" back.)
    expect(resumed.appliedEvents).toBeLessThan(appended);
    expect(encodeSchedulingModel(resumed)).toEqual(encodeSchedulingModel(rebuilt));
    await Promise.all([resumed.stop(), rebuilt.stop()]);
  });
});
