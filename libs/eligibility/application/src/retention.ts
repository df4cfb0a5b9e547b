// R54: "erased at the end of its retention period". Nothing is scheduled anywhere but in
// the history: who is due follows from each seeker's events (RetentionFacts), so the
// sweep survives restarts and catches up after downtime. RetentionIndex folds the facts
// of every seeker from this service's store (resuming from a snapshot, like
// OpenReviews); RetentionSweep, once a day, erases each seeker whose period has ended and
// who has no open reservation (scheduling says), exactly as a staff erasure does (the
// key destroyed, then SeekerErased, reason `retention`). Each erasure is decided again on
// the seeker's stream with its expected revision, so activity appended meanwhile counts,
// and two replicas sweeping at once erase each seeker once.
import {
  PulledReadModel,
  type EventStore,
  type PulledReadModelOptions,
  type RecordedEvent,
  type SnapshotLogger,
} from '@soudan/event-store';
import {
  evolveRetention,
  initialRetention,
  isRetentionDue,
  retentionDueAt,
  type RetentionFacts,
  type RetentionPolicy,
  type SeekerEvent,
} from '@soudan/eligibility-domain';
import { jstDateOf } from '@soudan/time';
import { SEEKER_STREAM_PREFIX } from './seeker-identity';
import type { Seekers } from './seekers';

/** Name of the snapshot in eligibility's store. */
export const RETENTION_SNAPSHOT = 'eligibility-retention';
/** Bump whenever `evolveRetention` or the encoding below changes: older snapshots are then ignored and the history folded again. */
export const RETENTION_MODEL_VERSION = 'retention-1';
/** Who erases at the end of the retention period (the events' actor and `erasedBy`). */
export const RETENTION_ACTOR = 'system:retention';

const silent: SnapshotLogger = { info: () => undefined, warn: () => undefined };

export type RetentionIndexOptions = PulledReadModelOptions;

/** The retention facts of every seeker, caught up with the store on each question. */
export class RetentionIndex extends PulledReadModel<Map<string, RetentionFacts>> {
  private readonly facts = new Map<string, RetentionFacts>();

  constructor(store: EventStore, options: RetentionIndexOptions = {}) {
    super(store, { name: RETENTION_SNAPSHOT, version: RETENTION_MODEL_VERSION }, options);
  }

  /** The seekers due for erasure at `now`, the longest overdue first. */
  async due(now: string, days: number): Promise<Array<{ seekerId: string; dueAt: string }>> {
    await this.catchUp();
    const due: Array<{ seekerId: string; dueAt: string }> = [];
    for (const [seekerId, facts] of this.facts) {
      if (!isRetentionDue(facts, now, days)) continue;
      due.push({ seekerId, dueAt: retentionDueAt(facts, days)! });
    }
    return due.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  protected encode(): unknown {
    return encodeRetention(this.facts);
  }

  protected decode(state: unknown): Map<string, RetentionFacts> {
    return decodeRetention(state);
  }

  protected restore(model: Map<string, RetentionFacts>): void {
    for (const [seekerId, facts] of model) this.facts.set(seekerId, facts);
  }

  protected apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(SEEKER_STREAM_PREFIX)) return;
    const seekerId = event.streamId.slice(SEEKER_STREAM_PREFIX.length);
    const before = this.facts.get(seekerId) ?? initialRetention();
    this.facts.set(seekerId, evolveRetention(before, { type: event.type, data: event.data } as SeekerEvent));
  }
}

/** The facts as JSON for their snapshot: [seekerId, facts] pairs. */
export function encodeRetention(facts: ReadonlyMap<string, RetentionFacts>): Array<[string, RetentionFacts]> {
  return Array.from(facts);
}

