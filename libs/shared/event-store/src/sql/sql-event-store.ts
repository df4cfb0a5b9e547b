// The event store over SQL: the PostgreSQL and PGlite adapters are this class with a
// different SqlExecutor and a different way of waking subscribers.
import { checkAppend, checkAppendMany, readAllLimit } from '../argument-checks';
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
  type SnapshotStore,
  type StreamAppend,
  type StoreSubscription,
  type SubscribeOptions,
} from '../event-store.port';
import { AppendGroups, type PendingAppend } from './append-groups';
import {
  MAX_EVENTS_PER_APPEND,
  type AppendManyRow,
  type AppendRow,
  type EventRow,
  type EventStoreSql,
} from './event-store-sql';
import { sqlSnapshotStore } from './snapshot-sql';
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
  /**
   * Append statements that may run at once (group commit): appends made while that many
   * are running wait, and then go together in one statement, one transaction and one
   * commit, each with its own expectation and its own answer. Default 1; the PostgreSQL
   * store defaults to a few (see PostgresEventStore), PGlite has one connection anyway.
   */
  appendStatements?: number;
}

/** Most appends one group statement takes (bounds its size and what a unique-violation retry runs again). */
const MAX_APPENDS_PER_GROUP = 256;
/** Most events one group statement takes, a single append of more going alone. */
const MAX_EVENTS_PER_GROUP = 5_000;

// A unique violation means a concurrent append committed first; running the statement
// again sees it. Only 'any' and 'stream_exists' can lose this race more than once.
const MAX_APPEND_ATTEMPTS = 20;

