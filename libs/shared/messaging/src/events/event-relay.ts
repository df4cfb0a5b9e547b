// Moves what the event store committed onto the bus (architecture.md: "Nothing is
// published that was not stored, and nothing stored is left unpublished"). It only
// reads committed events, and moves its checkpoint only past events the bus
// acknowledged; a failure anywhere means waiting and trying the same events again.
import type { EventStore, RecordedEvent } from '@soudan/event-store';
import {
  contextFrom,
  eventsPublished,
  failSpan,
  relayDelay,
  relayLastPublished,
  relayPosition,
  SpanKind,
  startSpan,
  traceHeaders,
  TRACEPARENT,
  TRACESTATE,
} from '@soudan/observability';
import { silentLogger, type MessagingLogger } from '../logger';
import type { EventBus } from '../messaging.port';
import { abortableSleep } from './delivery';
import { toEnvelope } from './envelope';

export interface EventRelayOptions {
  store: EventStore;
  bus: EventBus;
  /** Bounded context that owns the store's streams: the `<context>` of `events.<context>.<type>`. */
  context: string;
  /** Default `relay-<context>`. */
  checkpointName?: string;
  /** Only streams whose id starts with one of these. */
  streamPrefixes?: string[];
  logger?: MessagingLogger;
  /** Events published per bus call. Default 100. */
  batchSize?: number;
  /** Backoff between attempts after a failure, ms. Default 250 doubling up to 10,000. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /**
   * How long `stop()` waits for a batch the bus has not answered yet. Default 2,000 ms.
   * The in-process bus answers only once its consumers have handled the batch, and a
   * consumer may be retrying against a dependency that is down; the batch is not
   * checkpointed then, so it is published again after the next start.
   */
  stopGraceMs?: number;
}

const NOTHING_YET = Symbol('nothing-yet');

export class EventRelay {
  private readonly checkpointName: string;
  private readonly logger: MessagingLogger;
  private readonly batchSize: number;
  private stopping?: AbortController;
  private running?: Promise<void>;
  private subscription?: { stop(): Promise<void> };
  /** Last position the bus acknowledged, whether or not the checkpoint save succeeded yet. */
  private published?: bigint;
  /** Aborted when `stop()` gives up waiting for the bus to answer a batch; one per run. */
  private abandon = new AbortController();

  constructor(private readonly options: EventRelayOptions) {
    this.checkpointName = options.checkpointName ?? `relay-${options.context}`;
    this.logger = options.logger ?? silentLogger;
    this.batchSize = options.batchSize ?? 100;
  }

  /** Starts relaying in the background; failures are retried and logged, never thrown. */
  start(): void {
    if (this.running) return;
    this.abandon = new AbortController();
    this.stopping = new AbortController();
    this.running = this.run(this.stopping.signal);
  }

