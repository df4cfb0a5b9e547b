// What notification did with each e-mail reply to an offer (R61), in its own event
// store: one stream per (message, reservation), created once, so the same message
// delivered again is recognised and not handled twice (R62). Followed in memory for
// the staff queue of unreadable replies.
import { createHash } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type StoreSubscription,
} from '@soudan/event-store';
import {
  NotificationEventTypes,
  type InboundReplyConfirmedV1,
  type InboundReplyRefusedV1,
  type InboundReplyResolvedV1,
  type InboundReplyUnreadableV1,
  type UnreadableReplyView,
} from '@soudan/notification-contracts';
import type { Logger } from '@soudan/platform';

export const INBOUND_STREAM_PREFIX = 'notification-inbound-';

/** `notification-inbound-<id>` */
export const inboundReplyStream = (id: string) => `${INBOUND_STREAM_PREFIX}${id}`;

/** The id of one (message, reservation): the same Message-ID to the same offer is the same reply. */
export const inboundReplyId = (messageId: string, reservationId: string) =>
  createHash('sha256').update(`${messageId}\u0000${reservationId}`).digest('hex').slice(0, 32);

export type InboundOutcome =
  | { type: typeof NotificationEventTypes.InboundReplyConfirmed; data: InboundReplyConfirmedV1 }
  | { type: typeof NotificationEventTypes.InboundReplyRefused; data: InboundReplyRefusedV1 }
  | { type: typeof NotificationEventTypes.InboundReplyUnreadable; data: InboundReplyUnreadableV1 };

const FOLLOWED = [
  NotificationEventTypes.InboundReplyConfirmed,
  NotificationEventTypes.InboundReplyUnreadable,
  NotificationEventTypes.InboundReplyResolved,
];

export class InboundReplyLog {
  /** Unreadable replies staff have not dealt with, by id. */
  private readonly open = new Map<string, UnreadableReplyView>();
  private readonly resolved = new Set<string>();
  /** Latest confirmation by e-mail per reservation: it settles earlier unreadable replies to the same offer. */
  private readonly confirmedAt = new Map<string, string>();
  /** When the seeker was last sent the "could not read" answer, per reservation. */
  private readonly answeredAt = new Map<string, string>();
  private subscription?: StoreSubscription;
  private running?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
  ) {}

  /** Nest lifecycle: follows the store from the start of the service. */
  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.subscription) return;
    this.subscription = this.store.subscribe({ streamPrefixes: [INBOUND_STREAM_PREFIX], eventTypes: FOLLOWED });
    this.running = (async () => {
      try {
        for await (const event of this.subscription!) this.apply(event.streamId, event);
      } catch (error) {
        this.logger.error({ err: error }, 'inbound reply log stopped following the store');
      }
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.running;
  }

  /** Whether this (message, reservation) was handled already. */
  async handled(id: string): Promise<boolean> {
    return (await this.store.readStream(inboundReplyStream(id), { limit: 1 })).length > 0;
  }

  /** Records what was done; false when another delivery of the same message recorded it first. */
  async record(id: string, outcome: InboundOutcome, correlationId: string): Promise<boolean> {
    const event: NewEvent = {
      eventId: `inbound-${id}`,
      type: outcome.type,
      data: outcome.data,
      metadata: { correlationId, actor: 'system:notification', schemaVersion: 1 },
    };
    try {
      await this.store.append(inboundReplyStream(id), [event], 'no_stream');
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return false;
      throw error;
    }
    this.apply(inboundReplyStream(id), event);
    return true;
  }

  /** Staff dealt with an unreadable reply. False when there is no such reply; resolving twice is harmless. */
  async resolve(id: string, by: string, at: string, correlationId: string): Promise<boolean> {
    const stream = inboundReplyStream(id);
    const events = await this.store.readStream(stream);
    if (events[0]?.type !== NotificationEventTypes.InboundReplyUnreadable) return false;
    if (events.some((e) => e.type === NotificationEventTypes.InboundReplyResolved)) return true;
    const resolved: InboundReplyResolvedV1 = { by, resolvedAt: at };
    const event: NewEvent = {
      eventId: `inbound-${id}:resolved`,
      type: NotificationEventTypes.InboundReplyResolved,
      data: resolved,
      metadata: { correlationId, actor: by, schemaVersion: 1 },
    };
    try {
      await this.store.append(stream, [event], events.length - 1);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)) throw error;
    }
    this.apply(stream, event);
    return true;
  }

  /** The staff queue, oldest first. */
  unreadable(): UnreadableReplyView[] {
    return [...this.open.values()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  }

  /** Whether the seeker was sent the "could not read" answer for this offer since `since`: one is enough for a while. */
  answeredSince(reservationId: string, since: string): boolean {
    const last = this.answeredAt.get(reservationId);
    return last !== undefined && last >= since;
  }

  /** Applied from the subscription and right after a local append; applying twice changes nothing. */
  private apply(streamId: string, event: Pick<RecordedEvent, 'type' | 'data'>): void {
    const id = streamId.slice(INBOUND_STREAM_PREFIX.length);
    switch (event.type) {
      case NotificationEventTypes.InboundReplyUnreadable: {
        const data = event.data as InboundReplyUnreadableV1;
        if (data.answered && data.reservationId && !this.answeredSince(data.reservationId, data.receivedAt))
          this.answeredAt.set(data.reservationId, data.receivedAt);
        if (this.resolved.has(id)) return;
        const confirmed = data.reservationId ? this.confirmedAt.get(data.reservationId) : undefined;
        if (confirmed !== undefined && confirmed >= data.receivedAt) return;
        this.open.set(id, {
          id,
          receivedAt: data.receivedAt,
          ...(data.reservationId ? { reservationId: data.reservationId } : {}),
          reason: data.reason,
          ...(data.subject ? { subject: data.subject } : {}),
        });
        return;
      }
      case NotificationEventTypes.InboundReplyResolved:
        this.resolved.add(id);
        this.open.delete(id);
        return;
      case NotificationEventTypes.InboundReplyConfirmed: {
        const data = event.data as InboundReplyConfirmedV1;
        const before = this.confirmedAt.get(data.reservationId);
        if (before === undefined || before < data.receivedAt) this.confirmedAt.set(data.reservationId, data.receivedAt);
        for (const [openId, row] of this.open) {
          if (row.reservationId === data.reservationId && row.receivedAt <= data.receivedAt) this.open.delete(openId);
        }
        return;
      }
      default:
        return;
    }
  }
}
