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

/** Refuses a snapshot without parts (every store checks this before it writes anything). */
export function checkSnapshotParts(parts: readonly unknown[]): void {
  if (!Array.isArray(parts) || parts.length === 0) throw new TypeError('a snapshot needs at least one part');
}

/**
 * How a projection's state is split into a snapshot's parts and joined again. The
 * default keeps the state whole, as one part.
 */
export interface SnapshotSplitting {
  split(state: unknown): readonly unknown[];
  /** Throws when the parts are not what split makes (the projection then folds the history). */
  join(parts: readonly unknown[]): unknown;
}

export const WHOLE_STATE: SnapshotSplitting = {
  split: (state) => [state],
  join: (parts) => {
    if (parts.length !== 1) throw new Error(`snapshot in ${parts.length} parts where one was expected`);
    return parts[0];
  },
};

/**
 * For a state that is an object of lists (a read model's maps as arrays of entries):
 * each list is cut into parts of at most `perPart` items, other fields are a part
 * each. The parts are [field, items] pairs in the state's field order, so joining them
 * gives back the same object with every list in its order. The items are not copied:
 * a projection's encode already made the lists for the snapshot, and nothing changes
 * them while the parts are written.
 */
export function listsInParts(perPart: number): SnapshotSplitting {
  if (!Number.isSafeInteger(perPart) || perPart < 1)
    throw new RangeError(`perPart must be a whole number >= 1, got ${perPart}`);
  return {
    split(state) {
      if (typeof state !== 'object' || state === null || Array.isArray(state))
        throw new TypeError('listsInParts splits an object of lists');
      const parts: Array<[string, unknown]> = [];
      for (const [field, value] of Object.entries(state)) {
        if (!Array.isArray(value) || value.length <= perPart) parts.push([field, value]);
        else for (let at = 0; at < value.length; at += perPart) parts.push([field, value.slice(at, at + perPart)]);
      }
      return parts;
    },
    join(parts) {
      const state: Record<string, unknown> = {};
      parts.forEach((part, index) => {
        if (!Array.isArray(part) || part.length !== 2 || typeof part[0] !== 'string')
          throw new Error(`snapshot part ${index} is not a [field, value] pair`);
        const [field, value] = part as [string, unknown];
        if (!Object.hasOwn(state, field)) {
          // A copy, so the lists the next parts are added to are the state's own.
          state[field] = Array.isArray(value) ? [...value] : value;
          return;
        }
        const list = state[field];
        if (!Array.isArray(list) || !Array.isArray(value))
          throw new Error(`snapshot part ${index} repeats the field "${field}", which is not a list`);
        for (const item of value) list.push(item);
      });
      return state;
    },
  };
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
  /**
   * The most of the process's time saves may take: after a save that took D ms, the
   * next one (by count or time) waits until D x (1 / share - 1) ms have passed. A save
   * costs in proportion to the model, so a large model (scheduling's national one: half
   * a GB of JSON, 10-20 s a save) is saved less often instead of over and over, every
   * event folded during a save asking for the next.
   */
  maxTimeShare: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { everyEvents: 1_000, everyMs: 30_000, maxTimeShare: 0.1 };

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
  /** How the state is split into parts and joined again (default: one part). */
  splitting?: SnapshotSplitting;
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
  private readonly splitting: SnapshotSplitting;
  private pending = 0;
  private resumed = false;
  private following = false;
  private saving: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the last save ended and how long it took (capture, encoding and store), ms. */
  private lastSave = { endedAt: Number.NEGATIVE_INFINITY, ms: 0 };
  /** Snapshots saved by this keeper (tests, logs). */
  saved = 0;

  constructor(private readonly options: SnapshotKeeperOptions) {
    this.policy = { ...DEFAULT_SNAPSHOT_POLICY, ...options.policy };
    this.splitting = options.splitting ?? WHOLE_STATE;
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
      model = decode(this.splitting.join(snapshot.parts));
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
    if (this.following && this.pending >= this.policy.everyEvents && this.due()) void this.save();
  }

  /** No save is running and the last one's share of the time allows the next (maxTimeShare). */
  private due(): boolean {
    if (this.saving) return false;
    const share = Math.min(1, Math.max(this.policy.maxTimeShare, 0.001));
    return performance.now() - this.lastSave.endedAt >= this.lastSave.ms * (1 / share - 1);
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
      if (this.pending > 0 && this.due()) void this.save();
    }, this.policy.everyMs);
    this.timer.unref();
  }

  /** Saves what was folded since the last save, if anything; resolves when done, never rejects. */
  async save(): Promise<void> {
    // One at a time: what a running save does not hold stays pending for the next.
    while (this.saving) await this.saving;
    if (this.pending === 0) return;
    const started = performance.now();
    const captured = this.options.capture();
    if (!captured) return;
    const { store, name, version, logger } = this.options;
    const count = this.pending;
    this.pending = 0;
    this.saving = (async () => {
      try {
        await store.save(name, captured.position, version, this.splitting.split(captured.state));
        this.saved += 1;
      } catch (error) {
        this.pending += count;
        logger.warn({ snapshot: name, version, err: error }, 'read model snapshot not saved; trying again later');
      } finally {
        const endedAt = performance.now();
        this.lastSave = { endedAt, ms: endedAt - started };
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
