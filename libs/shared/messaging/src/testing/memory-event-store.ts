// A small EventStore for this library's tests: the port's semantics (expected
// revisions, idempotent appends, catch-up subscriptions) without a database, plus a
// switch that makes it unavailable.
import {
  checkSnapshotParts,
  contentHash,
  DuplicateEventIdError,
  findUnstorableText,
  snapshotText,
  storableText,
  StoreUnavailableError,
  UnstorableEventError,
  WrongExpectedRevisionError,
  type AppendResult,
  type CheckpointStore,
  type EventStore,
  type ExpectedRevision,
  type InboxStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Snapshot,
  type SnapshotStore,
  type StoreSubscription,
  type SubscribeOptions,
} from '@soudan/event-store';

export class MemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly waiters = new Set<() => void>();
  private readonly checkpointMap = new Map<string, bigint>();
  private readonly inboxSet = new Set<string>();
  private nextPosition = 1n;
  /** Set to false to make every call fail with StoreUnavailableError. */
  available = true;

  readonly checkpoints: CheckpointStore = {
    get: async (name) => {
      this.check();
      return this.checkpointMap.get(name);
    },
    put: async (name, position) => {
      this.check();
      this.checkpointMap.set(name, position);
    },
  };

  readonly inbox: InboxStore = {
    has: async (consumer, eventId) => {
      this.check();
      return this.inboxSet.has(`${consumer}\u0000${eventId}`);
    },
    add: async (consumer, eventId) => {
      this.check();
      this.inboxSet.add(`${consumer}\u0000${eventId}`);
    },
  };

  private readonly snapshotMap = new Map<string, Snapshot>();

  readonly snapshots: SnapshotStore = {
    load: async (name) => {
      this.check();
      const snapshot = this.snapshotMap.get(name);
      return snapshot && { ...snapshot, parts: snapshot.parts.map((part) => JSON.parse(JSON.stringify(part))) };
    },
    save: async (name, position, version, parts) => {
      this.check();
      checkSnapshotParts(parts);
      // As the stores do: JSON, each part a text of its own.
      const copies = parts.map((part) => JSON.parse(snapshotText(part)) as unknown);
      this.snapshotMap.set(name, { position, version, parts: copies });
    },
  };

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.check();
    for (const event of events) {
      const path = findUnstorableText({ streamId, data: event.data, metadata: event.metadata });
      if (path !== undefined) throw new UnstorableEventError(storableText(streamId), event.eventId, storableText(path));
    }
    const stream = this.streams.get(streamId) ?? [];
    const known = events.map((e) => this.byId.get(e.eventId));
    const repeated = known.filter((k): k is RecordedEvent => k !== undefined);
    const elsewhere = repeated.find((k) => k.streamId !== streamId);
    if (elsewhere) throw new DuplicateEventIdError(elsewhere.eventId);
    const changed = events.find(
      (e, i) => known[i] && contentHash(e.type, e.data) !== contentHash(known[i].type, known[i].data),
    );
    if (changed) throw new DuplicateEventIdError(changed.eventId);
    if (events.length > 0 && repeated.length === events.length) {
      // A retry of an append that succeeded: answer as the first time.
      const last = repeated[repeated.length - 1];
      return { nextExpectedRevision: last.revision, position: last.position };
    }
    if (repeated.length > 0) throw new DuplicateEventIdError(repeated[0].eventId);
    const actual = stream.length === 0 ? 'no_stream' : stream.length - 1;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'number' && expected === actual);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const recorded: RecordedEvent = {
        ...structuredClone(event),
        streamId,
        revision: stream.length,
        position: this.nextPosition++,
        recordedAt,
      };
      stream.push(recorded);
      this.all.push(recorded);
      this.byId.set(event.eventId, recorded);
    }
    this.streams.set(streamId, stream);
    for (const wake of [...this.waiters]) wake();
    return { nextExpectedRevision: stream.length - 1, position: stream[stream.length - 1]?.position ?? 0n };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.check();
    const from = options.fromRevision ?? 0;
    return (this.streams.get(streamId) ?? []).filter((e) => e.revision >= from).slice(0, options.limit ?? Infinity);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.check();
    const after = options.after ?? 0n;
    return this.all.filter((e) => e.position > after).slice(0, Math.min(options.limit ?? 1000, 1000));
  }

  subscribe(options: SubscribeOptions = {}): StoreSubscription {
    let stopped = false;
    let wake: (() => void) | undefined;
    const matches = (e: RecordedEvent) =>
      (!options.streamPrefixes?.length || options.streamPrefixes.some((p) => e.streamId.startsWith(p))) &&
      (!options.eventTypes?.length || options.eventTypes.includes(e.type));
    const readAll = (after: bigint) => this.readAll({ after, limit: options.batchSize ?? 100 });
    const waitForAppend = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        this.waiters.add(resolve);
      }).finally(() => wake && this.waiters.delete(wake));
    async function* iterate(): AsyncGenerator<RecordedEvent> {
      let cursor = options.after ?? 0n;
      while (!stopped) {
        const batch = await readAll(cursor);
        for (const event of batch) {
          cursor = event.position;
          if (matches(event)) yield event;
          if (stopped) return;
        }
        if (batch.length === 0) await waitForAppend();
      }
    }
    const iterator = iterate();
    return {
      [Symbol.asyncIterator]: () => iterator,
      stop: async () => {
        stopped = true;
        wake?.();
      },
    };
  }

  async ping(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {
    for (const wake of [...this.waiters]) wake();
  }

  /** Every event in position order (for assertions). */
  events(): RecordedEvent[] {
    return [...this.all];
  }

  private check(): void {
    if (!this.available) throw new StoreUnavailableError('memory store switched off by the test');
  }
}
