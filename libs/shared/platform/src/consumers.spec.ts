// A consumer declared with durableConsumerProvider starts with the Nest application and
// stops with it, takes the events through its handler class, and reports to the
// service's CONSUMER_OBSERVER (the metrics hook) when one is provided.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FactoryProvider } from '@nestjs/common';
import type { EventStore, InboxStore } from '@soudan/event-store';
import {
  eventSubject,
  InProcessEventBus,
  NO_INBOX,
  type ConsumerDelivery,
  type DurableConsumer,
  type EventBus,
  type EventEnvelope,
} from '@soudan/messaging';
import { CONSUMER_OBSERVER, consumerToken, durableConsumerProvider } from './consumers';
import { EVENT_BUS, EVENT_STORE } from './runtime';

@Injectable()
class Greetings {
  readonly seen: string[] = [];
  async greet(event: EventEnvelope): Promise<void> {
    this.seen.push(event.eventId);
  }
}

const event = (eventId: string): EventEnvelope => ({
  eventId,
  context: 'test',
  type: 'Greeted',
  streamId: 'greeting-1',
  revision: 0,
  position: '1',
  recordedAt: new Date().toISOString(),
  data: {},
  metadata: { correlationId: 'c', schemaVersion: 1 },
});

describe('durableConsumerProvider', () => {
  it('starts with the application, hands events to its handler, reports to the observer, stops with it', async () => {
    const bus = new InProcessEventBus();
    const handled: ConsumerDelivery[] = [];
    @Module({
      providers: [
        { provide: EVENT_BUS, useValue: bus },
        { provide: EVENT_STORE, useValue: { inbox: undefined } },
        { provide: CONSUMER_OBSERVER, useValue: { handled: (d: ConsumerDelivery) => handled.push(d) } },
        Greetings,
        durableConsumerProvider({
          durable: 'greetings',
          subjects: [eventSubject('test', 'Greeted')],
          handler: Greetings,
          handle: (greetings) => (e) => greetings.greet(e),
        }),
      ],
    })
    class TestModule {}
    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    const consumer = app.get<DurableConsumer>(consumerToken('greetings'));
    expect(consumer.running).toBe(true);
    await bus.publish([event('e1'), event('e2')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.get(Greetings).seen).toEqual(['e1', 'e2']);
    expect(handled.map((d) => [d.durable, d.event.eventId])).toEqual([
      ['greetings', 'e1'],
      ['greetings', 'e2'],
    ]);
    await app.close();
    expect(consumer.running).toBe(false);
    await bus.close();
  });
});

/** Starts the consumer a provider makes against a bus that only notes what it was asked to consume. */
async function inboxOf(deduplicatedBy?: 'inbox' | 'handler'): Promise<{ used: unknown; store: InboxStore }> {
  const store: InboxStore = { has: async () => false, add: async () => undefined };
  let used: unknown;
  const bus = {
    consume: async (options: { inbox?: InboxStore }) => {
      used = options.inbox;
      return { stop: async () => undefined };
    },
  } as unknown as EventBus;
  const provider = durableConsumerProvider({
    durable: 'test',
    subjects: ['events.>'],
    handler: 'handler',
    handle: () => async () => undefined,
    ...(deduplicatedBy ? { deduplicatedBy } : {}),
  }) as FactoryProvider;
  const consumer = provider.useFactory(bus, { inbox: store } as unknown as EventStore, {}) as DurableConsumer;
  await consumer.start();
  return { used, store };
}

describe('durable consumers of a service', () => {
  it('look events up in the service store’s inbox by default', async () => {
    const { used, store } = await inboxOf();
    expect(used).toBe(store);
  });

  it('spend no inbox statements when the handler itself refuses a repeated event', async () => {
    const { used } = await inboxOf('handler');
    expect(used).toBe(NO_INBOX);
  });
});
