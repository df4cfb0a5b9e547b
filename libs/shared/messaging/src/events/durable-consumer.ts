// One way to consume domain events: `durableConsumer(bus, { durable, subjects, handle })`.
// The bus keeps the delivery guarantees (ack after the handler returns, redelivery with
// backoff after a failure, PoisonMessageError or the last attempt to the dead-letter
// stream, an outage of a dependency never counted, ids already handled skipped by the
// inbox); this adds the start and stop a service needs (Nest calls them by name) and a
// place to watch each delivery: an observer counts what was handled and what failed, and
// `pending()` is the consumer's lag where the bus can tell.
import type { InboxStore } from '@soudan/event-store';
import type {
  BatchHandler,
  ConsumerHandle,
  ConsumerOptions,
  DeliveryAttempt,
  EventBus,
  EventEnvelope,
  EventHandler,
} from '../messaging.port';

export interface ConsumerDelivery {
  durable: string;
  event: EventEnvelope;
  attempt: DeliveryAttempt;
  /** How long the handler took, ms. */
  ms: number;
}

/** Watches a consumer's deliveries (metrics: handled and failed counts, handler time, lag). Never throws into it. */
export interface ConsumerObserver {
  started?(consumer: DurableConsumer): void;
  /** The handler returned: the bus acknowledges the event. */
  handled?(delivery: ConsumerDelivery): void;
  /** The handler threw: the bus redelivers the event later, or dead-letters it when this was the last attempt. */
  failed?(delivery: ConsumerDelivery & { error: unknown }): void;
  stopped?(consumer: DurableConsumer): void;
}

/**
 * For a consumer whose handler is idempotent by the event's id (its effect is an append
 * whose event id is derived from the event's, which the store refuses to repeat): no
 * inbox to look in before each event and write after it.
 */
export const NO_INBOX: InboxStore = {
  has: async () => false,
  add: async () => undefined,
};

export interface DurableConsumerSpec {
  /** Durable name; survives restarts; one active handler per name across replicas. */
  durable: string;
  /** Subject filters such as `events.scheduling.SessionNoShow`. */
  subjects: string[];
  handle: EventHandler;
  /**
   * Optional: takes first deliveries that wait at once together (ConsumerOptions.batch),
   * up to `batchMax`; must take effect all or nothing, or be idempotent, since a failed
   * batch's events go one by one to `handle`.
   */
  handleBatch?: BatchHandler;
  batchMax?: number;
  /** Event ids already handled (the service's store inbox); the bus's own when omitted. */
  inbox?: InboxStore;
  maxDeliver?: ConsumerOptions['maxDeliver'];
  backoffMs?: ConsumerOptions['backoffMs'];
  deliverFrom?: ConsumerOptions['deliverFrom'];
  /** Optional: events handled side by side, one key at a time (ConsumerOptions.lanes). */
  lanes?: ConsumerOptions['lanes'];
  /** Work that must be done before the first delivery (load a read model, warn about settings). */
  beforeStart?: () => Promise<void> | void;
  observer?: ConsumerObserver;
}

export class DurableConsumer {
  private handle?: ConsumerHandle;
  private readonly observers: ConsumerObserver[] = [];

  constructor(
    private readonly bus: EventBus,
    readonly spec: DurableConsumerSpec,
  ) {
    if (spec.observer) this.observers.push(spec.observer);
  }

  get durable(): string {
    return this.spec.durable;
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  /** Attaches an observer (metrics); it sees the deliveries from now on. */
  observe(observer: ConsumerObserver): this {
    this.observers.push(observer);
    return this;
  }

  async start(): Promise<void> {
    if (this.handle) return;
    await this.spec.beforeStart?.();
    const { durable, subjects, inbox, maxDeliver, backoffMs, deliverFrom, handleBatch, batchMax, lanes } = this.spec;
    this.handle = await this.bus.consume(
      {
        durableName: durable,
        subjects,
        ...(inbox ? { inbox } : {}),
        ...(maxDeliver !== undefined ? { maxDeliver } : {}),
        ...(backoffMs ? { backoffMs } : {}),
        ...(deliverFrom ? { deliverFrom } : {}),
        ...(lanes ? { lanes } : {}),
        ...(handleBatch
          ? {
              batch: {
                handle: (events: EventEnvelope[]) => this.deliverBatch(events, handleBatch),
                ...(batchMax !== undefined ? { max: batchMax } : {}),
              },
            }
          : {}),
      },
      (event, attempt) => this.deliver(event, attempt),
    );
    this.notify((o) => o.started?.(this));
  }

  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return;
    await handle.stop();
    this.notify((o) => o.stopped?.(this));
  }

  /** The consumer's lag: events held for it and not acknowledged yet; undefined where the bus cannot say. */
  async pending(): Promise<number | undefined> {
    return this.handle?.pending ? this.handle.pending() : undefined;
  }

  /** Nest lifecycle: a provider that is a DurableConsumer starts with the application and stops with it. */
  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private async deliver(event: EventEnvelope, attempt: DeliveryAttempt): Promise<void> {
    const started = performance.now();
    try {
      await this.spec.handle(event, attempt);
    } catch (error) {
      const ms = performance.now() - started;
      this.notify((o) => o.failed?.({ durable: this.durable, event, attempt, ms, error }));
      throw error;
    }
    const ms = performance.now() - started;
    this.notify((o) => o.handled?.({ durable: this.durable, event, attempt, ms }));
  }

  /**
   * Observers see each event of a batch as handled, with its share of the batch's time. A
   * failed batch is not reported: its events come again one by one, and are seen then.
   */
  private async deliverBatch(events: EventEnvelope[], handleBatch: BatchHandler): Promise<void> {
    const started = performance.now();
    const attempt: DeliveryAttempt = { number: 1, last: false };
    await handleBatch(events);
    const ms = (performance.now() - started) / events.length;
    for (const event of events) this.notify((o) => o.handled?.({ durable: this.durable, event, attempt, ms }));
  }

  private notify(call: (observer: ConsumerObserver) => void): void {
    for (const observer of this.observers) {
      try {
        call(observer);
      } catch {
        // An observer is for watching; it never changes what happens to a delivery.
      }
    }
  }
}

/** `durableConsumer(bus, { durable, subjects, handle })`: a consumer that starts with `start()` (or the Nest application). */
export function durableConsumer(bus: EventBus, spec: DurableConsumerSpec): DurableConsumer {
  return new DurableConsumer(bus, spec);
}
