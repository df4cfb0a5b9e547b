// Issue 9 (identity): a suspension (R42) or an erasure (R54) ends the seeker's tokens at
// once, not when they expire. Eligibility decides those; the gateway learns of them from
// `events.eligibility.SeekerSuspended` and `SeekerErased` (seeker-tokens.consumer.ts) and
// keeps one small record per change in its own store, in the stream `seeker-token-ends`:
// "the tokens of this seeker signed in before T are ended", T being the change's own
// time. The AuthGuard asks on every request made with a seeker's token; each replica
// answers from the records it has read, after a read of the stream's new records that
// began after the request arrived (one indexed read, shared by every request that came in
// while the previous read ran). So every replica refuses an ended token on its next
// request once the event has reached the gateway (JetStream to the gateway's durable
// consumer, then one append: well under a second when all is up), and no cache can say
// "valid" for longer than that. A token signed in afterwards works: a suspended seeker
// still signs in to see and cancel their reservations; an erased one no longer matches the
// roster, so every token they could still hold is from before (and stays ended).
//
// A token's sign-in time is when the gateway began the roster match for its link
// (SeekerPrincipal.signedInAt), so a link asked for before the change gives no token that
// outlives it, however late it is exchanged. T is eligibility's clock, the sign-in time
// the gateway's: in the distributed form the hosts' clocks must agree (NTP), as slot times
// already require; a skew of d lets a sign-in begun less than d before the change through.
import { createHash } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@soudan/event-store';
import { EligibilityEventTypes } from '@soudan/eligibility-contracts';
import type { EventEnvelope } from '@soudan/messaging';
import { AppError, currentCorrelationId } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import type { SeekerPrincipal } from '@soudan/identity-contracts';

/** Every end of every seeker, in one stream: a replica follows it from where it last read. */
export const SEEKER_TOKENS_STREAM = 'seeker-token-ends';
export const SEEKER_TOKENS_ENDED = 'SeekerTokensEnded';

/** The eligibility events that end a seeker's tokens, and the field that holds each one's time. */
export const ENDING_EVENTS = {
  [EligibilityEventTypes.SeekerSuspended]: 'suspendedAt',
  [EligibilityEventTypes.SeekerErased]: 'erasedAt',
} as const;
export type EndingCause = keyof typeof ENDING_EVENTS;

export interface SeekerTokensEndedV1 {
  seekerId: string;
  /** Tokens of this seeker signed in before this instant are ended. */
  before: string;
  cause: EndingCause;
  /** The eligibility event it came from. */
  sourceEventId: string;
}

const SEEKER_ID = /^[0-9a-f]{32}$/;

/**
 * The record an eligibility event calls for, or undefined for an event that ends nothing
 * (another type). Throws for an ending event without a seeker or a time: it can never be
 * recorded, so it must not be acknowledged as if it had been.
 */
export function endingOf(event: Pick<EventEnvelope, 'eventId' | 'type' | 'data'>): SeekerTokensEndedV1 | undefined {
  if (!Object.hasOwn(ENDING_EVENTS, event.type)) return undefined;
  const cause = event.type as EndingCause;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const seekerId = data.seekerId;
  const at = data[ENDING_EVENTS[cause]];
  if (typeof seekerId !== 'string' || !SEEKER_ID.test(seekerId))
    throw new TypeError(`${cause} ${event.eventId} names no seeker`);
  const ms = typeof at === 'string' ? Date.parse(at) : NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`${cause} ${event.eventId} has no time`);
  return { seekerId, before: new Date(ms).toISOString(), cause, sourceEventId: event.eventId };
}

/** The latest of these ends (ms); undefined when there is none. */
export function endedBefore(records: ReadonlyArray<Pick<RecordedEvent, 'type' | 'data'>>): number | undefined {
  let latest: number | undefined;
  for (const record of records) {
    if (record.type !== SEEKER_TOKENS_ENDED) continue;
    const ms = Date.parse((record.data as Partial<SeekerTokensEndedV1>).before ?? '');
    if (Number.isFinite(ms) && (latest === undefined || ms > latest)) latest = ms;
  }
  return latest;
}

/** Whether a token signed in at `signedInAt` is ended by an end at `endedAt` (both ms). */
export const isEnded = (signedInAt: number, endedAt: number | undefined): boolean =>
  endedAt !== undefined && signedInAt < endedAt;

/**
 * The record's event id, from the source event's: the same event handled twice (a crash
 * between the append and the inbox, two replicas) appends the same event, which the
 * store takes as a retry, so the stream holds one record per change.
 */
