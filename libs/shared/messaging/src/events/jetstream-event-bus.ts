// Domain events on NATS JetStream (architecture.md "Two kinds of messages"). See the
// README next to src/ for the stream settings and why they were chosen.
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { InboxStore } from '@soudan/event-store';
import { TRACEPARENT, TRACESTATE } from '@soudan/observability';
import { silentLogger, type MessagingLogger } from '../logger';
import type {
  BatchHandler,
  ConsumerHandle,
  ConsumerOptions,
  DeadLetter,
  EventBus,
  EventEnvelope,
  EventHandler,
} from '../messaging.port';
import { CORRELATION_HEADER } from '../rpc/correlation';
import { natsConnection } from '../nats-servers';
import { assertConsumerFilters, durableForSubject } from '../subjects';
import {
  abortableSleep,
  backoffAfter,
  batchMaxOf,
  describeError,
  isFinalFailure,
  isUnavailable,
  laneCountOf,
  laneOf,
  markHandled,
  maxDeliverOf,
  notifyDeadLetter,
  notYetHandled,
  tracedBatchHandler,
  tracedHandler,
  parseEnvelope,
} from './delivery';
import { subjectOf } from './envelope';
import { JetStreamOutageLedger, type OutageLedger } from './outage-ledger';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The least time given to a JetStream management request (stream and consumer info and creation). */
const MANAGEMENT_TIMEOUT_MS = 10_000;

export const JETSTREAM_DEFAULTS = {
  streamName: 'EVENTS',
  deadLetterStream: 'DEAD_LETTERS',
  duplicateWindowMs: 2 * MINUTE,
  maxAgeMs: 30 * DAY,
  deadLetterMaxAgeMs: 365 * DAY,
  publishTimeoutMs: 5000,
  ackWaitMs: 30_000,
  pullExpiresMs: 30_000,
  prefetch: 8,
} as const;

export interface JetStreamEventBusOptions {
  /** `nats://host:4222`, or several comma-separated for a cluster. */
  url: string;
  streamName?: string;
  deadLetterStream?: string;
  /** Default inbox for consumers that do not bring their own. */
  inbox?: InboxStore;
  logger?: MessagingLogger;
  /** Connection name shown by the server (monitoring). */
  name?: string;
  duplicateWindowMs?: number;
  maxAgeMs?: number;
  deadLetterMaxAgeMs?: number;
  /** Stream replicas: 1 on a single server, 3 on the cluster of deploy/. */
  replicas?: number;
  publishTimeoutMs?: number;
  /** How long a delivered message may go without ack before redelivery; long handlers are kept alive. */
  ackWaitMs?: number;
  /** Lifetime of one pull request; shorter notices a lost pull sooner at the cost of more requests. */
  pullExpiresMs?: number;
  /** Messages fetched ahead per durable; they wait in the ack-wait clock, so keep this small. */
  prefetch?: number;
  /** Replaces every consumer's backoff schedule (tests shorten it). */
  backoffMs?: number[];
  /** Wait for a server at start-up instead of failing (containers that start before NATS). */
  waitForServer?: boolean;
}

type Settings = Required<Omit<JetStreamEventBusOptions, 'inbox' | 'logger' | 'name' | 'backoffMs' | 'waitForServer'>>;

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/** A token of a NATS subject: no dots, wildcards or whitespace. */
const SUBJECT_TOKEN = /^[^\s.*>]+$/;

/** Messages a consume() call with lanes holds at most, in hand or waiting, per lane. */
const TAKEN_PER_LANE = 4;

/**
 * The handlers of one consume() call (every subject's runner): one at a time in each lane,
 * so an inbox check and its add never interleave; one lane, or ConsumerOptions.lanes. With
 * lanes, at most TAKEN_PER_LANE times as many messages are taken (in hand or waiting for
 * their lane) as there are lanes, across all the call's subjects: a few events of one key
 * waiting behind a slow one do not stop the other lanes. A message waiting for its lane
 * is kept alive (`working()`) by its runner, so its ack wait does not run out meanwhile.
 */
class Lanes {
  private readonly tails: Array<Promise<unknown>>;
  private readonly taken = new Set<Promise<void>>();

  private readonly most: number;