  /** Finishes the batch in flight (if the bus answers within the grace period) and stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    const abandon = this.abandon;
    const timer = setTimeout(() => abandon.abort(), this.options.stopGraceMs ?? 2_000);
    this.stopping?.abort();
    try {
      await this.subscription?.stop().catch(() => undefined);
      await this.running;
    } finally {
      clearTimeout(timer);
      this.running = undefined;
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const after = await this.startPosition();
        await this.follow(after, signal, () => (failures = 0));
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        this.logger.error(
          { err: error, relay: this.checkpointName, attempt: failures },
          'event relay failed; retrying',
        );
      }
      if (signal.aborted) break;
      await abortableSleep(this.backoff(Math.max(failures, 1)), signal);
    }
  }

  private async startPosition(): Promise<bigint | undefined> {
    const saved = await this.options.store.checkpoints.get(this.checkpointName);
    if (this.published === undefined) return saved;
    return saved === undefined || this.published > saved ? this.published : saved;
  }

  private async follow(after: bigint | undefined, signal: AbortSignal, onProgress: () => void): Promise<void> {
    // The subscription reads pages of the store's default size, as the store's other
    // subscriptions do, so that reads from the same position can be shared (SQL stores);
    // the relay publishes them in batches of its own size.
    const subscription = this.options.store.subscribe({ after, streamPrefixes: this.options.streamPrefixes });
    this.subscription = subscription;
    if (signal.aborted) await subscription.stop();
    const iterator = subscription[Symbol.asyncIterator]();
    let next: Promise<IteratorResult<RecordedEvent>> | undefined;
    try {
      for (;;) {
        const first = await (next ?? iterator.next());
        next = undefined;
        if (first.done || signal.aborted) return;
        const batch = [first.value];
        // Take whatever the subscription already has, without waiting for more.
        while (batch.length < this.batchSize) {
          next = iterator.next();
          const more = await Promise.race([
            next,
            new Promise<typeof NOTHING_YET>((r) => setImmediate(() => r(NOTHING_YET))),
          ]);
          if (more === NOTHING_YET) break;
          next = undefined;
          if (more.done) break;
          batch.push(more.value);
        }
        await this.publish(batch, signal);
        onProgress();
      }
    } finally {
      await subscription.stop().catch(() => undefined);
      // Let a pending next() settle so the generator can finish.
      void next?.catch(() => undefined);
    }
  }

  private async publish(batch: RecordedEvent[], signal: AbortSignal): Promise<void> {
    // One publish span per event, in the trace of the request that appended it (the
    // `traceparent` its metadata kept); the envelope carries the span's own context on.
    const spans = batch.map((event) =>
      startSpan(`publish events.${this.options.context}.${event.type}`, {
        kind: SpanKind.PRODUCER,
        parent: contextFrom(event.metadata),
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': `events.${this.options.context}.${event.type}`,
          'messaging.message.id': event.eventId,
        },
      }),
    );
    const envelopes = batch.map((event, i) => {
      const envelope = toEnvelope(event, this.options.context);
      const carried = traceHeaders(spans[i].context);
      if (!carried[TRACEPARENT]) return envelope;
      const metadata = { ...envelope.metadata };
      delete metadata[TRACESTATE];
      return { ...envelope, metadata: { ...metadata, ...carried } };
    });
    const endSpans = (error?: unknown) => {
      for (const { span } of spans) {
        if (error !== undefined) failSpan(span, error);
        span.end();
      }
    };
    const last = batch[batch.length - 1].position;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.untilAbandoned(this.options.bus.publish(envelopes));
        endSpans();
        break;
      } catch (error) {
        if (error instanceof BatchAbandoned || signal.aborted) endSpans(error);
        if (error instanceof BatchAbandoned) throw error;
        if (signal.aborted) throw error;
        const delay = this.backoff(attempt);
        this.logger.warn(
          {
            err: error,
            relay: this.checkpointName,
            events: batch.length,
            from: batch[0].position.toString(),
            retryInMs: delay,
          },
          'publishing events failed; retrying the same events',
        );
        await abortableSleep(delay, signal);
        if (signal.aborted) {
          endSpans(error);
          throw error;
        }
      }
    }
    this.published = last;
    this.measure(batch);
    try {
      await this.options.store.checkpoints.put(this.checkpointName, last);
    } catch (error) {
      // The events are on the bus; at worst they are published again after a restart.
      this.logger.warn(
        { err: error, relay: this.checkpointName, position: last.toString() },
        'could not save the relay checkpoint; will save it with the next batch',
      );
    }
  }

  private measure(batch: RecordedEvent[]): void {
    const context = this.options.context;
    const now = Date.now();
    for (const event of batch) {
      eventsPublished.inc({ context, type: event.type });
      const committed = Date.parse(event.recordedAt);
      if (Number.isFinite(committed)) relayDelay.observe({ context }, Math.max(0, now - committed) / 1000);
    }
    relayPosition.set({ context }, Number(batch[batch.length - 1].position));
    relayLastPublished.set({ context }, now / 1000);
  }

  /** The bus's answer, or BatchAbandoned once a stopping relay's grace period is over. */
  private untilAbandoned(publishing: Promise<void>): Promise<void> {
    const signal = this.abandon.signal;
    if (signal.aborted) return Promise.reject(new BatchAbandoned());
    return new Promise<void>((resolve, reject) => {
      const abandon = () => reject(new BatchAbandoned());
      signal.addEventListener('abort', abandon, { once: true });
      publishing.then(resolve, reject).finally(() => signal.removeEventListener('abort', abandon));
    });
  }

  private backoff(attempt: number): number {
    const min = this.options.retryMinMs ?? 250;
    const max = this.options.retryMaxMs ?? 10_000;
    return Math.min(max, min * 2 ** Math.min(attempt - 1, 16));
  }
}

/** A batch left unanswered when the relay stopped: not checkpointed, so published again after the next start. */
class BatchAbandoned extends Error {
  constructor() {
    super('the relay stopped before the bus answered; the batch will be published again after the next start');
    this.name = 'BatchAbandoned';
  }
}
