// A service declares each of its event consumers with one provider: what it listens to and
// which handler takes the events. The consumer starts with the application and stops with
// it; the inbox is the service's store's; an observer under CONSUMER_OBSERVER (metrics)
// sees every consumer's deliveries.
import type { InjectionToken, Provider } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import {
  durableConsumer,
  NO_INBOX,
  type BatchHandler,
  type ConsumerObserver,
  type DurableConsumerSpec,
  type EventBus,
  type EventHandler,
} from '@soudan/messaging';
import { EVENT_BUS, EVENT_STORE } from './runtime';

/** Optional: an observer every durable consumer of the service reports to. */
export const CONSUMER_OBSERVER = Symbol('CONSUMER_OBSERVER');

/** The provider token of a durable consumer, to get it from the application (tests, metrics). */
export const consumerToken = (durable: string) => `durable-consumer:${durable}`;

export interface ConsumerProviderSpec<H> extends Omit<
  DurableConsumerSpec,
  'handle' | 'handleBatch' | 'inbox' | 'beforeStart'
> {
  /** The class (or token) that handles the events. */
  handler: InjectionToken<H>;
  handle: (handler: H) => EventHandler;
  beforeStart?: (handler: H) => Promise<void> | void;
  /** Optional: the handler's way to take several waiting events at once (DurableConsumerSpec.handleBatch). */
  handleBatch?: (handler: H) => BatchHandler;
  /**
   * What keeps a redelivered event from being handled twice: the service store's inbox
   * (the default), or the handler itself, when its effect is an append under an event
   * id derived from the event's (the store refuses a second one): then no inbox
   * statements are spent on every event.
   */
  deduplicatedBy?: 'inbox' | 'handler';
}

export function durableConsumerProvider<H>(spec: ConsumerProviderSpec<H>): Provider {
  const { handler, handle, handleBatch, beforeStart, observer, deduplicatedBy, ...rest } = spec;
  return {
    provide: consumerToken(spec.durable),
    useFactory: (bus: EventBus, store: EventStore, instance: H, shared?: ConsumerObserver) => {
      const consumer = durableConsumer(bus, {
        ...rest,
        inbox: deduplicatedBy === 'handler' ? NO_INBOX : store.inbox,
        handle: handle(instance),
        ...(handleBatch ? { handleBatch: handleBatch(instance) } : {}),
        ...(beforeStart ? { beforeStart: () => beforeStart(instance) } : {}),
        ...(observer ? { observer } : {}),
      });
      if (shared) consumer.observe(shared);
      return consumer;
    },
    inject: [EVENT_BUS, EVENT_STORE, handler, { token: CONSUMER_OBSERVER, optional: true }],
  };
}