  constructor(readonly count: number) {
    this.tails = Array.from({ length: count }, () => Promise.resolve());
    this.most = count * TAKEN_PER_LANE;
  }

  run<T>(lane: number, fn: () => Promise<T>): Promise<T> {
    const result = this.tails[lane].then(fn);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails[lane] = settled;
    this.taken.add(settled);
    void settled.then(() => this.taken.delete(settled));
    return result;
  }

  /**
   * Waits until fewer than the most are taken, then takes `fn` into its lane, in the same
   * turn as the last check: runners of several subjects woken by one finished handler
   * cannot all take one. Resolves once taken, not once handled.
   */
  async enter(lane: number, fn: () => Promise<void>): Promise<void> {
    while (this.taken.size >= this.most) await Promise.race(this.taken);
    void this.run(lane, fn);
  }

  /** Resolves once every handler taken so far has finished. */
  async idle(): Promise<void> {
    while (this.taken.size > 0) await Promise.all(this.taken);
  }
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // The connection is down: the server redelivers after ack_wait, which is what we want.
  }
}

export class JetStreamEventBus implements EventBus {
  private readonly js: JetStreamClient;
  private readonly listeners: Array<(letter: DeadLetter) => void | Promise<void>> = [];
  private readonly runners = new Set<PullRunner>();
  private readonly logger: MessagingLogger;
  private outages?: OutageLedger;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    readonly settings: Settings,
    private readonly options: JetStreamEventBusOptions,
  ) {
    this.js = jetstream(nc, { timeout: settings.publishTimeoutMs });
    this.logger = options.logger ?? silentLogger;
  }

  /** Connects and makes sure both streams exist with the configured settings. */
  static async connect(options: JetStreamEventBusOptions): Promise<JetStreamEventBus> {
    const settings: Settings = {
      url: options.url,
      streamName: options.streamName ?? JETSTREAM_DEFAULTS.streamName,
      deadLetterStream: options.deadLetterStream ?? JETSTREAM_DEFAULTS.deadLetterStream,
      duplicateWindowMs: options.duplicateWindowMs ?? JETSTREAM_DEFAULTS.duplicateWindowMs,
      maxAgeMs: options.maxAgeMs ?? JETSTREAM_DEFAULTS.maxAgeMs,
      deadLetterMaxAgeMs: options.deadLetterMaxAgeMs ?? JETSTREAM_DEFAULTS.deadLetterMaxAgeMs,
      replicas: options.replicas ?? 1,
      publishTimeoutMs: options.publishTimeoutMs ?? JETSTREAM_DEFAULTS.publishTimeoutMs,
      ackWaitMs: options.ackWaitMs ?? JETSTREAM_DEFAULTS.ackWaitMs,
      pullExpiresMs: options.pullExpiresMs ?? JETSTREAM_DEFAULTS.pullExpiresMs,
      prefetch: options.prefetch ?? JETSTREAM_DEFAULTS.prefetch,
    };
    const nc = await connect({
      ...natsConnection(options.url),
      name: options.name,
      // A service outlives NATS restarts; nats.js would give up after 10 attempts.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      waitOnFirstConnect: options.waitForServer ?? false,
    });
    try {
      // Managing streams and consumers (created at start, file storage, maybe replicated)
      // takes longer than a publish on a busy server: a short publish timeout must not fail it.
      const jsm = await jetstreamManager(nc, { timeout: Math.max(settings.publishTimeoutMs, MANAGEMENT_TIMEOUT_MS) });
      const bus = new JetStreamEventBus(nc, jsm, settings, options);
      await bus.ensureStreams();
      bus.watchConnection();
      return bus;
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Publishes in order and waits for every PubAck, so the relay only advances its
   * checkpoint over events the stream holds. A duplicate (same eventId within the
   * window) is acknowledged by the server and counts as published.
   */
  async publish(events: EventEnvelope[]): Promise<void> {
    for (const event of events) {
      if (!SUBJECT_TOKEN.test(event.context) || !SUBJECT_TOKEN.test(event.type)) {
        throw new Error(
          `event ${event.eventId}: context "${event.context}" and type "${event.type}" must be single subject tokens (no dots, wildcards or spaces)`,
        );
      }
      const h = headers();
      if (event.metadata?.correlationId) h.set(CORRELATION_HEADER, String(event.metadata.correlationId));
      // W3C trace context of the relay's publish span (see event-relay.ts).
      for (const name of [TRACEPARENT, TRACESTATE])
        if (typeof event.metadata?.[name] === 'string') h.set(name, event.metadata[name] as string);
      const ack = await this.js.publish(subjectOf(event), JSON.stringify(event), {
        msgID: event.eventId,
        headers: h,
        timeout: this.settings.publishTimeoutMs,
      });
      if (ack.stream !== this.settings.streamName) {
        throw new Error(
          `event ${event.eventId} was stored in stream ${ack.stream}, expected ${this.settings.streamName}; check the streams' subjects`,
        );
      }
    }
  }

  async consume(options: ConsumerOptions, untraced: EventHandler): Promise<ConsumerHandle> {
    const handler = tracedHandler(options.durableName, untraced);
    const batch = options.batch
      ? { handle: tracedBatchHandler(options.durableName, options.batch.handle), max: batchMaxOf(options) }
      : undefined;
    assertConsumerFilters(options.durableName, options.subjects);
    if (this.closed) throw new Error('the JetStream event bus is closed');
    const lanes = new Lanes(laneCountOf(options));
    const runners = options.subjects.map(
      (subject) => new PullRunner(this.context(), options, subject, handler, lanes, batch),
    );
    await Promise.all(runners.map((runner) => runner.ensureConsumer()));
    for (const runner of runners) {
      this.runners.add(runner);
      runner.start();
    }
    let stopped = false;
    return {
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await Promise.all(runners.map((runner) => runner.stop()));
        for (const runner of runners) this.runners.delete(runner);
      },
      pending: async () => {
        const infos = await Promise.all(
          runners.map((runner) => this.jsm.consumers.info(this.settings.streamName, runner.durable)),
        );
        return infos.reduce((sum, info) => sum + info.num_pending + info.num_ack_pending, 0);
      },
    };
  }

  onDeadLetter(listener: (letter: DeadLetter) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const info = await this.jsm.streams.info(this.settings.deadLetterStream);
    if (info.state.messages === 0) return [];
    const consumer = await this.js.consumers.get(this.settings.deadLetterStream);
    const messages = await consumer.consume({ max_messages: 100 });
    const letters: DeadLetter[] = [];
    try {
      for await (const m of messages) {
        try {
          letters.push(m.json<DeadLetter>());
        } catch {
          this.logger.warn({ seq: m.seq }, 'unreadable record in the dead-letter stream');
        }
        if (m.info.pending === 0) break;
      }
    } finally {
      await messages.close();
    }
    return letters;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('the JetStream event bus is closed');
    await this.jsm.streams.info(this.settings.streamName);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.runners].map((runner) => runner.stop()));
    this.runners.clear();
    await this.nc.close();
  }

  private context(): RunnerContext {
    return {
      nc: this.nc,
      js: this.js,
      jsm: this.jsm,
      settings: this.settings,
      logger: this.logger,
      defaultInbox: this.options.inbox,
      backoffMs: this.options.backoffMs,
      listeners: this.listeners,
      outages: this.outages!,
      ensureStreams: () => this.ensureStreams(),
    };
  }

  private async ensureStreams(): Promise<void> {
    await this.ensureStream(this.settings.streamName, ['events.>'], this.settings.maxAgeMs);
    await this.ensureStream(this.settings.deadLetterStream, ['deadletter.>'], this.settings.deadLetterMaxAgeMs);
    // Kvm.create opens the bucket when it exists, and creates it (again) when it is gone.
    const outages = await JetStreamOutageLedger.open(
      this.js,
      {
        streamName: this.settings.streamName,
        replicas: this.settings.replicas,
        maxAgeMs: this.settings.maxAgeMs,
        timeoutMs: Math.max(this.settings.publishTimeoutMs, MANAGEMENT_TIMEOUT_MS),
      },
      this.logger,
    );
    this.outages ??= outages;
  }

  private async ensureStream(name: string, subjects: string[], maxAgeMs: number): Promise<void> {
    const wanted = {
      subjects,
      max_age: nanos(maxAgeMs),
      duplicate_window: nanos(this.settings.duplicateWindowMs),
      num_replicas: this.settings.replicas,
    };
    try {
      const info = await this.jsm.streams.info(name);
      const c = info.config;
      if (info.config.storage !== StorageType.File) {
        this.logger.warn(
          { stream: name, storage: c.storage },
          'stream is not on file storage; events do not survive a NATS restart',
        );
      }
      const same =
        c.max_age === wanted.max_age &&
        c.duplicate_window === wanted.duplicate_window &&
        c.num_replicas === wanted.num_replicas &&
        c.subjects.length === subjects.length &&
        c.subjects.every((s, i) => s === subjects[i]);
      if (!same) await this.jsm.streams.update(name, wanted);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      const config: Partial<StreamConfig> & { name: string } = {
        name,
        ...wanted,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
      };
      await this.jsm.streams.add(config);
    }
  }

  private watchConnection(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect')
          this.logger.warn({ server: status.server }, 'NATS connection lost; reconnecting');
        else if (status.type === 'reconnect') this.logger.info({ server: status.server }, 'NATS connection restored');
        else if (status.type === 'error') this.logger.error({ err: status.error }, 'NATS connection error');
      }
    })().catch(() => undefined);
  }
}