/** The facts a snapshot's state holds; an Error naming what is wrong when it holds something else. */
export function decodeRetention(state: unknown): Map<string, RetentionFacts> {
  if (!Array.isArray(state)) throw new Error('retention snapshot: the state is not an array');
  return new Map(
    state.map((entry, i): [string, RetentionFacts] => {
      const where = `retention snapshot: entry ${i}`;
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string')
        throw new Error(`${where} is not a [seekerId, facts] pair`);
      const facts = entry[1] as Record<string, unknown> | null;
      if (typeof facts !== 'object' || facts === null) throw new Error(`${where}: the facts are not an object`);
      if (typeof facts.onRoster !== 'boolean' || typeof facts.reviewOpen !== 'boolean')
        throw new Error(`${where}: onRoster and reviewOpen must be booleans`);
      for (const key of ['lastActivityAt', 'suspensionEndsAt']) {
        if (facts[key] !== undefined && typeof facts[key] !== 'string')
          throw new Error(`${where}: ${key} is not a string`);
      }
      return [entry[0], facts as unknown as RetentionFacts];
    }),
  );
}

export interface RetentionSweepResult {
  /** Seekers whose period had ended by the index's reckoning. */
  due: string[];
  /** Erased by this sweep. */
  erased: string[];
  /** Due, but with a reservation still open: kept. */
  heldByOpenReservation: string[];
}

export interface RetentionSweepLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export class RetentionSweep {
  constructor(
    private readonly seekers: Seekers,
    private readonly index: RetentionIndex,
    /** Seekers with a reservation not yet ended (scheduling's `scheduling.reservations.open`). */
    private readonly openReservations: () => Promise<ReadonlySet<string>>,
    private readonly policy: () => RetentionPolicy,
    private readonly logger: RetentionSweepLogger = silent,
  ) {}

  /**
   * Erases every seeker whose retention period has ended, unless a reservation of theirs
   * is open. When scheduling cannot say which are open, nobody is erased this time (the
   * next sweep tries again): an erasure cannot be taken back.
   */
  async sweep(): Promise<RetentionSweepResult> {
    const days = this.policy().personalDataDays;
    const now = this.seekers.now();
    const due = (await this.index.due(now, days)).map((d) => d.seekerId);
    const result: RetentionSweepResult = { due, erased: [], heldByOpenReservation: [] };
    if (due.length === 0) return result;
    const open = await this.openReservations();
    const context = { correlationId: `retention-${jstDateOf(new Date(now))}`, actor: RETENTION_ACTOR };
    for (const seekerId of due) {
      if (open.has(seekerId)) {
        result.heldByOpenReservation.push(seekerId);
        continue;
      }
      try {
        if (await this.eraseIfDue(seekerId, days, context)) result.erased.push(seekerId);
      } catch (error) {
        // One seeker's trouble does not hold up the others; the next sweep tries again.
        this.logger.warn({ err: error, seekerId }, 'retention: could not erase a seeker; the next sweep tries again');
      }
    }
    this.logger.info(
      { days, due: due.length, erased: result.erased.length, held: result.heldByOpenReservation.length },
      'retention sweep done',
    );
    return result;
  }

  /**
   * Erases one seeker if their period has ended, as the staff erasure does: the key goes
   * first, then SeekerErased is recorded. Decided on the stream as it is; once the key is
   * gone, the erasure is recorded whatever happened meanwhile (the data is unreadable).
   * True when this call recorded the erasure.
   */
  async eraseIfDue(
    seekerId: string,
    days: number,
    context: { correlationId: string; actor: string },
  ): Promise<boolean> {
    let keyDestroyed = false;
    const executed = await this.seekers.execute(
      seekerId,
      async (state) => {
        const now = this.seekers.now();
        if (!keyDestroyed && state.onRoster && isRetentionDue(state.retention, now, days)) {
          await this.seekers.vault.erase(seekerId);
          keyDestroyed = true;
        }
        return {
          type: 'EraseSeeker',
          data: {
            seekerId,
            erasedBy: RETENTION_ACTOR,
            reason: 'retention',
            ...(keyDestroyed ? {} : { dueAfterDays: days }),
          },
          metadata: { now },
        };
      },
      context,
    );
    return executed.events.some((event) => event.type === 'SeekerErased');
  }
}
