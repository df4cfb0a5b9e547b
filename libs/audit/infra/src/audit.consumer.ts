import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import type { ConsumerHandle, EventBus, EventEnvelope } from '@soudan/messaging';
import { EVENT_BUS, EVENT_STORE } from '@soudan/platform';
import { AUDIT_CONTEXT } from '@soudan/audit-contracts';
import { AUDITED, auditedFrom, auditStream } from './audit-record';

@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await this.bus.consume({ durableName: 'audit', subjects: ['events.>'], inbox: this.store.inbox }, (event) => this.record(event));
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
  }

  private async record(event: EventEnvelope): Promise<void> {
    // The audit service's own events are already in its store.
    if (event.context === AUDIT_CONTEXT) return;
    await this.store.append(
      auditStream(event.context),
      [
        {
          eventId: event.eventId,
          type: AUDITED,
          data: auditedFrom(event),
          metadata: { correlationId: event.metadata.correlationId, causationId: event.eventId, actor: 'system:audit', schemaVersion: 1 },
        },
      ],
      // Order within the copy follows delivery; the source position is kept in the data.
      'any',
    );
  }
}
