// R54: when eligibility erases a seeker (`events.eligibility.SeekerErased`, durable: an
// erasure while scheduling is down is handled when it is back), scheduling destroys its
// own key for that seeker, and with it every topic, reason and note the seeker wrote.
import { Inject, Injectable } from '@nestjs/common';
import { ELIGIBILITY_CONTEXT, EligibilityEventTypes } from '@soudan/eligibility-contracts';
import { eventSubject, PoisonMessageError, type EventEnvelope } from '@soudan/messaging';
import { durableConsumerProvider, LOGGER, type Logger } from '@soudan/platform';
import type { PersonalTexts } from '@soudan/scheduling-application';
import { PERSONAL_TEXTS } from './tokens';

export const SCHEDULING_ERASURE_CONSUMER = 'scheduling-erasure';

@Injectable()
export class ErasureConsumer {
  constructor(
    @Inject(PERSONAL_TEXTS) private readonly texts: PersonalTexts,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One event (tests call it directly). */
  async handle(event: EventEnvelope): Promise<void> {
    const seekerId = (event.data as { seekerId?: unknown } | null)?.seekerId;
    if (typeof seekerId !== 'string' || seekerId.length === 0 || seekerId.length > 200)
      throw new PoisonMessageError(`${event.type} ${event.eventId} names no seeker`);
    await this.texts.erase(seekerId);
    this.logger.info({ seekerId, eventId: event.eventId }, 'scheduling key of an erased seeker destroyed');
  }
}

export const erasureConsumer = durableConsumerProvider({
  durable: SCHEDULING_ERASURE_CONSUMER,
  subjects: [eventSubject(ELIGIBILITY_CONTEXT, EligibilityEventTypes.SeekerErased)],
  handler: ErasureConsumer,
  handle: (consumer) => (event) => consumer.handle(event),
});
