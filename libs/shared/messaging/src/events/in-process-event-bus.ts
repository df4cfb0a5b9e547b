// The embedded default's event bus. No broker holds the events, so `publish` resolves
// only when every matching consumer has finished with them (handled, or
// dead-lettered): the relay then saves its checkpoint, and after a crash it publishes
// again from there, which the inbox (and the duplicate window below) makes harmless.
import { randomUUID } from 'node:crypto';
import type { EventStore, InboxStore } from '@soudan/event-store';
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
import { assertConsumerFilters, subjectMatches } from '../subjects';
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
} from './delivery';
import { subjectOf } from './envelope';

export const DEAD_LETTER_STREAM_PREFIX = 'deadletter-';
export const DEAD_LETTER_EVENT_TYPE = 'MessageDeadLettered';

export interface InProcessEventBusOptions {
  /** Dead letters are appended to `deadletter-<consumer>` streams here; kept in memory without it. */
  deadLetterStore?: EventStore;
  /** Default inbox for consumers that do not bring their own. */
  inbox?: InboxStore;
  logger?: MessagingLogger;
  /** Replaces every consumer's backoff schedule (tests shorten it). */
  backoffMs?: number[];
  /** Same event id published again within this window is dropped, as JetStream does. Default 2 min. */
  duplicateWindowMs?: number;
}

interface Durable {
  name: string;
  options: ConsumerOptions;
  handlers: EventHandler[];
  /** The batch handler that came with a handler (ConsumerOptions.batch), if any. */
  batchers: Map<EventHandler, BatchHandler>;
  turn: number;
  /** Events that arrived while no handler was registered (a stop/start within the process). */
  backlog: EventEnvelope[];
  /** One chain of deliveries per lane (ConsumerOptions.lanes); one without lanes. */
  tails: Array<Promise<void>>;
  /** Aborted when the last handler stops, so a backoff wait ends at once. */
  idle: AbortController;
}

/**
 * Keeps no history: a durable receives what is published after its first consume(), so
 * register consumers before starting relays. A stopped durable collects events in
 * memory until it consumes again.
 */
export class InProcessEventBus implements EventBus {
  private readonly durables = new Map<string, Durable>();
  private readonly listeners: Array<(letter: DeadLetter) => void | Promise<void>> = [];
  private readonly memoryLetters: DeadLetter[] = [];
  private readonly recent = new Map<string, number>();
  private readonly closing = new AbortController();
  private readonly logger: MessagingLogger;
  private readonly duplicateWindowMs: number;

  constructor(private readonly options: InProcessEventBusOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.duplicateWindowMs = options.duplicateWindowMs ?? 120_000;
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    if (this.closing.signal.aborted) throw new Error('the in-process event bus is closed');
    const matched = new Map<Durable, EventEnvelope[]>();
    for (const event of events) {
      if (this.seenRecently(event.eventId)) continue;
      const subject = subjectOf(event);
      for (const durable of this.durables.values()) {
        if (durable.options.subjects.some((filter) => subjectMatches(filter, subject))) {
          const list = matched.get(durable);
          if (list) list.push(event);
          else matched.set(durable, [event]);
        }
      }
    }
    const work: Array<Promise<void>> = [];
    for (const [durable, list] of matched) {
      if (list.length > 1 && durable.options.batch) {
        // A batching consumer takes the events of one publish together (ConsumerOptions.batch).
        const max = batchMaxOf(durable.options);
        for (let i = 0; i < list.length; i += max) work.push(this.enqueueBatch(durable, list.slice(i, i + max)));
      } else {
        for (const event of list) work.push(this.enqueue(durable, event));
      }
    }
    await Promise.all(work);
  }

  async consume(options: ConsumerOptions, untraced: EventHandler): Promise<ConsumerHandle> {
    const handler = tracedHandler(options.durableName, untraced);
    assertConsumerFilters(options.durableName, options.subjects);
    const lanes = laneCountOf(options);
    if (this.closing.signal.aborted) throw new Error('the in-process event bus is closed');
    let durable = this.durables.get(options.durableName);
    if (!durable) {
      durable = {
        name: options.durableName,
        options,
        handlers: [],
        batchers: new Map(),
        turn: 0,
        backlog: [],
        tails: [],
        idle: new AbortController(),
      };
      this.durables.set(options.durableName, durable);
    }
    durable.options = options;
    for (let lane = durable.tails.length; lane < lanes; lane++) durable.tails.push(Promise.resolve());
    durable.handlers.push(handler);
    if (options.batch) durable.batchers.set(handler, tracedBatchHandler(options.durableName, options.batch.handle));
    if (durable.handlers.length === 1) {
      durable.idle = new AbortController();
      for (const event of durable.backlog.splice(0)) void this.enqueue(durable, event);
    }
    const d = durable;
    let stopped = false;
    return {
      stop: async () => {
        if (stopped) return;
        stopped = true;
        d.handlers = d.handlers.filter((h) => h !== handler);
        d.batchers.delete(handler);
        if (d.handlers.length === 0) d.idle.abort();
        await Promise.all(d.tails);
      },
    };
  }

  onDeadLetter(listener: (letter: DeadLetter) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const store = this.options.deadLetterStore;
    if (!store) return [...this.memoryLetters];
    const letters: DeadLetter[] = [];
    let after: bigint | undefined;
    for (;;) {
      const page = await store.readAll({ after, limit: 1000 });
      if (page.length === 0) break;
      for (const event of page) {
        if (event.streamId.startsWith(DEAD_LETTER_STREAM_PREFIX) && event.type === DEAD_LETTER_EVENT_TYPE)
          letters.push(event.data as DeadLetter);
      }
      after = page[page.length - 1].position;
    }
    // Letters whose append failed are still reported.
    return [...letters, ...this.memoryLetters];
  }

