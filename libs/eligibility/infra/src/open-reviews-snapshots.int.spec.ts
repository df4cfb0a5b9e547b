// Eligibility's open reviews (R19, R21) resume from their snapshot on a real PostgreSQL:
// the first catch-up after a restart reads only the events after the snapshot, and the
// list equals a full fold of the history, reviews changed after the snapshot included.
import { randomUUID } from 'node:crypto';
import {
  OPEN_REVIEWS_MODEL_VERSION,
  OPEN_REVIEWS_SNAPSHOT,
  OpenReviews,
  seekerStream,
  type OpenReviewsOptions,
  type Seekers,
} from '@soudan/eligibility-application';
import { PostgresEventStore, type EventStore, type NewEvent } from '@soudan/event-store';
import {
  createTestDatabase,
  startPostgres,
  untilReadAllShows,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';

// The list shows each seeker's number from their roster data; these seekers have none,
// so the model is all there is to compare.
const offRoster = { load: async () => ({ state: { onRoster: false } }) } as unknown as Seekers;

const seekerId = (n: number) => n.toString(16).padStart(32, '0');
const event = (type: string, data: unknown): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { correlationId: 'test', actor: 'system:eligibility', schemaVersion: 1 },
});
const requested = (n: number, at: string) =>
  event('NoShowReviewRequested', {
    seekerId: seekerId(n),
    reviewId: `review-${n}`,
    reason: n % 3 === 0 ? 'terminated' : 'no_shows',
    noShows: 2,
    since: '2026-06-01T00:00:00.000Z',
    threshold: 2,
    windowDays: 180,
    reservationId: `r-${n}`,
    requestedAt: at,
  });
const counted = (n: number, noShows: number) =>
  event('NoShowCounted', {
    seekerId: seekerId(n),
    reservationId: `r-${n}-${noShows}`,
    slot: '2026-11-20T01:00:00.000Z',
    recordedAt: '2026-11-20T01:10:00.000Z',
    noShowsInWindow: noShows,
  });
const dismissed = (n: number) =>
  event('NoShowReviewDismissed', {
    seekerId: seekerId(n),
    reviewId: `review-${n}`,
    by: 'staff:sato',
    at: '2026-11-21T00:00:00.000Z',
  });

async function countAfter(store: EventStore, after: bigint | undefined): Promise<number> {
  return (await store.readAll({ after, limit: 10_000 })).length;
}

describe('eligibility open reviews: snapshots on PostgreSQL', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_open_reviews');
    store = await PostgresEventStore.connect({ url: db.url, schema: 'eligibility' });
  });

  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await server?.stop();
  });

  const reviews = (options: OpenReviewsOptions = {}) => new OpenReviews(store, offRoster, options);

  it('a restart reads only the events after the snapshot and lists what a full fold lists', async () => {
    for (let n = 1; n <= 30; n++)
      await store.append(
        seekerStream(seekerId(n)),
        [requested(n, `2026-11-${String(10 + (n % 15)).padStart(2, '0')}T00:00:00.000Z`)],
        'any',
      );
    let last = 0n;
    for (let n = 1; n <= 30; n += 4)
      last = (await store.append(seekerStream(seekerId(n)), [dismissed(n)], 'any')).position;
    await untilReadAllShows(store, last);
    const before = await countAfter(store, undefined);

    const first = reviews();
    const listed = await first.list();
    expect(listed).toHaveLength(30 - 8);
    expect(first.appliedEvents).toBe(before);
    await first.close();
    const snapshot = await store.snapshots.load(OPEN_REVIEWS_SNAPSHOT);
    expect(snapshot?.version).toBe(OPEN_REVIEWS_MODEL_VERSION);

    // After the snapshot: a restored review counts a new no-show, one is dismissed, new ones open.
    await store.append(seekerStream(seekerId(2)), [counted(2, 3)], 'any');
    await store.append(seekerStream(seekerId(3)), [dismissed(3)], 'any');
    for (let n = 31; n <= 33; n++)
      last = (await store.append(seekerStream(seekerId(n)), [requested(n, '2026-11-26T00:00:00.000Z')], 'any'))
        .position;
    await untilReadAllShows(store, last);
    const after = await countAfter(store, snapshot!.position);
    expect(after).toBe(5);

    const resumed = reviews();
    const fromSnapshot = await resumed.list();
    expect(resumed.resumedFrom).toBe(snapshot!.position);
    expect(resumed.appliedEvents).toBe(after);

    const rebuilt = reviews({ rebuild: true });
    const fromHistory = await rebuilt.list();
    expect(rebuilt.resumedFrom).toBeUndefined();
    expect(rebuilt.appliedEvents).toBe(before + after);
    expect(fromSnapshot).toEqual(fromHistory);
    expect(fromSnapshot).toHaveLength(30 - 8 - 1 + 3);
    expect(fromSnapshot.find((r) => r.seekerId === seekerId(2))?.noShows).toBe(3);
    await Promise.all([resumed.close(), rebuilt.close()]);
  });

  it('a model version bump ignores the snapshot and folds the whole history', async () => {
    const total = await countAfter(store, undefined);
    const current = reviews();
    const listed = await current.list();
    expect(current.resumedFrom).toBeDefined();
    await current.close();

    const bumped = reviews({ modelVersion: 'open-reviews-next' });
    expect(await bumped.list()).toEqual(listed);
    expect(bumped.resumedFrom).toBeUndefined();
    expect(bumped.appliedEvents).toBe(total);
    await bumped.close();
    expect(await store.snapshots.load(OPEN_REVIEWS_SNAPSHOT)).toMatchObject({ version: 'open-reviews-next' });
  });
});
