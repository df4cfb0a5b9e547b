// The ends of seekers' tokens (issue 9, R42, R54) on the real stores, under concurrent
// checks, ends and other appends: an end whose record has been answered is counted by
// every check that starts afterwards. On the embedded PGlite the guard skips the read
// while the store's count of appends has not moved (appendsMade); on PostgreSQL, where
// other processes append too, it reads for every batch of checks. The ends come through
// one handle of the gateway's schema and are checked through another, as the consumer and
// the guard of a process could hold them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore, type EventStore } from '@soudan/event-store';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from '@soudan/testing';
import { SeekerTokenEndings } from './seeker-token-endings';

const SEEKERS = Array.from({ length: 8 }, (_, i) => (i + 1).toString(16).repeat(32));
const BASE_MS = Date.parse('2026-12-08T01:00:00.000Z');

/** The store with its reads of streams counted. */
function countingReads(store: EventStore) {
  const counted = { reads: 0 };
  const wrapped = new Proxy(store, {
    get(target, property) {
      if (property === 'readStream')
        return (...args: Parameters<EventStore['readStream']>) => {
          counted.reads += 1;
          return target.readStream(...args);
        };
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, counted };
}

const accessBatch = () => ({
  eventId: randomUUID(),
  type: 'AccessRecorded',
  data: { route: 'GET /reservations' },
  metadata: { correlationId: randomUUID(), actor: 'system:gateway', schemaVersion: 1 },
});

describe.each([
  ['embedded PGlite: no read while nothing was appended', 'pglite'],
  ['PostgreSQL: a read for every batch of checks', 'postgres'],
] as const)('the ends of seekers’ tokens on the real store, %s', (_name, kind) => {
  let server: TestPostgresServer | undefined;
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let consumerStore: EventStore;
  let guardStore: EventStore;

  beforeAll(async () => {
    if (kind === 'pglite') {
      dataDir = mkdtempSync(join(tmpdir(), 'soudan-token-ends-'));
      consumerStore = await openEventStore(`pglite://${dataDir}`, { schema: 'gateway' });
      guardStore = await openEventStore(`pglite://${dataDir}`, { schema: 'gateway' });
    } else {
      server = await startPostgres();
      database = await createTestDatabase(server, 'soudan_token_ends');
      consumerStore = await openEventStore(database.url, { schema: 'gateway' });
      guardStore = await openEventStore(database.url, { schema: 'gateway' });
    }
  });

  afterAll(async () => {
    await guardStore?.close();
    await consumerStore?.close();
    await database?.drop();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('R42, R54: every end answered before a check is counted by it, with checks, ends and access records running at once', async () => {
    const { store, counted } = countingReads(guardStore);
    const guard = new SeekerTokenEndings(store);
    const consumer = new SeekerTokenEndings(consumerStore);
    /** The latest end answered per seeker: what any check begun afterwards must count. */
    const answered = new Map<string, number>();
    let checks = 0;
    const check = async (seekerId: string) => {
      const owed = answered.get(seekerId);
      checks += 1;
      const seen = await guard.endedAt(seekerId);
      if (owed !== undefined) expect(seen).toBeGreaterThanOrEqual(owed);
    };
    for (let round = 0; round < 40; round++) {
      const seekerId = SEEKERS[round % SEEKERS.length];
      const before = BASE_MS + round * 1000;
      await Promise.all([
        // An end recorded, and checked for as soon as it is answered.
        (async () => {
          await consumer.record({
            seekerId,
            before: new Date(before).toISOString(),
            cause: 'SeekerSuspended',
            sourceEventId: randomUUID(),
          });
          answered.set(seekerId, before);
          await check(seekerId);
        })(),
        // Checks of every seeker meanwhile, some while the end is being appended.
        ...SEEKERS.map(async (other, i) => {
          for (let k = 0; k < 3; k++) {
            if ((i + k) % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
            await check(other);
          }
        }),
        // Another stream of the gateway's now and then (an access record batch).
        round % 4 === 0
          ? consumerStore.append(`access-${randomUUID()}`, [accessBatch()], 'no_stream')
          : Promise.resolve(),
      ]);
      // Quiet now: a check after everything was answered sees every end.
      for (const s of SEEKERS) await check(s);
    }
    for (const [seekerId, before] of answered) expect(await guard.endedAt(seekerId)).toBe(before);
    if (kind === 'pglite') {
      // The quiet checks (8 a round, after the round's appends were read once) cost no read.
      expect(counted.reads).toBeLessThan(checks / 4);
    } else {
      expect(store.appendsMade).toBeUndefined();
      // Quiet checks one after another each read again: there is no count to trust.
      expect(counted.reads).toBeGreaterThanOrEqual(40 * SEEKERS.length);
    }
  });
});
