// The record of what notification owes and did, in its own event store (R62). A mail
// is owed once per (source event, recipient); the stream named after that pair is
// created with 'no_stream' when the mail went out or was skipped, so a redelivery, a
// second replica or a retry after a crash finds it and sends nothing again.
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore, type NewEvent } from '@soudan/event-store';
import type { EventEnvelope } from '@soudan/messaging';
import {
  NotificationEventTypes,
  type MailUndeliverableV1,
  type NotificationRecipientsListedV1,
  type NotificationSentV1,
  type NotificationSkippedV1,
} from '@soudan/notification-contracts';
import type { Clock } from '@soudan/time';

/** `notification-<eventId>`, or `notification-<eventId>:to-<seekerId>` for an event with many recipients. */
export const notificationStream = (sourceEventId: string, seekerId?: string) =>
  seekerId === undefined ? `notification-${sourceEventId}` : `notification-${sourceEventId}:to-${seekerId}`;

/** R60: the office's staff mail about an event, beside the seeker's mail about the same event. */
export const staffNotificationStream = (sourceEventId: string) => `notification-${sourceEventId}:to-staff`;

export interface Recipient {
  seekerId: string;
  reservationIds: string[];
}

export class DeliveryLedger {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** Whether the mail of this stream was sent or skipped already. */
  async settled(streamId: string): Promise<boolean> {
    return (await this.store.readStream(streamId, { limit: 1 })).length > 0;
  }

  async recordSent(
    streamId: string,
    source: EventEnvelope,
    data: Omit<NotificationSentV1, 'sentAt' | 'sourceEventId'>,
  ): Promise<void> {
    const sent: NotificationSentV1 = { ...data, sourceEventId: source.eventId, sentAt: this.now() };
    await this.createOnce(
      streamId,
      this.event(
        `${streamId.slice('notification-'.length)}:mail`,
        NotificationEventTypes.NotificationSent,
        sent,
        source,
      ),
    );
  }

  async recordSkipped(
    streamId: string,
    source: EventEnvelope,
    data: Omit<NotificationSkippedV1, 'skippedAt' | 'sourceEventId'>,
  ): Promise<void> {
    const skipped: NotificationSkippedV1 = { ...data, sourceEventId: source.eventId, skippedAt: this.now() };
    await this.createOnce(
      streamId,
      this.event(
        `${streamId.slice('notification-'.length)}:skipped`,
        NotificationEventTypes.NotificationSkipped,
        skipped,
        source,
      ),
    );
  }

  /**
   * R62: the mail of this stream could not be delivered. Settles the stream like a sent
   * mail, so a redelivery neither sends it nor raises it again; false when it was
   * settled already (another replica got there first).
   */
  async recordUndeliverable(
    streamId: string,
    source: EventEnvelope,
    data: Omit<MailUndeliverableV1, 'failedAt' | 'sourceEventId'>,
  ): Promise<boolean> {
    const undeliverable: MailUndeliverableV1 = { ...data, sourceEventId: source.eventId, failedAt: this.now() };
    return this.createOnce(
      streamId,
      this.event(
        `${streamId.slice('notification-'.length)}:undeliverable`,
        NotificationEventTypes.MailUndeliverable,
        undeliverable,
        source,
      ),
    );
  }

  /**
   * The recipients of an event with many, fixed by the first attempt: a retry after a
   * crash walks the same list, so nobody listed is skipped because their reservation
   * closed in the meantime, and the per-recipient streams say who was done.
   */
  async recipients(source: EventEnvelope, template: string, list: () => Promise<Recipient[]>): Promise<Recipient[]> {
    const streamId = notificationStream(source.eventId);
    const recorded = await this.listed(streamId);
    if (recorded) return recorded;
    const listedNow: NotificationRecipientsListedV1 = {
      template,
      sourceEventId: source.eventId,
      recipients: await list(),
      listedAt: this.now(),
    };
    const created = await this.createOnce(
      streamId,
      this.event(`${source.eventId}:recipients`, NotificationEventTypes.RecipientsListed, listedNow, source),
    );
    // Another replica listed them first: its list is the one the streams follow.
    return created ? listedNow.recipients : ((await this.listed(streamId)) ?? listedNow.recipients);
  }

  private async listed(streamId: string): Promise<Recipient[] | undefined> {
    const [first] = await this.store.readStream(streamId, { limit: 1 });
    if (!first) return undefined;
    return (first.data as NotificationRecipientsListedV1).recipients;
  }

  /** False when the stream already existed: the same work was recorded by someone else. */
  private async createOnce(streamId: string, event: NewEvent): Promise<boolean> {
    try {
      await this.store.append(streamId, [event], 'no_stream');
      return true;
    } catch (error) {
      // The same record with another timestamp is a duplicate id rather than a conflict.
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return false;
      throw error;
    }
  }

  private event(eventId: string, type: string, data: unknown, source: EventEnvelope): NewEvent {
    return {
      eventId,
      type,
      data,
      metadata: {
        correlationId: source.metadata.correlationId,
        causationId: source.eventId,
        actor: 'system:notification',
        schemaVersion: 1,
      },
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
