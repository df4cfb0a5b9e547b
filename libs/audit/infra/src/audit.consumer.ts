import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import type { ConsumerHandle, EventBus, EventEnvelope } from '@soudan/messaging';
import { EVENT_BUS, EVENT_STORE } from '@soudan/platform';
import { AuditTrail } from './audit-trail';

/**
 * Every event of every service, the audit service's own disclosure steps included
 * (R52: a disclosure is itself recorded), goes into the trail in the order it arrives.
 */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.trail.start();
    this.handle = await this.bus.consume({ durableName: 'audit', subjects: ['events.>'], inbox: this.store.inbox }, (event) => this.record(event));
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
  }

  private async record(event: EventEnvelope): Promise<void> {
    await this.trail.record({
      eventId: event.eventId,
      context: event.context,
      streamId: event.streamId,
      type: event.type,
      revision: event.revision,
      position: event.position,
      recordedAt: event.recordedAt,
      data: event.data,
      metadata: event.metadata,
    });
  }
}
