// R15: a reservation is `invited` once its invitation (confirmation mail with the URL
// and the preparation guide) has actually gone out; notification says so by event.
import { Inject, Injectable } from '@nestjs/common';
import { eventSubject, type EventEnvelope } from '@soudan/messaging';
import { NOTIFICATION_CONTEXT, NotificationEventTypes, type NotificationSentV1 } from '@soudan/notification-contracts';
import { CLOCK, durableConsumerProvider } from '@soudan/platform';
import type { Scheduling } from '@soudan/scheduling-application';
import { DomainError } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import { RESERVATION_SERVICE } from './tokens';

export const INVITATION_TEMPLATE = 'reservation-confirmed';

@Injectable()
export class InvitationsConsumer {
  constructor(
    @Inject(RESERVATION_SERVICE) private readonly service: Scheduling,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onSent(event: EventEnvelope): Promise<void> {
    const sent = event.data as NotificationSentV1;
    if (sent.template !== INVITATION_TEMPLATE || !sent.reservationId) return;
    try {
      await this.service.step(
        sent.reservationId,
        'MarkInvited',
        {},
        {
          correlationId: event.metadata.correlationId,
          causationId: event.eventId,
          actor: 'system:notification',
          now: this.clock.now().toISOString(),
        },
      );
    } catch (error) {
      // A reservation this service does not know (another office's store) is not ours.
      if (error instanceof DomainError) return;
      throw error;
    }
  }
}

export const invitationsConsumer = durableConsumerProvider({
  durable: 'scheduling-invitations',
  subjects: [eventSubject(NOTIFICATION_CONTEXT, NotificationEventTypes.NotificationSent)],
  handler: InvitationsConsumer,
  handle: (consumer) => (event) => consumer.onSent(event),
});
