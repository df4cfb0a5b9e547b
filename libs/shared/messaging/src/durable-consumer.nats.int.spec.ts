// The one consumer factory on a real NATS JetStream: the bus's delivery guarantees hold
// through it (ack after the handler, redelivery after a failure, poison to the dead-letter
// stream, ids already handled skipped, a durable resumes where it stopped) and an observer
// sees every handled and failed delivery; `pending()` is the consumer's lag.
import { startNatsServer, type TestNatsServer } from '@soudan/testing';
import { envelope, uniqueContext } from './contract/event-bus.contract';
import { eventually, settle } from './contract/eventually';
import { durableConsumer, type ConsumerDelivery, type ConsumerObserver } from './events/durable-consumer';
import { JetStreamEventBus } from './events/jetstream-event-bus';
import { PoisonMessageError, eventSubject, type EventEnvelope } from './messaging.port';
import { MemoryEventStore } from './testing/memory-event-store';

let nats: TestNatsServer;
let bus: JetStreamEventBus;

beforeAll(async () => {
  nats = await startNatsServer();
  bus = await JetStreamEventBus.connect({ url: nats.url, backoffMs: [100] });
});

afterAll(async () => {
  await bus?.close();
  await nats?.stop();
});

/** Counts what an observer is told, as a metrics hook would. */
class Counts implements ConsumerObserver {
  readonly ok: ConsumerDelivery[] = [];
  readonly bad: Array<ConsumerDelivery & { error: unknown }> = [];
  handled(delivery: ConsumerDelivery) {
    this.ok.push(delivery);
  }
  failed(delivery: ConsumerDelivery & { error: unknown }) {
    this.bad.push(delivery);
  }
}

describe('durableConsumer on NATS JetStream', () => {
  it('hands each event to the handler once, acks it after, and tells the observer; the lag falls to 0', async () => {
    const context = uniqueContext();
    const seen: EventEnvelope[] = [];
    const counts = new Counts();
    const consumer = durableConsumer(bus, {
      durable: `${context}-once`,
      subjects: [eventSubject(context, 'Happened')],
      inbox: new MemoryEventStore().inbox,
      handle: async (event) => {
        seen.push(event);
      },
      observer: counts,
    });
    await consumer.start();
    try {
      await bus.publish([1, 2, 3].map((n) => envelope(context, 'Happened', n)));
      await eventually(() => expect(seen).toHaveLength(3));
      await eventually(async () => expect(await consumer.pending()).toBe(0));
      await settle(400);
      expect(seen.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(counts.ok.map((d) => [d.durable, d.attempt.number])).toEqual([
        [`${context}-once`, 1],
        [`${context}-once`, 1],
        [`${context}-once`, 1],
      ]);
      expect(counts.bad).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });

  it('redelivers after a failure (attempt 2) and dead-letters a poison message, both seen as failed', async () => {
    const context = uniqueContext();
    const counts = new Counts();
    let failures = 0;
    const consumer = durableConsumer(bus, {
      durable: `${context}-retry`,
      subjects: [eventSubject(context, '>')],
      inbox: new MemoryEventStore().inbox,
      backoffMs: [100],
      handle: async (event, attempt) => {
        if (event.type === 'Poison') throw new PoisonMessageError('cannot be read');
        if (attempt.number === 1) {
          failures++;
          throw new Error('not yet');
        }
      },
    }).observe(counts);
    await consumer.start();
    try {
      await bus.publish([envelope(context, 'Flaky', 1), envelope(context, 'Poison', 2)]);
      await eventually(() => expect(counts.ok).toHaveLength(1));
      expect(counts.ok[0]).toMatchObject({ attempt: { number: 2 }, event: { type: 'Flaky' } });
      expect(failures).toBe(1);
      await eventually(async () =>
        expect((await bus.deadLetters()).filter((l) => l.consumer === `${context}-retry`)).toHaveLength(1),
      );
      expect(counts.bad.map((d) => d.event.type).sort()).toEqual(['Flaky', 'Poison']);
      expect(counts.bad.find((d) => d.event.type === 'Poison')?.error).toBeInstanceOf(PoisonMessageError);
    } finally {
      await consumer.stop();
    }
  });

  it('resumes where it stopped: what was published meanwhile comes after a restart, nothing twice', async () => {
    const context = uniqueContext();
    const inbox = new MemoryEventStore().inbox;
    const seen: number[] = [];
    const spec = {
      durable: `${context}-resume`,
      subjects: [eventSubject(context, 'Happened')],
      inbox,
      handle: async (event: EventEnvelope) => {
        seen.push((event.data as { n: number }).n);
      },
    };
    const first = durableConsumer(bus, spec);
    await first.start();
    await bus.publish([envelope(context, 'Happened', 1)]);
    await eventually(() => expect(seen).toEqual([1]));
    await first.stop();
    expect(first.running).toBe(false);

    await bus.publish([envelope(context, 'Happened', 2)]);
    const second = durableConsumer(bus, spec);
    await second.start();
    try {
      await eventually(() => expect(seen).toEqual([1, 2]));
      await settle(400);
      expect(seen).toEqual([1, 2]);
    } finally {
      await second.stop();
    }
  });

  it('an observer that throws changes nothing for the delivery', async () => {
    const context = uniqueContext();
    const seen: number[] = [];
    const consumer = durableConsumer(bus, {
      durable: `${context}-observer`,
      subjects: [eventSubject(context, 'Happened')],
      inbox: new MemoryEventStore().inbox,
      handle: async (event) => {
        seen.push((event.data as { n: number }).n);
      },
      observer: {
        handled: () => {
          throw new Error('metrics down');
        },
      },
    });
    await consumer.start();
    try {
      await bus.publish([envelope(context, 'Happened', 1)]);
      await eventually(() => expect(seen).toEqual([1]));
      await eventually(async () => expect(await consumer.pending()).toBe(0));
      await settle(400);
      expect(seen).toEqual([1]);
    } finally {
      await consumer.stop();
    }
  });
});
