// Issue 9, R42, R54: eligibility's `SeekerSuspended` and `SeekerErased`, on JetStream (or
// the embedded bus), become "this seeker's tokens signed in before T are ended" in the
// gateway's own store, where the AuthGuard of every replica reads it (seeker-token-endings.ts).
// One durable for all replicas: each event is handled once, and its record is there for all.
// Idempotent by event id twice over: the inbox, and a record id derived from the event's.
import { Inject, Injectable } from '@nestjs/common';
import { ELIGIBILITY_CONTEXT, EligibilityEventTypes } from '@soudan/eligibility-contracts';
import { eventSubject, PoisonMessageError, type EventEnvelope } from '@soudan/messaging';
import { durableConsumerProvider, LOGGER, type Logger } from '@soudan/platform';
import { endingOf, SeekerTokenEndings } from './seeker-token-endings';

export const SEEKER_TOKENS_CONSUMER = 'gateway-seeker-tokens';

@Injectable()
export class SeekerTokensConsumer {
  constructor(
    @Inject(SeekerTokenEndings) private readonly endings: SeekerTokenEndings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One event (tests call it directly). */
  async handle(event: EventEnvelope): Promise<void> {
    let ending: ReturnType<typeof endingOf>;
    try {
      ending = endingOf(event);
    } catch (error) {
      // Nothing could ever record it: a dead letter (staff see it among the alerts), not retries.
      throw new PoisonMessageError((error as Error).message, { cause: error });
    }
    if (!ending) return;
    await this.endings.record(ending);
    this.logger.info(
      { seekerId: ending.seekerId, cause: ending.cause, before: ending.before, eventId: event.eventId },
      "a seeker's tokens ended",
    );
  }
}

export const seekerTokensConsumer = durableConsumerProvider({
  durable: SEEKER_TOKENS_CONSUMER,
  subjects: [
    eventSubject(ELIGIBILITY_CONTEXT, EligibilityEventTypes.SeekerSuspended),
    eventSubject(ELIGIBILITY_CONTEXT, EligibilityEventTypes.SeekerErased),
  ],
  handler: SeekerTokensConsumer,
  handle: (consumer) => (event) => consumer.handle(event),
});
