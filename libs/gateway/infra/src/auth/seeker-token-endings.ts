// Issue 9 (identity): a suspension (R42) or an erasure (R54) ends the seeker's tokens at
// once, not when they expire. Eligibility decides those; the gateway learns of them from
// `events.eligibility.SeekerSuspended` and `SeekerErased` (seeker-tokens.consumer.ts) and
// keeps one small record per change in its own store, in the seeker's stream
// `seeker-tokens-<seekerId>`: "the tokens of this seeker signed in before T are ended",
// T being the change's own time. The AuthGuard reads that stream on every request made
// with a seeker's token, as it reads a staff account's stream, so every replica refuses
// an ended token on its next request once the event has reached the gateway (JetStream
// to the gateway's durable consumer, then one append: well under a second when all is
// up). A token signed in afterwards works: a suspended seeker still signs in to see and
// cancel their reservations; an erased one no longer matches the roster, so every token
// they could still hold is from before.
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
import type { SeekerPrincipal } from './roles';

export const SEEKER_TOKENS_STREAM_PREFIX = 'seeker-tokens-';
export const seekerTokensStream = (seekerId: string) => `${SEEKER_TOKENS_STREAM_PREFIX}${seekerId}`;
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

/** The latest end of a seeker's tokens (ms), from their stream; undefined when none ended. */
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
 * store takes as a retry, so a seeker's stream holds one record per change.
 */
export function recordIdFor(sourceEventId: string): string {
  const h = createHash('sha256').update(`seeker-tokens-ended\u0000${sourceEventId}`).digest('hex');
  // A version-5-shaped UUID (name-based, SHA hash), so it fits wherever event ids must be UUIDs.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class SeekerTokenEndings {
  constructor(private readonly store: EventStore) {}

  /** Records an end (idempotent by the source event). */
  async record(ending: SeekerTokensEndedV1): Promise<void> {
    await this.store.append(
      seekerTokensStream(ending.seekerId),
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

  /** When the seeker's tokens last ended (ms), or undefined: one read of their (usually empty) stream. */
  async endedAt(seekerId: string): Promise<number | undefined> {
    return endedBefore(await this.store.readStream(seekerTokensStream(seekerId)));
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
}
