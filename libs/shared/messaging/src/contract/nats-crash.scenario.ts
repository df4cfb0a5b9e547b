// The end-to-end promise of architecture.md under the crash it is meant to survive:
// nats-server killed with SIGKILL while a relay publishes and a consumer consumes.
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@soudan/event-store';
import type { TestNatsServer } from '@soudan/testing';
import { EventRelay } from '../events/event-relay';
import { JetStreamEventBus } from '../events/jetstream-event-bus';
import { eventually, settle } from './eventually';

export async function relayAcrossNatsCrash(nats: TestNatsServer, store: EventStore): Promise<void> {
  const context = `crash${randomUUID().slice(0, 8)}`;
  const producer = await JetStreamEventBus.connect({ url: nats.url, publishTimeoutMs: 1000, name: 'crash-producer' });
  const consumer = await JetStreamEventBus.connect({
    url: nats.url,
    inbox: store.inbox,
    backoffMs: [100],
    pullExpiresMs: 5000,
    name: 'crash-consumer',
  });
  const relay = new EventRelay({
    store,
    bus: producer,
    context,
    streamPrefixes: [`${context}-`],
    retryMinMs: 50,
    retryMaxMs: 500,
  });
  const handled = new Map<string, number>();
  const handle = await consumer.consume(
    { durableName: `${context}-audit`, subjects: [`events.${context}.>`] },
    async (e) => {
      handled.set(e.eventId, (handled.get(e.eventId) ?? 0) + 1);
    },
  );
  const appended: string[] = [];
  const append = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const eventId = randomUUID();
      const event = {
        eventId,
        type: 'ReservationRequested',
        data: { i },
        metadata: { correlationId: eventId, schemaVersion: 1 },
      };
      await store.append(`${context}-reservation-${appended.length % 7}`, [event], 'any');
      appended.push(eventId);
    }
  };
  const allHandled = () => expect(appended.filter((id) => !handled.has(id))).toEqual([]);

  try {
    relay.start();
    await append(30);
    await eventually(allHandled, 20_000);

    let writing = true;
    const writer = (async () => {
      while (writing) {
        await append(1);
        await settle(10);
      }
    })();
    await settle(200);
    await nats.kill();
    await settle(1500);
    await nats.restart();
    await settle(500);
    writing = false;
    await writer;

    await append(30);
    await eventually(allHandled, 60_000, 100);
    await settle(1000);
    expect([...handled].filter(([, n]) => n !== 1)).toEqual([]);
    expect(handled.size).toBe(appended.length);
  } finally {
    await relay.stop();
    await handle.stop();
    await consumer.close();
    await producer.close();
  }
}