export class SqlEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  readonly inbox: InboxStore;
  readonly snapshots: SnapshotStore;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private closing: Promise<void> | undefined;
  private readonly groups: AppendGroups;
  /** Bumped on every wake-up of the feed: a read begun before one may not show what it announced. */
  protected changes = 0;
  private readonly unwatchChanges: () => void;
  /** Subscriptions' reads of all in flight, by the position they read after, with their limit and the wake-up count they began at. */
  private readonly sharedReads = new Map<string, { changes: number; limit: number; read: Promise<RecordedEvent[]> }>();

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
    this.snapshots = sqlSnapshotStore(db, sql.schema);
    this.unwatchChanges = this.feed.watch(() => (this.changes += 1));
    this.groups = new AppendGroups({
      maxStatements: Math.max(1, options.appendStatements ?? 1),
      maxEvents: MAX_EVENTS_PER_GROUP,
      maxAppends: MAX_APPENDS_PER_GROUP,
      run: (group) => this.runGroup(group),
    });
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    return this.groups.append(streamId, events, expected);
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppendMany(appends, MAX_EVENTS_PER_APPEND);
    if (appends.length === 0) return [];
    const rows = await this.runAppendMany(appends, true);
    // An accepted append was left out only because another failed: report the one that failed.
    const outcomes = rows.map((row, index) =>
      row.accepted && row.last_position === null
        ? undefined
        : settle(() =>
            appendOutcome(row, appends[index].streamId, appends[index].events.length, appends[index].expected),
          ),
    );
    const failed = outcomes.find((outcome) => outcome !== undefined && 'error' in outcome);
    if (failed) throw (failed as { error: unknown }).error;
    if (rows.some((row) => row.last_position !== null)) this.feed.appended();
    return outcomes.map((outcome) => (outcome as { result: AppendResult }).result);
  }

  /** One group of the group commit: a lone append runs its own statement, several share one. */
  private async runGroup(group: PendingAppend[]): Promise<void> {
    if (group.length === 1) {
      const [{ streamId, events, expected, resolve, reject }] = group;
      try {
        const [statement, params] = this.appendStatement(streamId, events, expected);
        const row = await this.withRetries(async () => (await this.db.query<AppendRow>(statement, params))[0]);
        const result = appendOutcome(row, streamId, events.length, expected);
        if (row.last_position !== null) this.feed.appended();
        resolve(result);
      } catch (error) {
        reject(error);
      }
      return;
    }
    let rows: SettledRow[];
    try {
      rows = await this.runAppendMany(group, false);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    if (rows.some((row) => row.last_position !== null)) this.feed.appended();
    group.forEach((pending, index) => {
      try {
        pending.resolve(appendOutcome(rows[index], pending.streamId, pending.events.length, pending.expected));
      } catch (error) {
        pending.reject(error);
      }
    });
  }

  /** The appendMany statement: an answer per append, in their order, in the shape of the one-stream statement's. */
  private async runAppendMany(appends: readonly StreamAppend[], allOrNothing: boolean): Promise<SettledRow[]> {
    const requests: Array<{ r: number; s: string; k: string; v: number | null; c: number }> = [];
    const events: Array<{
      r: number;
      n: number;
      i: number;
      id: string;
      type: string;
      data: unknown;
      metadata: unknown;
    }> = [];
    appends.forEach(({ streamId, events: batch, expected }, r) => {
      requests.push({
        r,
        s: streamId,
        k: typeof expected === 'number' ? 'revision' : expected,
        v: typeof expected === 'number' ? expected : null,
        c: batch.length,
      });
      batch.forEach((event, index) => {
        events.push({
          r,
          n: events.length + 1,
          i: index + 1,
          id: event.eventId,
          type: event.type,
          data: event.data ?? null,
          metadata: event.metadata,
        });
      });
    });
    const params = [JSON.stringify(requests), JSON.stringify(events), allOrNothing];
    const rows = await this.withRetries(() => this.db.query<AppendManyRow>(this.sql.appendMany, params));
    if (rows.length !== appends.length)
      throw new Error(`appendMany: ${rows.length} answers for ${appends.length} appends`);
    let lastIndex = 0;
    return rows.map((row, r) => {
      const count = appends[r].events.length;
      lastIndex += count;
      const inserted = row.accepted && row.inserted_position !== null;
      const transactionBase = inserted ? (BigInt(row.inserted_position as string) >> 20n) << 20n : 0n;
      return {
        accepted: row.accepted,
        head_revision: row.head_revision,
        existing_count: row.existing_count,
        existing_in_stream: row.existing_in_stream,
        duplicate_event_id: row.duplicate_event_id,
        changed_event_id: row.changed_event_id,
        existing_last_revision: row.existing_last_revision,
        existing_last_position: row.existing_last_position,
        last_revision: inserted ? String(Number(row.head_revision) + count) : null,
        last_position: inserted ? String(transactionBase + BigInt(lastIndex)) : null,
      };
    });
  }

  /** Runs an append statement again after a unique violation: a concurrent append committed first, and the next run sees it. */
  private async withRetries<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!(isUniqueViolation(error) && attempt < MAX_APPEND_ATTEMPTS)) throw error;
      }
    }
  }

  /**
   * Runs one append on the caller's session, inside a transaction the caller commits:
   * for tests that hold a transaction open, or for work that must commit together with
   * an append. At most one append per transaction (positions derive from its id), and no
   * retry here: after a unique violation the caller's transaction is aborted anyway.
   */
  async appendWithin(
    session: SqlSession,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    checkAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    const [row] = await session.query<AppendRow>(...this.appendStatement(streamId, events, expected));
    return appendOutcome(row, streamId, events.length, expected);
  }

  private appendStatement(streamId: string, events: NewEvent[], expected: ExpectedRevision): [SqlStatement, unknown[]] {
    const [kind, revision] = typeof expected === 'number' ? ['revision', expected] : [expected, null];
    if (events.length === 1) {
      const [event] = events;
      return [
        this.sql.appendOne,
        [
          streamId,
          event.eventId,
          event.type,
          JSON.stringify(event.data ?? null),
          JSON.stringify(event.metadata),
          kind,
          revision,
        ],
      ];
    }
    // The whole batch as one JSON document, unpacked by the server with jsonb_to_recordset:
    // one JSON.stringify, where parallel arrays would each be escaped element by element.
    const batch = JSON.stringify(
      events.map((event, index) => ({
        n: index + 1,
        id: event.eventId,
        type: event.type,
        data: event.data ?? null,
        metadata: event.metadata,
      })),
    );
    return [this.sql.append, [streamId, batch, kind, revision]];
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.queryArrays(this.sql.readStream, [
      streamId,
      options.fromRevision ?? 0,
      options.limit ?? null,
    ]);
    return rows.map(fromColumns);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1n;
    const rows = await this.db.queryArrays(this.sql.readAll, [after.toString(), readAllLimit(options.limit)]);
    return rows.map(fromColumns);
  }

  subscribe(options: SubscribeOptions = {}): StoreSubscription {
    if (this.closing) throw new Error('subscribe: the event store is closed');
    const subscription = new CatchUpSubscription(
      { readAll: (o) => this.sharedReadAll(o), watch: (listener) => this.feed.watch(listener) },
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

  /**
   * A subscription's read of all, shared with the other subscriptions of this store that
   * read from the same position, no more events than it asks for, while it is in flight. Every subscription of a store is woken by
   * every append and reads from the same head, so each append cost one read per
   * subscription (67 statements per reservation request, 14 of them reads of the
   * notification store's head: bench/RESULTS.md). A read is joined only if no wake-up came
   * since it began, so a subscription still sees everything that woke it; each joiner gets
   * its own copy of the events, as a read of its own would have given it (taken when the
   * read answers: promise reactions run in the order they were added, so before the first
   * reader's consumer has had a turn to change its events).
   */
  private sharedReadAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.after ?? -1n;
    const limit = readAllLimit(options.limit);
    // A read of a larger page answers a smaller one too: its first `limit` events are what
    // a read of `limit` would have given.
    const key = after.toString();
    const inFlight = this.sharedReads.get(key);
    if (inFlight && inFlight.changes === this.changes && inFlight.limit >= limit)
      return inFlight.read.then((events) => events.slice(0, limit).map((event) => structuredClone(event)));
    const entry = { changes: this.changes, limit, read: this.readAll({ after, limit }) };
    this.sharedReads.set(key, entry);
    const forget = () => {
      if (this.sharedReads.get(key) === entry) this.sharedReads.delete(key);
    };
    entry.read.then(forget, forget);
    return entry.read;
  }

  async ping(): Promise<void> {
    await this.db.query(this.sql.ping);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.unwatchChanges();
      await this.feed.close();
      await this.release();
    })();
    return this.closing;
  }
}

