// Sends each notification once per event (R62), even when the event arrives twice:
// the notification's own stream is created with 'no_stream', so a second delivery
// finds it and sends nothing.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import { eventSubject, type ConsumerHandle, type EventBus, type EventEnvelope } from '@soudan/messaging';
import { requestReceived } from '@soudan/notification-domain';
import { EligibilityPatterns, type GetContactResult } from '@soudan/eligibility-contracts';
import { EVENT_BUS, EVENT_STORE, LOGGER, OFFICE, RPC_CLIENT, RUNTIME, type Logger, type OfficeSettings, type ServiceRuntime } from '@soudan/platform';
import type { RpcClient } from '@soudan/messaging';
import { SCHEDULING_CONTEXT, SchedulingEventTypes, type ReservationRequestedV1 } from '@soudan/scheduling-contracts';
import { MAILER } from './tokens';
import type { Mailer } from './mailer';

export const notificationStream = (sourceEventId: string) => `notification-${sourceEventId}`;

@Injectable()
export class NotificationConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await this.bus.consume(
      {
        durableName: 'notification',
        subjects: [eventSubject(SCHEDULING_CONTEXT, SchedulingEventTypes.ReservationRequested)],
        inbox: this.store.inbox,
      },
      (event) => this.handle_(event),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
  }

  private async handle_(event: EventEnvelope): Promise<void> {
    if (event.type !== SchedulingEventTypes.ReservationRequested) return;
    const streamId = notificationStream(event.eventId);
    if ((await this.store.readStream(streamId, { limit: 1 })).length > 0) return;
    const data = event.data as ReservationRequestedV1;
    // R54: contact data comes from eligibility's erasable store, never from the event.
    const contact = await this.rpc.request<GetContactResult>(EligibilityPatterns.getContact, { seekerId: data.seekerId }, { correlationId: event.metadata.correlationId });
    if (contact.erased) {
      this.logger.info({ eventId: event.eventId }, 'seeker erased; no mail');
      return;
    }
    const content = requestReceived(data, contact, this.office);
    await this.mailer.send({
      id: `request-received-${event.eventId}`.replace(/:/g, '-'),
      from: this.runtime.config.mailFrom,
      to: contact.email,
      subject: content.subject,
      text: content.text,
      headers: { 'X-Soudan-Reservation': data.reservationId },
    });
    await this.store.append(
      streamId,
      [
        {
          eventId: `${event.eventId}:mail`,
          type: 'NotificationSent',
          data: { template: 'request-received', reservationId: data.reservationId, sourceEventId: event.eventId, sentAt: new Date().toISOString() },
          metadata: { correlationId: event.metadata.correlationId, causationId: event.eventId, actor: 'system:notification', schemaVersion: 1 },
        },
      ],
      'no_stream',
    );
    this.logger.info({ eventId: event.eventId, template: 'request-received' }, 'notification sent');
  }
}
