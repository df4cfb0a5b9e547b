// R54: when eligibility erases a seeker (`events.eligibility.SeekerErased`, on request or
// at the end of the retention period), the gateway deletes that seeker's device-data key:
// from then on nothing opens what the access record and the join link sealed for them.
// When the office lists the seeker again (`SeekerRegistered`), the erasure mark goes and
// what they do from then on is sealed with a new key. Durable, and idempotent by event id
// (the inbox) and by nature (deleting a deleted key changes nothing).
import { Inject, Injectable } from '@nestjs/common';
import { ELIGIBILITY_CONTEXT, EligibilityEventTypes } from '@soudan/eligibility-contracts';
import { eventSubject, PoisonMessageError, type EventEnvelope } from '@soudan/messaging';
import { durableConsumerProvider, LOGGER, type Logger } from '@soudan/platform';
import { DeviceDataSealer, isSeekerId } from './device-data-sealer';

export const DEVICE_DATA_ERASURE_CONSUMER = 'gateway-device-data-erasure';

@Injectable()
export class DeviceDataErasureConsumer {
  constructor(
    @Inject(DeviceDataSealer) private readonly sealer: DeviceDataSealer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One event (tests call it directly). */
  async handle(event: EventEnvelope): Promise<void> {
    const seekerId = (event.data as { seekerId?: unknown } | null)?.seekerId;
    if (!isSeekerId(seekerId)) throw new PoisonMessageError(`${event.type} ${event.eventId} names no seeker`);
    if (event.type === EligibilityEventTypes.SeekerErased) {
      await this.sealer.erase(seekerId);
      this.logger.info({ seekerId, eventId: event.eventId }, 'device-data key of an erased seeker destroyed');
    } else if (event.type === EligibilityEventTypes.SeekerRegistered) {
      await this.sealer.restore(seekerId);
    }
  }
}

export const deviceDataErasureConsumer = durableConsumerProvider({
  durable: DEVICE_DATA_ERASURE_CONSUMER,
  subjects: [
    eventSubject(ELIGIBILITY_CONTEXT, EligibilityEventTypes.SeekerErased),
    eventSubject(ELIGIBILITY_CONTEXT, EligibilityEventTypes.SeekerRegistered),
  ],
  handler: DeviceDataErasureConsumer,
  handle: (consumer) => (event) => consumer.handle(event),
});
