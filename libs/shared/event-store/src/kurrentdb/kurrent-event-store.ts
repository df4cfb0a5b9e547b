// The event-store port over KurrentDB (formerly EventStoreDB), the production store.
//
// What it can and cannot promise of event ids (the port: an id comes again only as a
// retry, same stream and same type and data, else DuplicateEventIdError):
// - it keeps a hash of type and data in each event's metadata and compares it whenever
//   the server refuses an append and the ids turn out to be in the stream already (a
//   retry with a stale or different expectation): other content is refused;
// - the server itself answers an append as a retry, without writing and without
//   looking at content, when the same ids follow the same expected revision (or the
//   expectation is `any`); the adapter cannot see that case. Callers whose ids derive
//   from the content (scheduling's decisions) never reach it with other content;
// - ids are unique per stream only: KurrentDB has no store-wide index, so the same id
//   in another stream is not refused (contract option `indexesEventIds: false`);
// - it has no multi-stream transaction (no appendMany): see appendToStreams.
import {
  ANY,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  KurrentDBClient,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { checkAppend, readAllLimit } from '../argument-checks';
import { eventFilter, subscriptionErrorReporting } from '../catch-up-subscription';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
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
  type StoreSubscription,
  type SubscribeOptions,
} from '../event-store.port';
import { contentHash } from '../content-hash';
import { eventIdToUuid, isCanonicalUuid } from './event-id-uuid';
import { KurrentSnapshotStore } from './kurrent-snapshots';
import { Pauses } from '../pauses';

export interface KurrentEventStoreOptions {
  /** kurrentdb://host:2113?tls=false (esdb:// and kdb:// work too). */
  url: string;
  /**
   * The service owning this store. KurrentDB has no schemas, so a namespace stands in for
   * one: stream `x` is stored as `<namespace>.x`, and readAll/subscribe see only this
   * namespace's streams, as a service sees only its own schema on PostgreSQL.
   */
  namespace?: string;
  /** Told when a subscription fails (it resubscribes with backoff regardless). */
  onSubscriptionError?: (error: unknown) => void;
}

// The original id is kept in the event's metadata only when it is not a UUID already.
const ORIGINAL_ID_KEY = 'soudanEventId';
// The hash of type and data, compared when an id comes again (the port's promise).
const CONTENT_HASH_KEY = 'soudanContentHash';
// Checkpoints and inbox entries are events too; this prefix keeps them out of "all".
const INTERNAL_PREFIX = 'soudan-internal-';
const MAX_EVENTS_PER_APPEND = 10_000;