/** An appendMany answer in the one-stream statement's shape, and whether its expectation held. */
type SettledRow = AppendRow & { accepted: boolean };

function settle<T>(work: () => T): { result: T } | { error: unknown } {
  try {
    return { result: work() };
  } catch (error) {
    return { error };
  }
}

function appendOutcome(row: AppendRow, streamId: string, count: number, expected: ExpectedRevision): AppendResult {
  if (Number(row.existing_count) > 0) {
    // Every id already in this stream with the same type and data: a retry of an append
    // that committed. Answer as it did. The same id with other content is another
    // decision that happens to reuse an id, never a retry (the port's promise).
    if (row.changed_event_id !== null) throw new DuplicateEventIdError(String(row.changed_event_id));
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

/** A read's row as an array, columns in EventStoreSql's select-list order (see EventRow). */
function fromColumns(row: unknown[]): RecordedEvent {
  return {
    eventId: row[3] as string,
    type: row[4] as string,
    data: row[5],
    metadata: row[6] as EventMetadata,
    streamId: row[1] as string,
    revision: Number(row[2]),
    position: BigInt(row[0] as string),
    recordedAt: isoUtc(row[7] as string),
  };
}

/** `2026-04-01 09:30:05.123456` → `2026-04-01T09:30:05.123Z`: the form Date#toISOString prints, milliseconds included. */
function isoUtc(timestamp: string): string {
  const milliseconds = timestamp.length > 20 ? timestamp.slice(20, 23).padEnd(3, '0') : '000';
  return `${timestamp.slice(0, 10)}T${timestamp.slice(11, 19)}.${milliseconds}Z`;
}
