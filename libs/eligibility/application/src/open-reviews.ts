// Open no-show and termination reviews for the staff alerts. A read model over this
// service's own store, caught up on every query (pull, not push): a review appended a
// moment ago is in the answer, and a replica that just started needs no warm-up step.
// Its first catch-up resumes from the latest snapshot (the open reviews as of a
// position, saved with the service's data) and reads only what came after; without a
// usable one (none yet, another model version, unreadable, or REBUILD_READ_MODELS=1) it
// folds the whole history.
import { SnapshotKeeper, type EventStore, type RecordedEvent, type SnapshotLogger, type SnapshotPolicy } from '@soudan/event-store';
import type { NoShowCountedV1, NoShowReviewRequestedV1, OpenReview } from '@soudan/eligibility-contracts';
import type { RosterPersonalData } from './roster.handler';
import { SEEKER_STREAM_PREFIX } from './seeker-identity';
import type { Seekers } from './seekers';

export type Review = Omit<OpenReview, 'jobSeekerNumber'>;

const PAGE = 1000;

/** Name of the snapshot in eligibility's store. */
export const OPEN_REVIEWS_SNAPSHOT = 'eligibility-open-reviews';

/** Bump whenever `apply` or the encoding below changes: older snapshots are then ignored and the history folded again. */
export const OPEN_REVIEWS_MODEL_VERSION = 'open-reviews-1';

export interface OpenReviewsOptions {
  logger?: SnapshotLogger;
  /** Ignore the snapshot and fold the whole history, then save a new one (REBUILD_READ_MODELS=1). */
  rebuild?: boolean;
  /** When to save snapshots (default: every 1,000 events, or every 30 s when anything changed). */
  snapshotPolicy?: Partial<SnapshotPolicy>;
  /** Default OPEN_REVIEWS_MODEL_VERSION; tests change it. */
  modelVersion?: string;
}

const silent: SnapshotLogger = { info: () => undefined, warn: () => undefined };

export class OpenReviews {
  private position: bigint | undefined;
  private readonly open = new Map<string, Review>();
  private catchingUp: Promise<void> | undefined;
  private resumed = false;
  private readonly snapshots: SnapshotKeeper;
  /** Events this instance folded (those a snapshot brought are not counted). */
  appliedEvents = 0;
  /** The snapshot position the first catch-up resumed from; undefined when it folded the whole history. */
  resumedFrom: bigint | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly seekers: Seekers,
    options: OpenReviewsOptions = {},
  ) {
    this.snapshots = new SnapshotKeeper({
      store: store.snapshots,
      name: OPEN_REVIEWS_SNAPSHOT,
      version: options.modelVersion ?? OPEN_REVIEWS_MODEL_VERSION,
      logger: options.logger ?? silent,
      rebuild: options.rebuild,
      policy: options.snapshotPolicy,
      capture: () => (this.position === undefined ? undefined : { position: this.position, state: encodeOpenReviews(this.open) }),
    });
  }

  /** Reads what was appended since the last call; concurrent callers share one read. */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.read().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  async list(): Promise<OpenReview[]> {
    await this.catchUp();
    // Two catch-ups in a row: one already running when we asked may have started before our caller's write.
    await this.catchUp();
    const reviews = [...this.open.values()].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    return Promise.all(reviews.map(async (review) => ({ ...review, jobSeekerNumber: await this.numberOf(review.seekerId) })));
  }

  /** Saves a snapshot of what was folded since the last one (a clean stop). */
  async close(): Promise<void> {
    await this.catchingUp?.catch(() => undefined);
    await this.snapshots.stop();
  }

  private async read(): Promise<void> {
    if (!this.resumed) {
      this.resumed = true;
      const restored = await this.snapshots.restore(decodeOpenReviews);
      if (restored) {
        for (const [seekerId, review] of restored.model) this.open.set(seekerId, review);
        this.position = restored.position;
        this.resumedFrom = restored.position;
      }
    }
    for (;;) {
      const page = await this.store.readAll({ after: this.position, limit: PAGE });
      for (const event of page) this.apply(event);
      if (page.length > 0) this.position = page[page.length - 1].position;
      this.appliedEvents += page.length;
      this.snapshots.applied(page.length);
      if (page.length < PAGE) break;
    }
    // The first catch-up is done: from here on snapshots are saved by count and time.
    this.snapshots.follow();
  }

  private apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(SEEKER_STREAM_PREFIX)) return;
    const seekerId = event.streamId.slice(SEEKER_STREAM_PREFIX.length);
    switch (event.type) {
      case 'NoShowReviewRequested': {
        const data = event.data as NoShowReviewRequestedV1;
        this.open.set(seekerId, { seekerId, reviewId: data.reviewId, reason: data.reason, noShows: data.noShows, since: data.since, requestedAt: data.requestedAt });
        return;
      }
      case 'NoShowCounted': {
        const review = this.open.get(seekerId);
        const data = event.data as NoShowCountedV1;
        if (review && data.noShowsInWindow > review.noShows) review.noShows = data.noShowsInWindow;
        return;
      }
      case 'NoShowReviewDismissed':
      case 'SeekerSuspended':
      case 'SeekerErased':
        this.open.delete(seekerId);
        return;
    }
  }

  /** Staff read the number, not the pseudonym; it is sealed with the roster data, so an erased seeker has none. */
  private async numberOf(seekerId: string): Promise<string | null> {
    const { state } = await this.seekers.load(seekerId);
    if (!state.onRoster) return null;
    const key = await this.seekers.vault.dataKey(seekerId, false);
    return this.seekers.vault.open<RosterPersonalData>(seekerId, key, 'roster', state.personalData)?.jobSeekerNumber ?? null;
  }
}

/** The open reviews as JSON for their snapshot: [seekerId, review] pairs in the Map's order, each review copied (apply updates them in place). */
export function encodeOpenReviews(open: ReadonlyMap<string, Review>): Array<[string, Review]> {
  return Array.from(open, ([seekerId, review]) => [seekerId, { ...review }]);
}

/** The open reviews a snapshot's state holds; an Error naming what is wrong when it holds something else. */
export function decodeOpenReviews(state: unknown): Map<string, Review> {
  if (!Array.isArray(state)) throw new Error('open reviews snapshot: the state is not an array');
  return new Map(
    state.map((entry, i): [string, Review] => {
      const where = `open reviews snapshot: entry ${i}`;
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') throw new Error(`${where} is not a [seekerId, review] pair`);
      const review = entry[1] as Record<string, unknown> | null;
      if (typeof review !== 'object' || review === null) throw new Error(`${where}: the review is not an object`);
      for (const key of ['seekerId', 'reviewId', 'reason', 'since', 'requestedAt']) {
        if (typeof review[key] !== 'string') throw new Error(`${where}: ${key} is not a string`);
      }
      if (!Number.isSafeInteger(review.noShows)) throw new Error(`${where}: noShows is not a whole number`);
      return [entry[0], review as unknown as Review];
    }),
  );
}