interface RunnerContext {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  settings: Settings;
  logger: MessagingLogger;
  defaultInbox?: InboxStore;
  backoffMs?: number[];
  listeners: Array<(letter: DeadLetter) => void | Promise<void>>;
  outages: OutageLedger;
  ensureStreams(): Promise<void>;
}

/** One durable pull consumer (one filter subject) and the loop that keeps it running. */
class PullRunner {
  readonly durable: string;
  private stopped = false;
  private readonly abort = new AbortController();
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  /** Batching consumers: messages taken from the server, waiting for the batch after the one in hand. */
  private waiting: JsMsg[] = [];
  private flushing?: Promise<void>;

  constructor(
    private readonly ctx: RunnerContext,
    private readonly options: ConsumerOptions,
    private readonly subject: string,
    private readonly handler: EventHandler,
    private readonly lanes: Lanes,
    private readonly batch?: { handle: BatchHandler; max: number },
  ) {
    this.durable = durableForSubject(options.durableName, subject);
  }

  async ensureConsumer(): Promise<void> {
    const { jsm, settings } = this.ctx;
    const ackWait = nanos(settings.ackWaitMs);
    try {
      const info = await jsm.consumers.info(settings.streamName, this.durable);
      if (info.config.ack_wait !== ackWait || info.config.max_deliver !== -1) {
        await jsm.consumers.update(settings.streamName, this.durable, { ack_wait: ackWait, max_deliver: -1 });
      }
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      const config: Partial<ConsumerConfig> = {
        durable_name: this.durable,
        description: `${this.options.durableName} <- ${this.subject}`,
        filter_subject: this.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: this.options.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
        ack_wait: ackWait,
        // Redelivery limits are ours (dead-letter stream); the server's would drop silently.
        max_deliver: -1,
      };
      await jsm.consumers.add(settings.streamName, config);
    }
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    await this.flushing;
    await this.lanes.idle();
  }

