// The retry rules both buses apply, so a handler sees the same behaviour in-process
// and on JetStream.
import { storableText, type InboxStore } from '@soudan/event-store';
import type { MessagingLogger } from '../logger';
import {
  DEFAULT_BATCH_MAX,
  PoisonMessageError,
  type BatchHandler,
  type ConsumerOptions,
  type DeadLetter,
  type EventEnvelope,
  type EventHandler,
} from '../messaging.port';
import { contextFrom, deadLetters as deadLetterCount, inSpan, SpanKind } from '@soudan/observability';

export const DEFAULT_MAX_DELIVER = 5;
export const DEFAULT_BACKOFF_MS = [1000, 5000, 15000, 60000];

/** Delay before the redelivery that follows the given (failed) delivery, 1-based. */
export function backoffAfter(options: Pick<ConsumerOptions, 'backoffMs'>, delivery: number): number {
  const schedule = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
  return schedule[Math.min(Math.max(delivery, 1), schedule.length) - 1];
}

/** The items whose event the inbox does not hold yet: all of them without an inbox. */
export async function notYetHandled<T>(
  inbox: InboxStore | undefined,
  consumer: string,
  items: T[],
  eventIdOf: (item: T) => string,
): Promise<T[]> {
  if (!inbox) return items;
  const seen = await Promise.all(items.map((item) => inbox.has(consumer, eventIdOf(item))));
  return items.filter((_, i) => !seen[i]);
}

/**
 * Adds a handled event's id to the inbox. A failure is logged, never thrown: the work is
 * done and the delivery is settled anyway (only a redelivery could repeat it).
 */
export async function markHandled(
  inbox: InboxStore | undefined,
  consumer: string,
  eventId: string,
  logger: MessagingLogger,
): Promise<void> {
  if (!inbox) return;
  try {
    await inbox.add(consumer, eventId);
  } catch (error) {
    logger.error({ err: error, consumer, eventId }, 'could not record the handled event in the inbox');
  }
}

/** How many events a batching consumer takes at once (at least 1). */
export function batchMaxOf(options: Pick<ConsumerOptions, 'batch'>): number {
  const max = options.batch?.max;
  return max !== undefined && Number.isInteger(max) && max >= 1 ? max : DEFAULT_BATCH_MAX;
}

/** The most lanes a consumer may ask for (ConsumerOptions.lanes). */
export const MAX_LANES = 64;

/**
 * How many lanes a consumer has: 1 without ConsumerOptions.lanes. Refuses a count that is
 * not a whole number from 1 to MAX_LANES, and lanes together with batches.
 */
export function laneCountOf(options: Pick<ConsumerOptions, 'durableName' | 'lanes' | 'batch'>): number {
  if (!options.lanes) return 1;
  const { count } = options.lanes;
  if (!Number.isInteger(count) || count < 1 || count > MAX_LANES)
    throw new Error(`consumer ${options.durableName}: lanes.count must be a whole number from 1 to ${MAX_LANES}`);
  if (options.batch) throw new Error(`consumer ${options.durableName}: lanes and batch do not go together`);
  return count;
}

/**
 * The lane of an event (0 to count - 1): a hash (FNV-1a) of its key, so the same key
 * always takes the same lane. An event whose key cannot be worked out takes lane 0.
 */
