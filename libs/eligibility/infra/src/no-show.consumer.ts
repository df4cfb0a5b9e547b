// R19, R21: scheduling's no-shows and terminated sessions, durably and once each (the
// inbox skips what was handled; the handler's deterministic event ids cover the crash
// between its append and the inbox entry).
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import { eventSubject, type ConsumerHandle, type EventBus } from '@soudan/messaging';
import { EVENT_BUS, EVENT_STORE } from '@soudan/platform';
import { SCHEDULING_CONTEXT, SchedulingEventTypes } from '@soudan/scheduling-contracts';
import { EligibilityCore } from './eligibility-core';

export const NO_SHOW_CONSUMER = 'eligibility-no-shows';

@Injectable()
export class NoShowConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(EligibilityCore) private readonly core: EligibilityCore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await this.bus.consume(
      {
        durableName: NO_SHOW_CONSUMER,
        subjects: [eventSubject(SCHEDULING_CONTEXT, SchedulingEventTypes.SessionNoShow), eventSubject(SCHEDULING_CONTEXT, SchedulingEventTypes.SessionTerminated)],
        inbox: this.store.inbox,
      },
      (event) => this.core.noShows.handle(event),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
  }
}
