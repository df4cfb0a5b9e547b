// The event store over SQL: the PostgreSQL and PGlite adapters are this class with a
// different SqlExecutor and a different way of waking subscribers.
import { checkAppend, readAllLimit } from '../argument-checks';
import { CatchUpSubscription, subscriptionErrorReporting } from '../catch-up-subscription';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type CheckpointStore,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type InboxStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreSubscription,
  type SubscribeOptions,
} from '../event-store.port';
import { MAX_EVENTS_PER_APPEND, type AppendRow, type EventRow, type EventStoreSql } from './event-store-sql';
import { isUniqueViolation, type SqlExecutor, type SqlSession, type SqlStatement } from './sql-executor';

/** How subscribers learn that an append may have made new events readable. */
export interface ChangeFeed {
  /** An append through this store committed. */
  appended(): void;
  watch(listener: () => void): () => void;
  close(): Promise<void>;
}

/** In-process wake-ups: enough on its own for PGlite (one process owns the database). */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<() => void>();

  appended(): void {
    this.wake();
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }

  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

export interface SqlEventStoreOptions {
  /** How often a caught-up subscription re-reads when no notification arrives (default 500 ms). */
  pollIntervalMs?: number;
  /** Told when a subscription's read fails (it retries with backoff regardless). Default: a warning on stderr when an outage starts and ends. */
  onSubscriptionError?: (error: unknown) => void;
}

// A unique violation means a concurrent append committed first; running the statement
// again sees it. Only 'any' and 'stream_exists' can lose this race more than once.
const MAX_APPEND_ATTEMPTS = 20;

export class SqlEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  readonly inbox: InboxStore;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private closing: Promise<void> | undefined;

  protected constructor(
    protected readonly db: SqlExecutor,
    protected readonly sql: EventStoreSql,
    private readonly feed: ChangeFeed,
    private readonly options: SqlEventStoreOptions,
    private readonly release: () => Promise<void>,
  ) {
    this.checkpoints = {
      get: async (name) => {
        const [row] = await db.query<{ position: string }>(sql.getCheckpoint, [name]);
        return row ? BigInt(row.position) : undefined;
      },
      put: async (name, position) => {
        await db.query(sql.putCheckpoint, [name, position.toString()]);
      },
    };
    this.inbox = {
      has: async (consumer, eventId) => (await db.query(sql.inboxHas, [consumer, eventId])).length > 0,
      add: async (consumer, eventId) => {
        await db.query(sql.inboxAdd, [consumer, eventId]);
      },
    };
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    const [statement, params] = this.appendStatement(streamId, events, expected);
    for (let attempt = 1; ; attempt++) {
      let row: AppendRow;
      try {
        [row] = await this.db.query<AppendRow>(statement, params);
      } catch (error) {
        if (isUniqueViolation(error) && attempt < MAX_APPEND_ATTEMPTS) continue;
        throw error;
      }
      const result = appendOutcome(row, streamId, events.length, expected);
      if (row.last_position !== null) this.feed.appended();
      return result;
    }
  }

  /**
   * Runs one append on the caller's session, inside a transaction the caller commits:
   * for tests that hold a transaction open, or for work that must commit together with
   * an append. At most one append per transaction (positions derive from its id), and no
   * retry here: after a unique violation the caller's transaction is aborted anyway.
   */
  async appendWithin(session: SqlSession, streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    const [row] = await session.query<AppendRow>(...this.appendStatement(streamId, events, expected));
    return appendOutcome(row, streamId, events.length, expected);
  }

  private appendStatement(streamId: string, events: NewEvent[], expected: ExpectedRevision): [SqlStatement, unknown[]] {
    const [kind, revision] = typeof expected === 'number' ? ['revision', expected] : [expected, null];
    if (events.length === 1) {
      const [event] = events;
      return [this.sql.appendOne, [streamId, event.eventId, event.type, JSON.stringify(event.data ?? null), JSON.stringify(event.metadata), kind, revision]];
    }
    // The whole batch as one JSON document, unpacked by the server with jsonb_to_recordset:
    // one JSON.stringify, where parallel arrays would each be escaped element by element.
    const batch = JSON.stringify(
      events.map((event, index) => ({ n: index + 1, id: event.eventId, type: event.type, data: event.data ?? null, metadata: event.metadata })),
    );
    return [this.sql.append, [streamId, batch, kind, revision]];
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow>(this.sql.readStream, [streamId, options.fromRevision ?? 0, options.limit ?? null]);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1n;
    const rows = await this.db.query<EventRow>(this.sql.readAll, [after.toString(), readAllLimit(options.limit)]);
    return rows.map(toRecordedEvent);
  }

  subscribe(options: SubscribeOptions = {}): StoreSubscription {
    if (this.closing) throw new Error('subscribe: the event store is closed');
    const subscription = new CatchUpSubscription(
      { readAll: (o) => this.readAll(o), watch: (listener) => this.feed.watch(listener) },
      options,
      {
        pollIntervalMs: this.options.pollIntervalMs ?? 500,
        ...subscriptionErrorReporting(this.options.onSubscriptionError, `event store (${this.sql.schema})`),
      },
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.db.query(this.sql.ping);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      await this.feed.close();
      await this.release();
    })();
    return this.closing;
  }
}

function appendOutcome(row: AppendRow, streamId: string, count: number, expected: ExpectedRevision): AppendResult {
  if (Number(row.existing_count) > 0) {
    // Every id already in this stream: a retry of an append that committed. Answer as it did.
    if (Number(row.existing_in_stream) === count && row.existing_last_position !== null) {
      return { nextExpectedRevision: Number(row.existing_last_revision), position: BigInt(row.existing_last_position) };
    }
    throw new DuplicateEventIdError(String(row.duplicate_event_id));
  }
  if (row.last_position === null) {
    const head = Number(row.head_revision);
    throw new WrongExpectedRevisionError(streamId, expected, head < 0 ? 'no_stream' : head);
  }
  return { nextExpectedRevision: Number(row.last_revision), position: BigInt(row.last_position) };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata as EventMetadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: BigInt(row.position),
    recordedAt: isoUtc(row.recorded_at),
  };
}

/** `2026-04-01 09:30:05.123456` → `2026-04-01T09:30:05.123Z`: the form Date#toISOString prints, milliseconds included. */
function isoUtc(timestamp: string): string {
  const milliseconds = timestamp.length > 20 ? timestamp.slice(20, 23).padEnd(3, '0') : '000';
  return `${timestamp.slice(0, 10)}T${timestamp.slice(11, 19)}.${milliseconds}Z`;
}