export function laneOf(
  options: Pick<ConsumerOptions, 'lanes'>,
  count: number,
  event: EventEnvelope | undefined,
): number {
  if (count <= 1 || !options.lanes || !event) return 0;
  let key: string;
  try {
    key = String(options.lanes.keyOf(event));
  } catch {
    return 0;
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

export function maxDeliverOf(options: Pick<ConsumerOptions, 'maxDeliver'>): number {
  return options.maxDeliver && options.maxDeliver > 0 ? options.maxDeliver : DEFAULT_MAX_DELIVER;
}

// A dependency that is down says nothing about the message: retrying it until the
// dependency is back is right however long that takes, while dead-lettering it would
// leave a healthy event for staff to replay by hand.
// MAIL_IN_PROGRESS: another replica holds the claim on the mail (notification); the
// event is fine, it only has to wait for that replica.
const UNAVAILABLE_CODES = new Set([
  'STORE_UNAVAILABLE',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'MAIL_IN_PROGRESS',
]);

/** StoreUnavailableError, or an RpcError saying another service cannot be reached. */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}

/**
 * Whether a failed delivery ends in the dead-letter stream rather than a retry.
 * `delivery` counts only deliveries that failed for a reason other than an unavailable
 * dependency.
 */
export function isFinalFailure(error: unknown, delivery: number, maxDeliver: number): boolean {
  if (error instanceof PoisonMessageError) return true;
  if (isUnavailable(error)) return false;
  return delivery >= maxDeliver;
}

/** The error as a dead letter stores it: storable text only (R50), whatever the error quoted. */
export function describeError(error: unknown): string {
  return storableText(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/** Rejects values that are not an envelope, so a malformed message is dead-lettered, not handled. */
export function parseEnvelope(body: string): EventEnvelope {
  const value: unknown = JSON.parse(body);
  if (typeof value !== 'object' || value === null) throw new PoisonMessageError('event body is not a JSON object');
  const e = value as Partial<EventEnvelope>;
  if (typeof e.eventId !== 'string' || !e.eventId || typeof e.type !== 'string' || typeof e.context !== 'string') {
    throw new PoisonMessageError('event body lacks eventId, type or context');
  }
  if (typeof e.metadata !== 'object' || e.metadata === null) throw new PoisonMessageError('event body lacks metadata');
  return e as EventEnvelope;
}

export async function notifyDeadLetter(
  listeners: Iterable<(letter: DeadLetter) => void | Promise<void>>,
  letter: DeadLetter,
  onError: (error: unknown) => void,
): Promise<void> {
  deadLetterCount.inc({ consumer: letter.consumer });
  for (const listener of listeners) {
    try {
      await listener(letter);
    } catch (error) {
      onError(error);
    }
  }
}

/** A delay that `abort()` ends early, so stop() never waits out a long backoff. */
export function abortableSleep(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  // Listeners are removed when the sleep ends, so long-lived signals collect none
  // (AbortSignal.any on them would, one per sleep).
  const watched = signals.filter((s): s is AbortSignal => s !== undefined);
  return new Promise((resolve) => {
    if (watched.some((s) => s.aborted)) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      for (const s of watched) s.removeEventListener('abort', done);
      resolve();
    }
    for (const s of watched) s.addEventListener('abort', done, { once: true });
  });
}

/**
 * The handler inside a consumer span that continues the trace the event carries (its
 * `traceparent`, from the NATS header or the envelope's metadata), so audit and mail
 * work shows up in the trace of the request that caused it.
 */
/** A batch's consumer span: child of its first event's trace, linked to the others'. */
export function tracedBatchHandler(durableName: string, handler: BatchHandler): BatchHandler {
  return (events) =>
    inSpan(
      `consume ${durableName} batch`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFrom(events[0]?.metadata),
        links: events.slice(1).map((event) => contextFrom(event.metadata)),
        attributes: {
          'messaging.system': 'nats',
          'messaging.consumer.group.name': durableName,
          'messaging.batch.message_count': events.length,
        },
      },
      () => handler(events),
    );
}

export function tracedHandler(durableName: string, handler: EventHandler): EventHandler {
  return (event, attempt) =>
    inSpan(
      `consume ${event.context}.${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFrom(event.metadata),
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': `events.${event.context}.${event.type}`,
          'messaging.consumer.group.name': durableName,
          'messaging.message.id': event.eventId,
          'soudan.delivery': attempt.number,
        },
      },
      () => handler(event, attempt),
    );
}
