import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@soudan/messaging';
import type { SourceEvent } from '@soudan/audit-domain';
import { durableConsumerProvider } from '@soudan/platform';
import { AuditTrail } from './audit-trail';

/**
 * Every event of every service, the audit service's own disclosure steps included
 * (R52: a disclosure is itself recorded), goes into the trail in the order it arrives.
 */
@Injectable()
export class AuditConsumer {
  constructor(@Inject(AuditTrail) private readonly trail: AuditTrail) {}

  /** Before the first delivery: the trail reads what it already holds. */
  start(): Promise<void> {
    return this.trail.start();
  }

  async record(event: EventEnvelope): Promise<void> {
    await this.trail.record(sourceOf(event));
  }

  /** Events that waited together: one append for all (see AuditTrail.recordAll). */
  async recordAll(events: EventEnvelope[]): Promise<void> {
    await this.trail.recordAll(events.map(sourceOf));
  }
}

function sourceOf(event: EventEnvelope): SourceEvent {
  return {
    eventId: event.eventId,
    context: event.context,
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  };
}

export const auditConsumer = durableConsumerProvider({
  durable: 'audit',
  subjects: ['events.>'],
  handler: AuditConsumer,
  beforeStart: (consumer) => consumer.start(),
  handle: (consumer) => (event) => consumer.record(event),
  // Events come in bursts (a request's own, its mails' and the accesses around it): what
  // waits together is appended in one write.
  handleBatch: (consumer) => (events) => consumer.recordAll(events),
  // The trail's record of an event has an id derived from the event's (trailEventId): a
  // redelivery appends nothing (the store answers the first append, or refuses the id),
  // so the inbox's look-up and write on every event would only repeat that.
  deduplicatedBy: 'handler',
});
