// The two kinds of messages of architecture.md: request-reply for commands and
// queries, durable domain events. Two implementations of each: NATS (request-reply via
// @nestjs/microservices, events via JetStream) and in-process (the embedded default),
// both held to one contract test suite.
import type { InboxStore } from '@soudan/event-store';

/** What travels on the wire for one domain event. */
export interface EventEnvelope<TData = unknown> {
  eventId: string;
  /** Bounded context that owns the stream: `scheduling`, `eligibility`, ... */
  context: string;
  type: string;
  streamId: string;
  revision: number;
  /** Position in the producing service's store, as a decimal string. */
  position: string;
  recordedAt: string;
  data: TData;
  metadata: {
    correlationId: string;
    causationId?: string;
    actor?: string;
    schemaVersion: number;
    [key: string]: unknown;
  };
}

/** `events.<context>.<EventType>` */
export const eventSubject = (context: string, type: string): string => `events.${context}.${type}`;

export interface ConsumerOptions {
  /** Durable name; survives restarts. One active handler per name (queue semantics). */
  durableName: string;
  /** Subject filters such as `events.scheduling.>` or `events.scheduling.ReservationRequested`. */
  subjects: string[];
  /** Deliveries before a failing message goes to the dead-letter stream. Default 5. */
  maxDeliver?: number;
  /** Delay before each redelivery after a transient failure, ms. Default [1000, 5000, 15000, 60000]. */
  backoffMs?: number[];
  /**
   * Event ids this consumer already handled (keyed by `durableName`): such events are
   * acknowledged without calling the handler, and an id is added after the handler
   * succeeded. Falls back to the bus's own inbox when omitted.
   */
  inbox?: InboxStore;
  /**
   * Where a durable seen for the first time starts: `all` (default) catches up with
   * everything the bus still holds, so nothing published before the first start is
   * missed; `new` only takes events published from then on. Ignored for a durable that
   * already exists. The in-process bus keeps no history: there both mean `new`.
   */
  deliverFrom?: 'all' | 'new';
  /**
   * Events that are waiting at once may be handed to `handle` together, up to `max`
   * (default 64), in the order they would have come one by one, for a consumer whose work
   * is cheaper in bulk (one append for many records). Only first deliveries are batched; a
   * redelivery always comes alone to the consumer's handler. When the batch handler
   * throws, each of its events is delivered alone to the handler as usual (inbox, retries,
   * dead letters), so a batch handler must take effect all or nothing, or be idempotent.
   * The inbox, when there is one, is looked at and written for each event of a batch.
   */
  batch?: { handle: BatchHandler; max?: number };
  /**
   * Events handled side by side, for a consumer whose work mostly waits (a mail server, a
   * call to another service): up to `count` at once, in `count` lanes chosen by a hash of
   * `keyOf(event)`. Events with the same key always take the same lane, so they are handled
   * one at a time and in the order they came; a redelivery takes its event's lane again,
   * so the inbox check and its add for one event never interleave. Without it, one at a
   * time. Not together with `batch`.
   */
  lanes?: { count: number; keyOf: (event: EventEnvelope) => string };
}

/** Handles first deliveries of several events at once; see ConsumerOptions.batch. */
export type BatchHandler = (events: EventEnvelope[]) => Promise<void>;

/** Default for ConsumerOptions.batch.max. */
export const DEFAULT_BATCH_MAX = 64;

/**
 * Which delivery of an event a handler is in. A handler that can settle a failure on its
 * own (say, record a mail as undeliverable) does so on the last attempt instead of
 * letting the event go to the dead-letter stream.
 */
export interface DeliveryAttempt {
  /** 1-based; counts the deliveries that failed for the message's sake, not outages of a dependency. */
  number: number;
  /** A failure now (other than an unavailable dependency) moves the event to the dead-letter stream. */
  last: boolean;
}

export type EventHandler = (event: EventEnvelope, attempt: DeliveryAttempt) => Promise<void>;

export interface DeadLetter {
  consumer: string;
  subject: string;
  eventId?: string;
  deliveries: number;
  error: string;
  /** The raw message body as received (UTF-8). */
  payload: string;
  at: string;
}

export interface ConsumerHandle {
  stop(): Promise<void>;
  /**
   * Events the bus holds for this consumer and has not had acknowledged yet (its lag), where
   * the bus can say (JetStream: pending plus delivered-unacknowledged, over its subjects).
   */
  pending?(): Promise<number>;
}

/**
 * Durable domain events. `publish` is used only by the relay (what the store committed);
 * consumers ack after their work, retry transient failures with backoff, move poison
 * messages to the dead-letter stream, and skip event ids they already handled.
 */
export interface EventBus {
  publish(events: EventEnvelope[]): Promise<void>;
  consume(options: ConsumerOptions, handler: EventHandler): Promise<ConsumerHandle>;
  /**
   * Called for every message this bus dead-lettered (this process's consumers only).
   * Staff alerts do not rely on it: notification reads `deadLetters()`, which holds the
   * letters of every service, also those filed while notification was down.
   */
  onDeadLetter(listener: (letter: DeadLetter) => void | Promise<void>): void;
  /** Reads the dead-letter stream (staff alerts: `notification.alerts`; tests). */
  deadLetters(): Promise<DeadLetter[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Throw from a handler to send a message straight to the dead-letter stream. */
export class PoisonMessageError extends Error {
  readonly code = 'POISON_MESSAGE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

/** Request-reply failures carry a stable code the gateway maps to HTTP. */
export class RpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
