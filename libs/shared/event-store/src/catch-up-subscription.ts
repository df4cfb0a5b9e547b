import { readAllLimit } from './argument-checks';
import type { ReadAllOptions, RecordedEvent, StoreSubscription, SubscribeOptions } from './event-store.port';

/** What a catch-up subscription needs from a store that can only be polled. */
export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Calls `listener` whenever new events may have become readable; returns an unsubscribe. */
  watch(listener: () => void): () => void;
}

export interface CatchUpSettings {
  /** Re-read this often when no wake-up arrives: notifications can be lost, and events behind a long transaction become readable without one. */
  pollIntervalMs: number;
  /** Told about every failed read (with the count of failures in a row) and about the recovery. */
  onError: (error: unknown, failuresInARow: number) => void;
  onRecovered: () => void;
}

const DEFAULT_BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5_000;
/**
 * A wake-up whose read finds nothing means the appends it announced are not readable
 * yet (on PostgreSQL: a transaction elsewhere in the cluster, older than they are, still
 * holds back the horizon reads are gated by). Re-read soon, backing off from this
 * delay up to CHASE_MAX_MS, rather than wait a whole poll interval.
 */
const CHASE_FIRST_MS = 25;
const CHASE_MAX_MS = 2_000;

/**
 * Reads "all" in batches from a position, then keeps polling, woken early by the store.
 * A failed read (store down) is retried with backoff from the same position, so an
 * outage delays events but never loses or repeats one, and never ends the iteration.
 */
export class CatchUpSubscription implements StoreSubscription {
  private stopped = false;
  private readonly wakeups = new Set<Wakeup>();
  // Capped as readAll caps it: a short batch must mean "caught up", not "asked for more than allowed".
  private readonly batchSize: number;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: SubscribeOptions,
    private readonly settings: CatchUpSettings,
    private readonly onStop: (subscription: CatchUpSubscription) => void = () => undefined,
  ) {
    this.batchSize = readAllLimit(options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.follow();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const wakeup of this.wakeups) wakeup.signal();
    this.onStop(this);
  }

  private async *follow(): AsyncGenerator<RecordedEvent> {
    const limit = this.batchSize;
    const matches = eventFilter(this.options);
    let after = this.options.after;
    let failures = 0;
    /** Whether the read about to happen follows a wake-up, and the delay of the chase it may start. */
    let woken = false;
    let chaseMs: number | undefined;
    const wakeup = new Wakeup();
    this.wakeups.add(wakeup);
    const unwatch = this.source.watch(() => wakeup.signal());
    try {
      while (!this.stopped) {
        let batch: RecordedEvent[];
        try {
          batch = await this.source.readAll({ after, limit });
        } catch (error) {
          if (this.stopped) break;
          failures += 1;
          this.settings.onError(error, failures);
          await wakeup.wait(Math.min(MAX_BACKOFF_MS, 100 * 2 ** (failures - 1)));
          continue;
        }
        if (failures > 0) {
          failures = 0;
          this.settings.onRecovered();
        }
        for (const event of batch) {
          if (this.stopped) return;
          after = event.position;
          if (matches(event)) yield event;
        }
        if (chaseMs !== undefined) {
          // Something came: more may still be held back, so keep looking from the start of the chase.
          if (batch.length > 0) chaseMs = CHASE_FIRST_MS;
          else chaseMs = chaseMs * 2 > CHASE_MAX_MS ? undefined : chaseMs * 2;
        } else if (woken && batch.length === 0) {
          chaseMs = CHASE_FIRST_MS;
        }
        woken = false;
        if (batch.length < limit && !this.stopped) woken = await wakeup.wait(chaseMs ?? this.settings.pollIntervalMs);
      }
    } finally {
      unwatch();
      this.wakeups.delete(wakeup);
    }
  }
}

export function eventFilter(
  options: Pick<SubscribeOptions, 'streamPrefixes' | 'eventTypes'>,
): (event: RecordedEvent) => boolean {
  const prefixes = options.streamPrefixes?.length ? options.streamPrefixes : undefined;
  const types = options.eventTypes?.length ? new Set(options.eventTypes) : undefined;
  return (event) =>
    (!prefixes || prefixes.some((prefix) => event.streamId.startsWith(prefix))) && (!types || types.has(event.type));
}

/**
 * A wake-up that is not lost when it arrives while nobody waits: it is remembered and
 * the next wait returns at once. That is what keeps "read, then wait" race-free.
 */
class Wakeup {
  private pending = false;
  private release: (() => void) | undefined;

  signal(): void {
    this.pending = true;
    this.release?.();
  }

  /** Resolves true when woken by a signal, false when the time ran out. */
  wait(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.release = undefined;
        this.pending = false;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), ms);
      this.release = () => done(true);
    });
  }
}

/** Default: one warning when reads start failing and one when they work again, not one per retry. */
export function subscriptionErrorReporting(
  onError: ((error: unknown) => void) | undefined,
  label: string,
): { onError: (error: unknown, failuresInARow: number) => void; onRecovered: () => void } {
  if (onError) return { onError: (error) => onError(error), onRecovered: () => undefined };
  return {
    onError: (error, failures) => {
      if (failures === 1)
        console.warn(
          `${label}: subscription read failed, retrying with backoff: ${(error as Error)?.message ?? String(error)}`,
        );
    },
    onRecovered: () => console.warn(`${label}: subscription reads work again`),
  };
}