  /**
   * nats.js resumes a pull consumer across reconnects by itself; this outer loop covers
   * the cases where the iterator ends or fails anyway (consumer or stream deleted, a
   * server replaced with an empty one) by recreating what is missing and pulling again.
   */
  private async run(): Promise<void> {
    const { js, settings, logger } = this.ctx;
    let failures = 0;
    while (!this.stopped) {
      try {
        if (failures > 0) {
          await this.ctx.ensureStreams();
          await this.ensureConsumer();
        }
        const consumer = await js.consumers.get(settings.streamName, this.durable);
        // Without abort_on_missing_resource nats.js would poll a deleted consumer forever.
        const messages = await consumer.consume({
          // A batch, or the lanes, can only take as much as the server lets this consumer hold.
          max_messages: Math.max(settings.prefetch, this.batch?.max ?? 0, this.lanes.count * 2),
          expires: settings.pullExpiresMs,
          abort_on_missing_resource: true,
        });
        this.messages = messages;
        if (this.stopped) await messages.close();
        for await (const m of messages) {
          failures = 0;
          if (!this.batch) {
            if (this.lanes.count === 1) {
              await this.lanes.run(0, () => this.handle(m));
              continue;
            }
            // Side by side (ConsumerOptions.lanes): the message waits for room and for its
            // lane, kept alive meanwhile; the next one is pulled once this one is taken.
            const event = this.parsed(m);
            const waiting = setInterval(
              () => quietly(() => m.working()),
              Math.max(this.ctx.settings.ackWaitMs / 2, 500),
            );
            await this.lanes.enter(laneOf(this.options, this.lanes.count, event), () =>
              this.handle(m, event).finally(() => clearInterval(waiting)),
            );
            continue;
          }
          // What arrives while a batch is in hand waits for the next; a full waiting
          // batch holds the loop, so no more is taken than one batch ahead.
          this.waiting.push(m);
          this.flushing ??= this.flush();
          if (this.waiting.length >= this.batch.max) await this.flushing;
        }
      } catch (error) {
        if (!this.stopped) logger.warn({ err: error, consumer: this.durable }, 'consumer loop failed; restarting');
      }
      if (this.stopped) break;
      failures++;
      await abortableSleep(Math.min(250 * 2 ** Math.min(failures, 5), 5000), this.abort.signal);
    }
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const taken = this.waiting.splice(0, this.batch?.max ?? 1);
        await this.lanes.run(0, () => this.handleMany(taken));
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * First deliveries that parse go to the batch handler together; the rest (and all of
   * them again, one by one, if the batch fails) take the single path with its retries.
   */
  private async handleMany(ms: JsMsg[]): Promise<void> {
    const batch = this.batch;
    if (!batch || ms.length === 1 || this.stopped) {
      for (const m of ms) await this.handle(m);
      return;
    }
    const fresh: Array<{ m: JsMsg; event: EventEnvelope }> = [];
    const alone: JsMsg[] = [];
    for (const m of ms) {
      if (m.info.deliveryCount > 1) {
        alone.push(m);
        continue;
      }
      try {
        fresh.push({ m, event: this.envelopeOf(m) });
      } catch {
        alone.push(m);
      }
    }
    if (fresh.length > 1 && (await this.handleBatch(fresh, batch))) {
      for (const m of alone) await this.handle(m);
      return;
    }
    for (const m of ms) await this.handle(m);
  }

  /** True when the batch was handled and acknowledged; false leaves every message to the single path. */
  private async handleBatch(
    fresh: Array<{ m: JsMsg; event: EventEnvelope }>,
    batch: { handle: BatchHandler },
  ): Promise<boolean> {
    const { settings, logger } = this.ctx;
    const inbox = this.options.inbox ?? this.ctx.defaultInbox;
    const keepAlive = setInterval(
      () => fresh.forEach(({ m }) => quietly(() => m.working())),
      Math.max(settings.ackWaitMs / 2, 500),
    );
    const consumer = this.options.durableName;
    let todo = fresh;
    try {
      todo = await notYetHandled(inbox, consumer, fresh, ({ event }) => event.eventId);
      if (todo.length > 0) await batch.handle(todo.map(({ event }) => event));
    } catch (error) {
      logger.warn(
        { err: error, consumer: this.options.durableName, events: fresh.length },
        'batch handler failed; delivering its events one by one',
      );
      return false;
    } finally {
      clearInterval(keepAlive);
    }
    for (const { event } of todo) await markHandled(inbox, consumer, event.eventId, logger);
    for (const { m } of fresh) this.settle(m, 'ack', 0);
    return true;
  }

  /** The envelope a message carries, with the trace context of record on the wire (its header). Throws when unreadable. */
  private envelopeOf(m: JsMsg): EventEnvelope {
    const event = parseEnvelope(m.string());
    const traceparent = m.headers?.get(TRACEPARENT);
    if (traceparent) event.metadata = { ...event.metadata, [TRACEPARENT]: traceparent };
    return event;
  }

  /** The envelope, or undefined when unreadable (handle() then dead-letters it). */
  private parsed(m: JsMsg): EventEnvelope | undefined {
    try {
      return this.envelopeOf(m);
    } catch {
      return undefined;
    }
  }

  private async handle(m: JsMsg, parsed?: EventEnvelope): Promise<void> {
    if (this.stopped) {
      // Fetched ahead but not handled: give it back now rather than after ack_wait.
      quietly(() => m.nak());
      return;
    }
    const { settings, logger } = this.ctx;
    const seq = m.info.streamSequence;
    // Deliveries that failed only because a dependency was down: the server counts them,
    // maxDeliver must not. Kept in NATS (outage-ledger.ts), so a restart keeps them too.
    const outages = m.info.deliveryCount > 1 ? await this.ctx.outages.get(this.durable, seq) : 0;
    const delivery = m.info.deliveryCount - outages;
    const maxDeliver = maxDeliverOf(this.options);
    let event: EventEnvelope;
    try {
      event = parsed ?? this.envelopeOf(m);
    } catch (error) {
      await this.deadLetter(m, m.info.deliveryCount, error, undefined, outages);
      return;
    }
    const inbox = this.options.inbox ?? this.ctx.defaultInbox;
    const keepAlive = setInterval(() => quietly(() => m.working()), Math.max(settings.ackWaitMs / 2, 500));
    try {
      if (inbox && (await inbox.has(this.options.durableName, event.eventId))) {
        this.settle(m, 'ack', outages);
        return;
      }
      await this.handler(event, { number: delivery, last: delivery >= maxDeliver });
    } catch (error) {
      if (isFinalFailure(error, delivery, maxDeliver)) {
        await this.deadLetter(m, m.info.deliveryCount, error, event, outages);
        return;
      }
      const unavailable = isUnavailable(error);
      if (unavailable) await this.ctx.outages.set(this.durable, seq, outages + 1);
      const delay = backoffAfter(
        { backoffMs: this.ctx.backoffMs ?? this.options.backoffMs },
        unavailable ? outages + 1 : delivery,
      );
      logger.warn(
        {
          err: error,
          consumer: this.options.durableName,
          eventId: event.eventId,
          delivery: m.info.deliveryCount,
          retryInMs: delay,
        },
        'event handler failed; will retry',
      );
      quietly(() => m.nak(delay));
      return;
    } finally {
      clearInterval(keepAlive);
    }
    await markHandled(inbox, this.options.durableName, event.eventId, logger);
    this.settle(m, 'ack', outages);
  }

  private settle(m: JsMsg, verdict: 'ack' | 'term', outages: number): void {
    quietly(() => (verdict === 'ack' ? m.ack() : m.term()));
    if (outages > 0) void this.ctx.outages.clear(this.durable, m.info.streamSequence);
  }

  private async deadLetter(
    m: JsMsg,
    delivery: number,
    error: unknown,
    event: EventEnvelope | undefined,
    outages: number,
  ): Promise<void> {
    const { js, settings, logger, listeners } = this.ctx;
    const consumer = this.options.durableName;
    const letter: DeadLetter = {
      consumer,
      subject: m.subject,
      eventId: event?.eventId ?? (m.headers?.get('Nats-Msg-Id') || undefined),
      deliveries: delivery,
      error: describeError(error),
      payload: m.string(),
      at: new Date().toISOString(),
    };
    try {
      const h = headers();
      const correlationId = m.headers?.get(CORRELATION_HEADER);
      if (correlationId) h.set(CORRELATION_HEADER, correlationId);
      await js.publish(`deadletter.${consumer}.${m.subject}`, JSON.stringify(letter), {
        // A redelivery after a lost term() must not file the same letter twice.
        msgID: `${consumer}:${m.info.stream}:${m.info.streamSequence}`,
        headers: h,
        timeout: settings.publishTimeoutMs,
      });
    } catch (publishError) {
      // Never drop it: leave the message in the stream and try again on redelivery.
      logger.error(
        { err: publishError, consumer, eventId: letter.eventId },
        'could not publish to the dead-letter stream; will retry',
      );
      quietly(() => m.nak(backoffAfter({ backoffMs: this.ctx.backoffMs ?? this.options.backoffMs }, delivery)));
      return;
    }
    this.settle(m, 'term', outages);
    logger.error(
      { consumer, eventId: letter.eventId, subject: m.subject, deliveries: delivery, error: letter.error },
      'event moved to the dead-letter stream',
    );
    await notifyDeadLetter(listeners, letter, (listenerError) =>
      logger.error({ err: listenerError, consumer, eventId: letter.eventId }, 'a dead-letter listener failed'),
    );
  }
}
