// The one port every service's persistence goes through (architecture.md "Event store").
// Adapters: PostgreSQL (pg), PGlite (same SQL, embedded default), KurrentDB.

/** Revision of the last event in a stream, 0-based. */
export type StreamRevision = number;

/**
 * What an append states it expects of the stream (conventions.md rule 3):
 * - a number: the stream's last event has exactly this revision;
 * - 'no_stream': the stream does not exist yet;
 * - 'stream_exists': it has at least one event;
 * - 'any': no check (only for streams where order does not matter, e.g. access logs).
 */
export type ExpectedRevision = StreamRevision | 'no_stream' | 'stream_exists' | 'any';

export interface EventMetadata {
  correlationId: string;
  causationId?: string;
  /** Who caused it: `staff:<username>`, `seeker:<pseudonym>`, `system:<component>`. */
  actor?: string;
  schemaVersion: number;
  [key: string]: unknown;
}

export interface NewEvent<TData = unknown> {
  /** Unique across the store; also the JetStream `Nats-Msg-Id`. */
  eventId: string;
  type: string;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  streamId: string;
  revision: StreamRevision;
  /**
   * Position in the store's global order ("all"). Strictly increasing in the order
   * readers see events; not necessarily contiguous (gaps are allowed).
   */
  position: bigint;
  /** ISO-8601 UTC, stamped by the store when the event was committed. */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: StreamRevision;
  /** Global position of the last appended event. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive. */
  fromRevision?: StreamRevision;
  /** At most this many events. */
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: only events with a position greater than this. Omitted: from the start. */
  after?: bigint;
  /** At most this many events (adapters cap it; default 1,000). */
  limit?: number;
}

export interface SubscribeOptions {
  /** Exclusive, as in readAll. */
  after?: bigint;
  /** Only events whose stream id starts with one of these prefixes. */
  streamPrefixes?: string[];
  /** Only events of these types. */
  eventTypes?: string[];
  /** Events fetched per round trip while catching up. */
  batchSize?: number;
}

/**
 * A catch-up subscription that keeps following new events until stopped.
 * Iterate it with `for await`; it yields every matching committed event exactly once
 * per iteration, in position order, never skipping one that commits late.
 */
export interface StoreSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

/** Named positions kept with the service's data (relay and projection checkpoints). */
export interface CheckpointStore {
  get(name: string): Promise<bigint | undefined>;
  put(name: string, position: bigint): Promise<void>;
}

/** Remembers which event ids a consumer has finished handling (idempotent consumers). */
export interface InboxStore {
  has(consumer: string, eventId: string): Promise<boolean>;
  add(consumer: string, eventId: string): Promise<void>;
}

/**
 * A read model's state as of a position in "all", so a projection resumes from there
 * instead of folding the whole history at every start. Kept with the service's data,
 * never among its events: readAll and subscribe do not return snapshots.
 */
export interface Snapshot {
  /** The state holds every event up to and including this position, and none after it. */
  position: bigint;
  /** The projection's model version when saved; a projection ignores another version's snapshot. */
  version: string;
  /**
   * The state in the parts it was saved in, in order (one part for most read models).
   * Each part is plain JSON (objects, arrays, strings, numbers, booleans, null): Maps,
   * Sets and bigints are the projection's to encode.
   */
  parts: unknown[];
}

/** The latest snapshot per name (one name per projection); saving replaces it. */
export interface SnapshotStore {
  load(name: string): Promise<Snapshot | undefined>;
  /**
   * Replaces the snapshot with this one, every part or none. Each part is encoded as a
   * JSON text of its own, so a state whose one text would pass what a string can hold
   * (V8: about 512 MB, reached by scheduling's model of every office's year) is saved
   * and loaded split into parts. Rejects (and keeps the previous snapshot) when there
   * is no part or a part is not JSON, e.g. holds a bigint.
   *
   * The first part is encoded before the first await, so a one-part state may be the
   * model itself. Later parts may be encoded while earlier ones are written: a caller
   * that splits its state hands parts that do not change (copies of its containers).
   */
  save(name: string, position: bigint, version: string, parts: readonly unknown[]): Promise<void>;
}

/** One append of an appendMany. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface EventStore {
  /**
   * Appends atomically. Throws WrongExpectedRevisionError on a conflict. Appending
   * events whose ids the stream already holds with the same type and data (a retry) is
   * a no-op that answers as the first append did; an id the store holds in another
   * stream, or with another type or data, is DuplicateEventIdError (never a silent
   * success: two different decisions must not look like one). See the KurrentDB
   * adapter for what that store can and cannot check.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams (each at most once) all or nothing: every append is
   * checked as `append` checks it, and if any fails (its error is thrown) none is made.
   * A retry of a whole append answers as it did the first time. The results are in the
   * order of `appends`. Only stores that can commit several streams together offer it
   * (the SQL stores); `appendToStreams` falls back to one append after another.
   */
  appendMany?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Offered only where this process makes every append to the store: the embedded PGlite,
   * whose database one process owns (it locks the directory). A number that grows with
   * the appends made through any store of this schema in this process (by one or more per
   * commit), before each append answers: a number that has not moved since a read began
   * means nothing was appended since, so that read saw all there is. Absent where other
   * processes append too (PostgreSQL, KurrentDB): only a read can tell there.
   */
  appendsMade?(): number;
  /** Empty array for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options?: SubscribeOptions): StoreSubscription;
  readonly checkpoints: CheckpointStore;
  readonly inbox: InboxStore;
  readonly snapshots: SnapshotStore;
  /** Throws StoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'REVISION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The same event id appended again with a different stream or content. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored with a different stream or content`);
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * An event holds text no store can keep (a NUL or an unpaired UTF-16 surrogate; see
 * storable-text.ts). Refused before anything is written, whichever store is configured;
 * the caller's input was bad, so this is the caller's 400, never the store's fault.
 */
export class UnstorableEventError extends Error {
  readonly code = 'UNSTORABLE_TEXT';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    /** Where in the event: `streamId`, `type`, `data.name`, `metadata.actor`, ... (a bad key in it shown as U+FFFD). */
    readonly path: string,
  ) {
    super(
      `append to ${streamId}: event ${eventId} holds text no store can keep (a NUL or an unpaired surrogate) at ${path}`,
    );
    this.name = 'UnstorableEventError';
  }
}
