// Open no-show and termination reviews for the staff alerts: a read model over this
// service's own store, caught up on every query and resumed from its snapshot
// (PulledReadModel), so a review appended a moment ago is in the answer.
import { PulledReadModel, type EventStore, type PulledReadModelOptions, type RecordedEvent } from '@soudan/event-store';
import type { NoShowCountedV1, NoShowReviewRequestedV1, OpenReview } from '@soudan/eligibility-contracts';
import type { RosterPersonalData } from './roster.handler';
import { SEEKER_STREAM_PREFIX } from './seeker-identity';
import type { Seekers } from './seekers';

export type Review = Omit<OpenReview, 'jobSeekerNumber'>;

/** Name of the snapshot in eligibility's store. */
export const OPEN_REVIEWS_SNAPSHOT = 'eligibility-open-reviews';

/** Bump whenever `apply` or the encoding below changes: older snapshots are then ignored and the history folded again. */
export const OPEN_REVIEWS_MODEL_VERSION = 'open-reviews-1';

export type OpenReviewsOptions = PulledReadModelOptions;

export class OpenReviews extends PulledReadModel<Map<string, Review>> {
  private readonly open = new Map<string, Review>();

  constructor(
    store: EventStore,
    private readonly seekers: Seekers,
    options: OpenReviewsOptions = {},
  ) {
    super(store, { name: OPEN_REVIEWS_SNAPSHOT, version: OPEN_REVIEWS_MODEL_VERSION }, options);
  }

  async list(): Promise<OpenReview[]> {
    await this.catchUp();
    // Two catch-ups in a row: one already running when we asked may have started before our caller's write.
    await this.catchUp();
    const reviews = [...this.open.values()].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    return Promise.all(
      reviews.map(async (review) => ({ ...review, jobSeekerNumber: await this.numberOf(review.seekerId) })),
    );
  }

  protected encode(): unknown {
    return encodeOpenReviews(this.open);
  }

  protected decode(state: unknown): Map<string, Review> {
    return decodeOpenReviews(state);
  }

  protected restore(model: Map<string, Review>): void {
    for (const [seekerId, review] of model) this.open.set(seekerId, review);
  }

  protected apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(SEEKER_STREAM_PREFIX)) return;
    const seekerId = event.streamId.slice(SEEKER_STREAM_PREFIX.length);
    switch (event.type) {
      case 'NoShowReviewRequested': {
        const data = event.data as NoShowReviewRequestedV1;
        this.open.set(seekerId, {
          seekerId,
          reviewId: data.reviewId,
          reason: data.reason,
          noShows: data.noShows,
          since: data.since,
          requestedAt: data.requestedAt,
        });
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
    return (
      this.seekers.vault.open<RosterPersonalData>(seekerId, key, 'roster', state.personalData)?.jobSeekerNumber ?? null
    );
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
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string')
        throw new Error(`${where} is not a [seekerId, review] pair`);
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