export class KurrentEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  readonly inbox: InboxStore;
  readonly snapshots: SnapshotStore;
  private readonly subscriptions = new Set<KurrentSubscription>();
  private readonly streamPrefix: string;
  private readonly internalPrefix: string;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentEventStoreOptions,
  ) {
    const namespace = options.namespace ?? '';
    this.streamPrefix = namespace ? `${namespace}.` : '';
    this.internalPrefix = `${INTERNAL_PREFIX}${namespace ? `${namespace}-` : ''}`;
    this.checkpoints = {
      get: (name) => this.getCheckpoint(name),
      put: (name, position) => this.putCheckpoint(name, position),
    };
    this.inbox = {
      has: (consumer, eventId) => this.inboxHas(consumer, eventId),
      add: (consumer, eventId) => this.inboxAdd(consumer, eventId),
    };
    this.snapshots = new KurrentSnapshotStore(client, this.internalPrefix, (error) => toStoreError(error));
  }

  /** Connects and checks the server answers (StoreUnavailableError otherwise). */
  static async connect(options: KurrentEventStoreOptions): Promise<KurrentEventStore> {
    const store = new KurrentEventStore(KurrentDBClient.connectionString(options.url), options);
    try {
      await store.ping();
    } catch (error) {
      await store.client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    const stream = this.streamPrefix + streamId;
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), {
        streamState: toStreamState(expected),
      });
      const position = result.position?.commit ?? (await this.lastPosition(stream));
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw toStoreError(error);
      // KurrentDB recognises a retry only when it states the same expectation as the
      // first attempt; the port promises more (any expectation), so look for the ids.
      const retried = await this.findRetry(stream, events);
      if (retried) return retried;
      const actual = error.actualState;
      throw new WrongExpectedRevisionError(
        streamId,
        expected,
        actual === NO_STREAM || typeof actual !== 'bigint' ? 'no_stream' : Number(actual),
      );
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    if (options.limit === 0) return events;
    try {
      for await (const resolved of this.client.readStream(this.streamPrefix + streamId, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        maxCount: options.limit ?? Number.MAX_SAFE_INTEGER,
      })) {
        const event = this.toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = readAllLimit(options.limit);
    const events: RecordedEvent[] = [];
    try {
      // A read from a position includes the event at it: ask for one more and drop it.
      for await (const resolved of this.client.readAll({
        fromPosition: fromPosition(options.after),
        maxCount: options.after === undefined ? limit : limit + 1,
        filter: this.allFilter(),
      })) {
        const event = this.toRecordedEvent(resolved);
        if (!event || (options.after !== undefined && event.position <= options.after) || this.isInternal(event))
          continue;
        events.push(event);
        if (events.length === limit) break;
      }
    } catch (error) {
      throw toStoreError(error);
    }
    return events;
  }

  subscribe(options: SubscribeOptions = {}): StoreSubscription {
    const subscription = new KurrentSubscription(this.client, options, {
      filter: this.allFilter(options.streamPrefixes),
      toRecordedEvent: (resolved) => {
        const event = this.toRecordedEvent(resolved);
        return event && !this.isInternal(event) ? event : undefined;
      },
      ...subscriptionErrorReporting(this.options.onSubscriptionError, 'event store (KurrentDB)'),
      onStop: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    try {
      for await (const _ of this.client.readStream(`${INTERNAL_PREFIX}ping`, { maxCount: 1, deadline: 5_000 })) break;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw toStoreError(error, true);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /** Server-side filter for "all": this namespace's streams, or everything but system and internal streams. */
  private allFilter(prefixes?: string[]): Filter {
    if (prefixes?.length) return streamNameFilter({ prefixes: prefixes.map((p) => this.streamPrefix + p) });
    if (this.streamPrefix) return streamNameFilter({ prefixes: [this.streamPrefix] });
    return streamNameFilter({ regex: `^(?!\\$|${INTERNAL_PREFIX})` });
  }

  private isInternal(event: RecordedEvent): boolean {
    return event.streamId.startsWith('$') || event.streamId.startsWith(INTERNAL_PREFIX);
  }

  private toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
    const event = resolved.event as KurrentRecordedEvent | undefined;
    if (!event || event.type.startsWith('$') || !event.streamId.startsWith(this.streamPrefix)) return undefined;
    const {
      [ORIGINAL_ID_KEY]: originalId,
      [CONTENT_HASH_KEY]: _hash,
      ...metadata
    } = (event.metadata ?? {}) as Record<string, unknown>;
    return {
      eventId: typeof originalId === 'string' ? originalId : event.id,
      type: event.type,
      data: event.data,
      metadata: metadata as EventMetadata,
      streamId: event.streamId.slice(this.streamPrefix.length),
      revision: Number(event.revision),
      position: event.position?.commit ?? resolved.commitPosition ?? 0n,
      recordedAt: event.created.toISOString(),
    };
  }

  /**
   * The original result of an append whose every id the stream holds with the same
   * content; DuplicateEventIdError if it holds only some, or any with other content.
   */
  private async findRetry(stream: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const wanted = new Set(events.map((e) => eventIdToUuid(e.eventId)));
    const found: StoredCopy[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END })) {
        const event = resolved.event;
        if (!event || !wanted.has(event.id)) continue;
        const hash = (event.metadata as Record<string, unknown> | undefined)?.[CONTENT_HASH_KEY];
        found.push({
          uuid: event.id,
          revision: event.revision,
          position: event.position?.commit ?? resolved.commitPosition ?? 0n,
          contentHash: typeof hash === 'string' ? hash : undefined,
        });
        if (found.length === wanted.size) break;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw toStoreError(error);
    }
    return judgeRetry(events, found);
  }

  private async lastPosition(stream: string): Promise<bigint> {
    for await (const resolved of this.client.readStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    })) {
      return resolved.event?.position?.commit ?? resolved.commitPosition ?? 0n;
    }
    return 0n;
  }

  private async getCheckpoint(name: string): Promise<bigint | undefined> {
    try {
      for await (const resolved of this.client.readStream(`${this.internalPrefix}checkpoint-${name}`, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const data = resolved.event?.data as { position?: string } | undefined;
        if (data?.position !== undefined) return BigInt(data.position);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw toStoreError(error);
    }
    return undefined;
  }

  private async putCheckpoint(name: string, position: bigint): Promise<void> {
    const stream = `${this.internalPrefix}checkpoint-${name}`;
    try {
      const result = await this.client.appendToStream(
        stream,
        jsonEvent({ type: 'CheckpointStored', data: { position: position.toString() } }),
        { streamState: ANY },
      );
      // Only the latest checkpoint matters: let scavenging drop the rest.
      if (result.nextExpectedRevision === 0n) await this.client.setStreamMetadata(stream, { maxCount: 1 });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  // One stream per (consumer, event id): add is "create if absent", has is "exists".
  private inboxStream(consumer: string, eventId: string): string {
    return `${this.internalPrefix}inbox-${consumer}-${eventId}`;
  }

  private async inboxHas(consumer: string, eventId: string): Promise<boolean> {
    try {
      for await (const _ of this.client.readStream(this.inboxStream(consumer, eventId), { maxCount: 1 })) return true;
      return false;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return false;
      throw toStoreError(error);
    }
  }

  private async inboxAdd(consumer: string, eventId: string): Promise<void> {
    try {
      await this.client.appendToStream(
        this.inboxStream(consumer, eventId),
        jsonEvent({ type: 'InboxEntryAdded', data: { consumer, eventId } }),
        {
          streamState: NO_STREAM,
        },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return; // already there
      throw toStoreError(error);
    }
  }
}

interface KurrentSubscriptionSettings {
  filter: Filter;
  toRecordedEvent: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined;
  onError: (error: unknown, failuresInARow: number) => void;
  onRecovered: () => void;
  onStop: (subscription: KurrentSubscription) => void;
}

/** subscribeToAll, resubscribed from the last delivered position whenever it drops. */
class KurrentSubscription implements StoreSubscription {
  private stopped = false;
  private readonly active = new Set<{ unsubscribe(): Promise<void> }>();
  private readonly pauses = new Pauses();

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: SubscribeOptions,
    private readonly settings: KurrentSubscriptionSettings,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.follow();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.pauses.cancelAll();
    await Promise.all([...this.active].map((s) => s.unsubscribe().catch(() => undefined)));
    this.settings.onStop(this);
  }

  private async *follow(): AsyncGenerator<RecordedEvent> {
    const matches = eventFilter({ eventTypes: this.options.eventTypes });
    let after = this.options.after;
    let failures = 0;
    while (!this.stopped) {
      const subscription = this.client.subscribeToAll({
        fromPosition: fromPosition(after),
        filter: this.settings.filter,
      });
      this.active.add(subscription);
      try {
        for await (const resolved of subscription) {
          if (failures > 0) {
            failures = 0;
            this.settings.onRecovered();
          }
          const event = this.settings.toRecordedEvent(resolved);
          if (!event || (after !== undefined && event.position <= after)) continue;
          after = event.position;
          if (matches(event)) yield event;
          if (this.stopped) return;
        }
      } catch (error) {
        if (this.stopped) return;
        failures += 1;
        this.settings.onError(toStoreError(error), failures);
        await this.pauses.pause(Math.min(5_000, 100 * 2 ** (failures - 1)));
      } finally {
        this.active.delete(subscription);
        await subscription.unsubscribe().catch(() => undefined);
      }
    }
  }
}

function fromPosition(after: bigint | undefined): ReadPosition {
  // Positions handed out are commit positions; commit and prepare coincide for events
  // appended without explicit transactions, which is all this adapter writes.
  return after === undefined ? START : { commit: after, prepare: after };
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

function toEventData(event: NewEvent) {
  const id = eventIdToUuid(event.eventId);
  const metadata: Record<string, unknown> = {
    ...event.metadata,
    [CONTENT_HASH_KEY]: contentHash(event.type, event.data),
  };
  if (!isCanonicalUuid(event.eventId)) metadata[ORIGINAL_ID_KEY] = event.eventId;
  return jsonEvent({ id, type: event.type, data: (event.data ?? null) as JSONType, metadata: metadata as JSONType });
}

/** One event of the stream whose id an append carries again. */
export interface StoredCopy {
  uuid: string;
  revision: bigint;
  position: bigint;
  /** Absent on events written before the adapter kept hashes: those are taken as the same. */
  contentHash?: string;
}

/**
 * Whether an append whose ids the stream already holds (some or all) is a retry: all of
 * them, each with the same content, answers as the first append did; anything else is
 * DuplicateEventIdError. No copy found: not a retry (undefined).
 */
export function judgeRetry(events: NewEvent[], found: StoredCopy[]): AppendResult | undefined {
  if (found.length === 0) return undefined;
  const byUuid = new Map(found.map((copy) => [copy.uuid, copy]));
  const stored = events.filter((event) => byUuid.has(eventIdToUuid(event.eventId)));
  for (const event of stored) {
    const { contentHash: hash } = byUuid.get(eventIdToUuid(event.eventId)) as StoredCopy;
    if (hash !== undefined && hash !== contentHash(event.type, event.data))
      throw new DuplicateEventIdError(event.eventId);
  }
  if (stored.length < events.length) throw new DuplicateEventIdError(stored[0].eventId);
  const last = found.reduce((a, b) => (b.revision > a.revision ? b : a));
  return { nextExpectedRevision: Number(last.revision), position: last.position };
}

function toStoreError(error: unknown, always = false): unknown {
  const unreachable =
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError;
  if (!unreachable && !always) return error;
  if (error instanceof StoreUnavailableError) return error;
  return new StoreUnavailableError(`KurrentDB event store unavailable: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}
