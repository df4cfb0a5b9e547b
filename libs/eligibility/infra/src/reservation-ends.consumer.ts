// R54: scheduling's reservation ends, durably and once each, for the retention period
// (the inbox skips what was handled; the handler's deterministic event ids and its
// "nothing later than what is known" rule cover a crash between append and inbox).
import { RESERVATION_ENDS } from '@soudan/eligibility-application';
import { eventSubject } from '@soudan/messaging';
import { durableConsumerProvider } from '@soudan/platform';
import { SCHEDULING_CONTEXT } from '@soudan/scheduling-contracts';
import { EligibilityCore } from './eligibility-core';

export const RESERVATION_ENDS_CONSUMER = 'eligibility-reservation-ends';

export const reservationEndsConsumer = durableConsumerProvider({
  durable: RESERVATION_ENDS_CONSUMER,
  subjects: Object.keys(RESERVATION_ENDS).map((type) => eventSubject(SCHEDULING_CONTEXT, type)),
  handler: EligibilityCore,
  handle: (core) => (event) => core.reservationEnds.handle(event),
});
