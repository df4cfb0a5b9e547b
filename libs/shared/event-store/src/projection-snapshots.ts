// When a projection resumes from its snapshot and when it saves one. A projection folds
// events into a model held in memory; without a snapshot it would fold its whole
// history at every start. With one it restores the model as of the snapshot's position
// and reads only what came after. The snapshot is only ever a shortcut: when it is
// missing, of another model version, unreadable, or a rebuild is asked for, the
// projection folds the history from the start, which is always right.
import type { SnapshotStore } from './event-store.port';

/** JSON text of a snapshot's state; a TypeError for what JSON cannot carry (a bigint, undefined). */
export function snapshotText(state: unknown): string {
  const text = JSON.stringify(state);
  if (text === undefined) throw new TypeError('snapshot state must be JSON (got undefined or a function)');
  return text;
}

/**
 * REBUILD_READ_MODELS=1: every projection of the process ignores its snapshot, folds the
 * history from the start and saves a new snapshot. Unset, empty, 0 or false: no.
 */
export function rebuildReadModelsRequested(env: Record<string, string | undefined>): boolean {
  const raw = env.REBUILD_READ_MODELS;
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new Error(
    `REBUILD_READ_MODELS must be 1 (rebuild the read models from the history at start) or 0, got "${raw}"`,
  );
}

export interface SnapshotPolicy {
  /** Save once this many events were folded since the last save. */
  everyEvents: number;
  /** ...or when this long has passed and anything was folded. */
  everyMs: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { everyEvents: 1_000, everyMs: 30_000 };

/** The two logger methods used here (pino's shape). */
export interface SnapshotLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SnapshotKeeperOptions {
  store: SnapshotStore;
  /** One per projection within a service's store. */
  name: string;
  /** The model's version: bump it whenever the fold or the encoding changes, and old snapshots are ignored. */
  version: string;
  logger: SnapshotLogger;
  /** Ignore the stored snapshot (REBUILD_READ_MODELS): fold from the start, then save. */
  rebuild?: boolean;
  policy?: Partial<SnapshotPolicy>;
  /**
   * The model encoded as JSON with the position it holds everything up to; undefined
   * while it has folded nothing. Called synchronously, so the two always belong together.
   */
  capture: () => { position: bigint; state: unknown } | undefined;
}

export interface Restored<TModel> {
  position: bigint;
  model: TModel;
}

/**
 * Restores a projection's model at start and saves it along the way: once the start's
 * catch-up is done (at once when that folded the whole history), then every
 * `everyEvents` folded events or `everyMs` when anything changed, and at stop. Saves run
 * one at a time in the background; a failed one is logged and tried again later.
 */
export class SnapshotKeeper {
  private readonly policy: SnapshotPolicy;
  private pending = 0;
  private resumed = false;
  private following = false;
  private saving: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Snapshots saved by this keeper (tests, logs). */
  saved = 0;

  constructor(private readonly options: SnapshotKeeperOptions) {
    this.policy = { ...DEFAULT_SNAPSHOT_POLICY, ...options.policy };
  }

  /** The model to start from, or undefined to fold the history from the start (the reason is logged). */
  async restore<TModel>(decode: (state: unknown) => TModel): Promise<Restored<TModel> | undefined> {
    const { store, name, version, logger } = this.options;
    const about = { snapshot: name, version };
    if (this.options.rebuild) {
      logger.info(about, 'read model rebuild requested (REBUILD_READ_MODELS): folding the whole history');
      return undefined;
    }
    let snapshot;
    try {
      snapshot = await store.load(name);
    } catch (error) {
      logger.warn({ ...about, err: error }, 'read model snapshot could not be loaded: folding the whole history');
      return undefined;
    }
    if (!snapshot) {
      logger.info(about, 'no read model snapshot yet: folding the whole history');
      return undefined;
    }
    if (snapshot.version !== version) {
      logger.info(
        { ...about, found: snapshot.version },
        'read model snapshot is of another model version: folding the whole history',
      );
      return undefined;
    }
    let model: TModel;
    try {
      model = decode(snapshot.state);
    } catch (error) {
      logger.warn(
        { ...about, err: error, position: snapshot.position.toString() },
        'read model snapshot is unreadable: folding the whole history',
      );
      return undefined;
    }
    this.resumed = true;
    logger.info({ ...about, position: snapshot.position.toString() }, 'read model resumed from its snapshot');
    return { position: snapshot.position, model };
  }

  /** `count` more events were folded into the model. */
  applied(count = 1): void {
    this.pending += count;
    if (this.following && this.pending >= this.policy.everyEvents) void this.save();
  }

  /**
   * The start's catch-up is done: saves now if it folded the whole history or a full
   * batch, and from here on by count and time.
   */
  follow(): void {
    if (this.following) return;
    this.following = true;
    if (this.pending >= this.policy.everyEvents || (!this.resumed && this.pending > 0)) void this.save();
    this.timer = setInterval(() => {
      if (this.pending > 0) void this.save();
    }, this.policy.everyMs);
    this.timer.unref();
  }

  /** Saves what was folded since the last save, if anything; resolves when done, never rejects. */
  async save(): Promise<void> {
    // One at a time: what a running save does not hold stays pending for the next.
    while (this.saving) await this.saving;
    if (this.pending === 0) return;
    const captured = this.options.capture();
    if (!captured) return;
    const { store, name, version, logger } = this.options;
    const count = this.pending;
    this.pending = 0;
    this.saving = (async () => {
      try {
        await store.save(name, captured.position, version, captured.state);
        this.saved += 1;
      } catch (error) {
        this.pending += count;
        logger.warn({ snapshot: name, version, err: error }, 'read model snapshot not saved; trying again later');
      } finally {
        this.saving = undefined;
      }
    })();
    await this.saving;
  }

  /** Resolves when no save is running (tests). */
  async settled(): Promise<void> {
    while (this.saving) await this.saving;
  }

  /** Stops the timed saves and saves what is pending (a clean stop leaves a current snapshot). */
  async stop(): Promise<void> {
    this.following = false;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.save();
  }
}
