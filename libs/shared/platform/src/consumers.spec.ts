// A consumer declared with durableConsumerProvider starts with the Nest application and
// stops with it, takes the events through its handler class, and reports to the
// service's CONSUMER_OBSERVER (the metrics hook) when one is provided.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  eventSubject,
  InProcessEventBus,
  type ConsumerDelivery,
  type DurableConsumer,
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
