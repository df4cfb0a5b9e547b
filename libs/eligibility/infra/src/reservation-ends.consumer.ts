// R54: scheduling's reservation ends, durably and once each, for the retention period
// (the inbox skips what was handled; the handler's deterministic event ids and its
// "nothing later than what is known" rule cover a crash between append and inbox).
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RESERVATION_ENDS } from '@soudan/eligibility-application';
import type { EventStore } from '@soudan/event-store';
import { eventSubject, type ConsumerHandle, type EventBus } from '@soudan/messaging';
import { EVENT_BUS, EVENT_STORE } from '@soudan/platform';
import { SCHEDULING_CONTEXT } from '@soudan/scheduling-contracts';
import { EligibilityCore } from './eligibility-core';

export const RESERVATION_ENDS_CONSUMER = 'eligibility-reservation-ends';

@Injectable()
export class ReservationEndsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: ConsumerHandle;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(EligibilityCore) private readonly core: EligibilityCore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await this.bus.consume(
      {
        durableName: RESERVATION_ENDS_CONSUMER,
        subjects: Object.keys(RESERVATION_ENDS).map((type) => eventSubject(SCHEDULING_CONTEXT, type)),
        inbox: this.store.inbox,
      },
      (event) => this.core.reservationEnds.handle(event),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}