  async ping(): Promise<void> {
    if (this.closing.signal.aborted) throw new Error('the in-process event bus is closed');
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.durables.values()].flatMap((d) => d.tails));
  }

  private seenRecently(eventId: string): boolean {
    const now = Date.now();
    for (const [id, at] of this.recent) {
      if (now - at <= this.duplicateWindowMs) break;
      this.recent.delete(id);
    }
    if (this.recent.has(eventId)) return true;
    this.recent.set(eventId, now);
    return false;
  }

  private enqueue(durable: Durable, event: EventEnvelope): Promise<void> {
    const lane = laneOf(durable.options, laneCountOf(durable.options), event);
    const run = durable.tails[lane].then(() => this.deliver(durable, event));
    durable.tails[lane] = run.catch(() => undefined);
    return run;
  }

  private enqueueBatch(durable: Durable, events: EventEnvelope[]): Promise<void> {
    const run = durable.tails[0].then(() => this.deliverBatch(durable, events));
    durable.tails[0] = run.catch(() => undefined);
    return run;
  }

  /**
   * Hands the events to the next handler's batch handler, as copies; if it has none, or
   * the batch fails, each event takes the single path (retries, dead letters). Never rejects.
   */
  private async deliverBatch(durable: Durable, events: EventEnvelope[]): Promise<void> {
    if (!this.active(durable)) {
      durable.backlog.push(...events);
      return;
    }
    const handler = durable.handlers[durable.turn % durable.handlers.length];
    const batcher = durable.batchers.get(handler);
    const inbox = durable.options.inbox ?? this.options.inbox;
    let handled = false;
    let todo = events;
    if (batcher) {
      durable.turn++;
      try {
        todo = await notYetHandled(inbox, durable.name, events, (event) => event.eventId);
        if (todo.length > 0) await batcher(todo.map((event) => JSON.parse(JSON.stringify(event)) as EventEnvelope));
        handled = true;
      } catch (error) {
        this.logger.warn(
          { err: error, consumer: durable.name, events: events.length },
          'batch handler failed; delivering its events one by one',
        );
      }
    }
    if (!handled) {
      for (const event of events) await this.deliver(durable, event);
      return;
    }
    for (const event of todo) await markHandled(inbox, durable.name, event.eventId, this.logger);
  }

  private active(durable: Durable): boolean {
    return durable.handlers.length > 0 && !this.closing.signal.aborted;
  }

  /** Never rejects: a failure ends in a retry, the backlog or the dead-letter stream. */
  private async deliver(durable: Durable, event: EventEnvelope): Promise<void> {
    const { options } = durable;
    const inbox = options.inbox ?? this.options.inbox;
    const maxDeliver = maxDeliverOf(options);
    const schedule = this.options.backoffMs ?? options.backoffMs;
    // Failures of the message count towards maxDeliver; outages of a dependency do not.
    let failures = 0;
    let outages = 0;
    for (;;) {
      if (!this.active(durable)) {
        durable.backlog.push(event);
        return;
      }
      const handler = durable.handlers[durable.turn++ % durable.handlers.length];
      try {
        if (inbox && (await inbox.has(durable.name, event.eventId))) return;
        await handler(JSON.parse(JSON.stringify(event)) as EventEnvelope, {
          number: failures + 1,
          last: failures + 1 >= maxDeliver,
        });
      } catch (error) {
        const unavailable = isUnavailable(error);
        if (unavailable) outages++;
        else failures++;
        if (isFinalFailure(error, failures, maxDeliver)) {
          await this.deadLetter(durable.name, event, failures + outages, error);
          return;
        }
        const delay = backoffAfter({ backoffMs: schedule }, unavailable ? outages : failures);
        this.logger.warn(
          {
            err: error,
            consumer: durable.name,
            eventId: event.eventId,
            delivery: failures + outages,
            retryInMs: delay,
          },
          'event handler failed; will retry',
        );
        await abortableSleep(delay, durable.idle.signal, this.closing.signal);
        continue;
      }
      await markHandled(inbox, durable.name, event.eventId, this.logger);
      return;
    }
  }

  private async deadLetter(consumer: string, event: EventEnvelope, deliveries: number, error: unknown): Promise<void> {
    const letter: DeadLetter = {
      consumer,
      subject: subjectOf(event),
      eventId: event.eventId,
      deliveries,
      error: describeError(error),
      payload: JSON.stringify(event),
      at: new Date().toISOString(),
    };
    this.logger.error(
      { consumer, eventId: event.eventId, deliveries, error: letter.error },
      'event moved to the dead-letter stream',
    );
    const store = this.options.deadLetterStore;
    if (store) {
      try {
        await store.append(
          `${DEAD_LETTER_STREAM_PREFIX}${consumer}`,
          [
            {
              eventId: randomUUID(),
              type: DEAD_LETTER_EVENT_TYPE,
              data: letter,
              metadata: {
                correlationId: event.metadata?.correlationId ?? randomUUID(),
                causationId: event.eventId,
                actor: 'system:messaging',
                schemaVersion: 1,
              },
            },
          ],
          'any',
        );
      } catch (appendError) {
        this.logger.error(
          { err: appendError, consumer, eventId: event.eventId },
          'could not store the dead letter; keeping it in memory',
        );
        this.memoryLetters.push(letter);
      }
    } else {
      this.memoryLetters.push(letter);
    }
    await notifyDeadLetter(this.listeners, letter, (listenerError) =>
      this.logger.error({ err: listenerError, consumer, eventId: event.eventId }, 'a dead-letter listener failed'),
    );
  }
}
