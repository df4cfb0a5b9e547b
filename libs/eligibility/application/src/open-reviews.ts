// Open no-show and termination reviews for the staff alerts. A read model over this
// service's own store, caught up on every query (pull, not push): a review appended a
// moment ago is in the answer, and a replica that just started needs no warm-up step.
import type { EventStore, RecordedEvent } from '@soudan/event-store';
import type { NoShowCountedV1, NoShowReviewRequestedV1, OpenReview } from '@soudan/eligibility-contracts';
import type { RosterPersonalData } from './roster.handler';
import { SEEKER_STREAM_PREFIX } from './seeker-identity';
import type { Seekers } from './seekers';

type Review = Omit<OpenReview, 'jobSeekerNumber'>;

const PAGE = 1000;

export class OpenReviews {
  private position: bigint | undefined;
  private readonly open = new Map<string, Review>();
  private catchingUp: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly seekers: Seekers,
  ) {}

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

  private async read(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.position, limit: PAGE });
      for (const event of page) this.apply(event);
      if (page.length > 0) this.position = page[page.length - 1].position;
      if (page.length < PAGE) return;
    }
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
