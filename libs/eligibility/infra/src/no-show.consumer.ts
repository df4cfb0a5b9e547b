// R19, R21: scheduling's no-shows and terminated sessions, durably and once each (the
// inbox skips what was handled; the handler's deterministic event ids cover the crash
// between its append and the inbox entry).
import { eventSubject } from '@soudan/messaging';
import { durableConsumerProvider } from '@soudan/platform';
import { SCHEDULING_CONTEXT, SchedulingEventTypes } from '@soudan/scheduling-contracts';
import { EligibilityCore } from './eligibility-core';

export const NO_SHOW_CONSUMER = 'eligibility-no-shows';

export const noShowConsumer = durableConsumerProvider({
  durable: NO_SHOW_CONSUMER,
  subjects: [
    eventSubject(SCHEDULING_CONTEXT, SchedulingEventTypes.SessionNoShow),
    eventSubject(SCHEDULING_CONTEXT, SchedulingEventTypes.SessionTerminated),
  ],
  handler: EligibilityCore,
  handle: (core) => (event) => core.noShows.handle(event),
});
