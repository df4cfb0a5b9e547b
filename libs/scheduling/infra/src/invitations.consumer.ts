// R15: a reservation is `invited` once its invitation (confirmation mail with the URL
// and the preparation guide) has actually gone out; notification says so by event.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import { eventSubject, type ConsumerHandle, type EventBus, type EventEnvelope } from '@soudan/messaging';
import { NOTIFICATION_CONTEXT, NotificationEventTypes, type NotificationSentV1 } from '@soudan/notification-contracts';
import { CLOCK, EVENT_BUS, EVENT_STORE } from '@soudan/platform';
import type { ReservationService } from '@soudan/scheduling-application';
import { DomainError } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import { RESERVATION_SERVICE } from './tokens';

export const INVITATION_TEMPLATE = 'reservation-confirmed';

@Injectable()
export class InvitationsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(RESERVATION_SERVICE) private readonly service: ReservationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await this.bus.consume(
      { durableName: 'scheduling-invitations', subjects: [eventSubject(NOTIFICATION_CONTEXT, NotificationEventTypes.NotificationSent)], inbox: this.store.inbox },
      (event) => this.onSent(event),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
  }

  private async onSent(event: EventEnvelope): Promise<void> {
    const sent = event.data as NotificationSentV1;
    if (sent.template !== INVITATION_TEMPLATE || !sent.reservationId) return;
    try {
      await this.service.simple(
        sent.reservationId,
        { type: 'MarkInvited', data: {}, metadata: { now: this.clock.now().toISOString() } },
        { correlationId: event.metadata.correlationId, causationId: event.eventId, actor: 'system:notification' },
      );
    } catch (error) {
      // A reservation this service does not know (another office's store) is not ours.
      if (error instanceof DomainError) return;
      throw error;
    }
  }
}
