// A read model over a service's own store that catches up when asked (pull, not push):
// what was appended a moment ago is in the answer, and a replica that just started needs
// no warm-up step. Its first catch-up resumes from the latest snapshot and reads only
// what came after; without a usable one (none yet, another model version, unreadable, or
// a rebuild asked for) it folds the whole history. Subclasses say how to fold an event
// and how their model is written to and read from a snapshot.
import { projectionPosition } from '@soudan/observability';
import type { EventStore, RecordedEvent } from './event-store.port';
import { SnapshotKeeper, type SnapshotLogger, type SnapshotPolicy } from './projection-snapshots';

export interface PulledReadModelOptions {
  logger?: SnapshotLogger;
  /** Ignore the snapshot and fold the whole history, then save a new one (REBUILD_READ_MODELS=1). */
  rebuild?: boolean;
  /** When to save snapshots (default: every 1,000 events, or every 30 s when anything changed). */
  snapshotPolicy?: Partial<SnapshotPolicy>;
  /** The model version to save and accept; tests change it. */
  modelVersion?: string;
}

const PAGE = 1000;
const silent: SnapshotLogger = { info: () => undefined, warn: () => undefined };

export abstract class PulledReadModel<TModel> {
  protected position: bigint | undefined;
  private catchingUp: Promise<void> | undefined;
  private resumed = false;
  private readonly snapshots: SnapshotKeeper;
  private readonly modelName: string;
  /** Events this instance folded (those a snapshot brought are not counted). */
  appliedEvents = 0;
  /** The snapshot position the first catch-up resumed from; undefined when it folded the whole history. */
  resumedFrom: bigint | undefined;

  constructor(
    protected readonly store: EventStore,
    snapshot: { name: string; version: string },
    options: PulledReadModelOptions = {},
  ) {
    this.modelName = snapshot.name;
    this.snapshots = new SnapshotKeeper({
      store: store.snapshots,
      name: snapshot.name,
      version: options.modelVersion ?? snapshot.version,
      logger: options.logger ?? silent,
      rebuild: options.rebuild,
      policy: options.snapshotPolicy,
      capture: () => (this.position === undefined ? undefined : { position: this.position, state: this.encode() }),
    });
  }

  /** Folds one event of the store into the model. */
  protected abstract apply(event: RecordedEvent): void;
  /** The model as JSON for its snapshot. */
  protected abstract encode(): unknown;
  /** The model a snapshot's state holds; throws an Error naming what is wrong otherwise. */
  protected abstract decode(state: unknown): TModel;
  /** Takes over a model decoded from a snapshot. */
  protected abstract restore(model: TModel): void;

  /** Reads what was appended since the last call; concurrent callers share one read. */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.read().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  /** Saves a snapshot of what was folded since the last one (a clean stop). */
  async close(): Promise<void> {
    await this.catchingUp?.catch(() => undefined);
    await this.snapshots.stop();
  }

  private async read(): Promise<void> {
    if (!this.resumed) {
      this.resumed = true;
      const restored = await this.snapshots.restore((state) => this.decode(state));
      if (restored) {
        this.restore(restored.model);
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
    if (this.position !== undefined) projectionPosition.set({ projection: this.modelName }, Number(this.position));
    // The first catch-up is done: from here on snapshots are saved by count and time.
    this.snapshots.follow();
  }
}