export function recordIdFor(sourceEventId: string): string {
  const h = createHash('sha256').update(`seeker-tokens-ended\u0000${sourceEventId}`).digest('hex');
  // A version-5-shaped UUID (name-based, SHA hash), so it fits wherever event ids must be UUIDs.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Records read per round trip while a replica catches up with the stream (at start). */
const PAGE = 1000;

export class SeekerTokenEndings {
  /** The latest end per seeker (ms), as far as this replica has read the stream. */
  private readonly ends = new Map<string, number>();
  /** Revision of the last record read; -1 before any. */
  private revision = -1;
  /** The read in flight, and the one queued to start after it. */
  private reading?: Promise<void>;
  private queued?: Promise<void>;
  /** The store's count of appends (embedded store only) when the read in flight began. */
  private readingFrom?: number;
  /** The same count when the last read that finished began: while it holds, nothing new can be in the stream. */
  private readThrough?: number;
  private prunedAt = 0;

  constructor(
    private readonly store: EventStore,
    private readonly memory: {
      clock: Clock;
      /**
       * Ends older than this are forgotten: no credential signed in before them is still
       * alive (a link lives 15 minutes, a token 30 from its exchange; plus room for skew).
       */
      forgetAfterMs: number;
    } | null = null,
  ) {}

  /** Records an end (idempotent by the source event). */
  async record(ending: SeekerTokensEndedV1): Promise<void> {
    await this.store.append(
      SEEKER_TOKENS_STREAM,
      [
        {
          eventId: recordIdFor(ending.sourceEventId),
          type: SEEKER_TOKENS_ENDED,
          data: ending,
          metadata: {
            correlationId: currentCorrelationId() ?? ending.sourceEventId,
            causationId: ending.sourceEventId,
            actor: 'system:gateway',
            schemaVersion: 1,
          },
        },
      ],
      'any',
    );
  }

  /** When the seeker's tokens last ended (ms), or undefined; counts every end recorded before this call. */
  async endedAt(seekerId: string): Promise<number | undefined> {
    await this.fresh();
    return this.ends.get(seekerId);
  }

  /** The principal of a seeker's token, unless a suspension or erasure ended it (401 TOKEN_REVOKED). */
  async current(principal: SeekerPrincipal): Promise<SeekerPrincipal> {
    if (isEnded(principal.signedInAt ?? 0, await this.endedAt(principal.seekerId)))
      throw new AppError(
        'TOKEN_REVOKED',
        401,
        "this token was ended (the seeker's standing changed: a suspension or an erasure); sign in again",
      );
    return principal;
  }

  /**
   * Resolves once a read of the stream that began after this call has finished, so
   * nothing recorded before the call is missed, on any replica. Callers arriving while a
   * read runs share the next one: under load one indexed read (of the stream's new
   * records, usually none) serves every request that came in meanwhile.
   *
   * On the embedded store (PGlite: this process makes every append, and the store counts
   * them, `appendsMade`) a read whose count has not moved since it began already saw
   * everything recorded before this call: the caller takes that read, finished or in
   * flight, instead of a new one. Any append in between, to any stream of the gateway's
   * (an access record batch, a sign-in link), moves the count and the next caller reads.
   */
  private fresh(): Promise<void> {
    const appends = this.store.appendsMade?.();
    if (appends !== undefined) {
      if (this.reading && this.readingFrom === appends) return this.reading;
      if (!this.reading && this.readThrough === appends) return Promise.resolve();
    }
    if (!this.reading) {
      this.reading = this.read().finally(() => (this.reading = undefined));
      return this.reading;
    }
    // The read in flight may have begun before this caller arrived: wait for the next one.
    this.queued ??= this.reading
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.fresh();
      });
    return this.queued;
  }

  private async read(): Promise<void> {
    // Taken before the first statement is sent: an append that answers after this point has moved it.
    const from = this.store.appendsMade?.();
    this.readingFrom = from;
    for (;;) {
      const page = await this.store.readStream(SEEKER_TOKENS_STREAM, { fromRevision: this.revision + 1, limit: PAGE });
      for (const record of page) {
        const ms = endedBefore([record]);
        const seekerId = (record.data as Partial<SeekerTokensEndedV1>).seekerId;
        if (ms !== undefined && typeof seekerId === 'string' && ms > (this.ends.get(seekerId) ?? -Infinity))
          this.ends.set(seekerId, ms);
        this.revision = record.revision;
      }
      if (page.length < PAGE) break;
    }
    this.readThrough = from;
    this.forgetOld();
  }

  /** Keeps memory to the ends that can still matter (at most once a minute). */
  private forgetOld(): void {
    if (!this.memory) return;
    const now = this.memory.clock.now().getTime();
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    for (const [seekerId, ms] of this.ends) if (ms < now - this.memory.forgetAfterMs) this.ends.delete(seekerId);
  }
}
