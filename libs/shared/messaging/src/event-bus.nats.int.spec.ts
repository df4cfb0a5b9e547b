import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import { StoreUnavailableError } from '@soudan/event-store';
import { startNatsServer, type TestNatsServer } from '@soudan/testing';
import { envelope, eventBusContract, uniqueContext } from './contract/event-bus.contract';
import { eventually } from './contract/eventually';
import { durableForSubject } from './subjects';
import { JetStreamEventBus } from './events/jetstream-event-bus';
import type { DeliveryAttempt } from './messaging.port';
import { MemoryEventStore } from './testing/memory-event-store';

// A fresh nats-server per test file: the streams and durables of this file are its own.
let nats: TestNatsServer;

beforeAll(async () => {
  nats = await startNatsServer();
});

afterAll(async () => {
  await nats?.stop();
});

eventBusContract('NATS JetStream', () => ({
  // A short ack wait: what a stopped consumer had pulled and not handled comes back in seconds.
  bus: (options) =>
    JetStreamEventBus.connect({ url: nats.url, inbox: options?.inbox, backoffMs: [100], ackWaitMs: 3_000 }),
  store: async () => new MemoryEventStore(),
  backoffMs: [100],
  quietMs: 500,
}));

describe('JetStream event bus (NATS only)', () => {
  it('creates the streams with file storage, the duplicate window and the retention of the README', async () => {
    const bus = await JetStreamEventBus.connect({ url: nats.url });
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const events = (await jsm.streams.info('EVENTS')).config;
      expect(events).toMatchObject({
        subjects: ['events.>'],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
      });
      expect(events.duplicate_window).toBe(nanos(2 * 60_000));
      expect(events.max_age).toBe(nanos(30 * 24 * 3600_000));
      const dead = (await jsm.streams.info('DEAD_LETTERS')).config;
      expect(dead).toMatchObject({ subjects: ['deadletter.>'], storage: StorageType.File });
      expect(dead.max_age).toBe(nanos(365 * 24 * 3600_000));
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it('updates an existing stream whose settings differ', async () => {
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const shorter = await JetStreamEventBus.connect({
        url: nats.url,
        maxAgeMs: 3_600_000,
        duplicateWindowMs: 60_000,
      });
      await shorter.close();
      expect((await jsm.streams.info('EVENTS')).config).toMatchObject({
        max_age: nanos(3_600_000),
        duplicate_window: nanos(60_000),
      });
      const defaults = await JetStreamEventBus.connect({ url: nats.url });
      await defaults.close();
      expect((await jsm.streams.info('EVENTS')).config.max_age).toBe(nanos(30 * 24 * 3600_000));
    } finally {
      await nc.close();
    }
  });

  it('dead-letters a message whose body is not an event at once, and keeps consuming', async () => {
    const ctx = uniqueContext();
    const bus = await JetStreamEventBus.connect({ url: nats.url, backoffMs: [100] });
    const nc = await connect({ servers: nats.url });
    try {
      const seen: string[] = [];
      const handle = await bus.consume({ durableName: `${ctx}-reader`, subjects: [`events.${ctx}.>`] }, async (e) => {
        seen.push(e.eventId);
      });
      await jetstream(nc).publish(`events.${ctx}.Garbled`, '{"not json', { msgID: `${ctx}-garbled` });
      const good = envelope(ctx, 'ReservationRequested', 1);
      await bus.publish([good]);
      await eventually(() => expect(seen).toEqual([good.eventId]));
      await eventually(async () => {
        const letters = (await bus.deadLetters()).filter((l) => l.consumer === `${ctx}-reader`);
        expect(letters).toHaveLength(1);
        expect(letters[0]).toMatchObject({
          subject: `events.${ctx}.Garbled`,
          eventId: `${ctx}-garbled`,
          deliveries: 1,
          payload: '{"not json',
        });
      });
      await handle.stop();
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it('recreates a durable deleted under a running consumer and keeps consuming', async () => {
    const ctx = uniqueContext();
    const subject = `events.${ctx}.>`;
    const bus = await JetStreamEventBus.connect({ url: nats.url, backoffMs: [100] });
    const nc = await connect({ servers: nats.url });
    try {
      const seen: number[] = [];
      await bus.consume({ durableName: `${ctx}-reader`, subjects: [subject] }, async (e) => {
        seen.push((e.data as { n: number }).n);
      });
      await bus.publish([envelope(ctx, 'ReservationRequested', 1)]);
      await eventually(() => expect(seen).toEqual([1]));
      await (await jetstreamManager(nc)).consumers.delete('EVENTS', durableForSubject(`${ctx}-reader`, subject));
      await bus.publish([envelope(ctx, 'ReservationRequested', 2)]);
      // The recreated durable starts from the stream's beginning: 1 comes again (no inbox here).
      await eventually(() => expect(seen).toContain(2), 30_000, 100);
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it('keeps the count of outage deliveries across a restart of the consumer and on another replica', async () => {
    // Three deliveries fail because the store is down, then the service restarts. The
    // message must come back as its first counted try, not as its last (maxDeliver 3).
    const ctx = uniqueContext();
    const options = { durableName: `${ctx}-mailer`, subjects: [`events.${ctx}.>`], maxDeliver: 3 };
    const before = await JetStreamEventBus.connect({ url: nats.url, backoffMs: [50], ackWaitMs: 5_000 });
    let outages = 0;
    const handle = await before.consume(options, async () => {
      outages++;
      throw new StoreUnavailableError('the SMTP server is down');
    });
    await before.publish([envelope(ctx, 'ReservationConfirmed', 1)]);
    await eventually(() => expect(outages).toBe(3));
    await handle.stop();
    await before.close();

    const attempts: DeliveryAttempt[] = [];
    const replicas = await Promise.all(
      [1, 2].map(() => JetStreamEventBus.connect({ url: nats.url, backoffMs: [50], ackWaitMs: 5_000 })),
    );
    try {
      for (const replica of replicas) {
        await replica.consume(options, async (_event, attempt) => {
          attempts.push(attempt);
          if (attempts.length === 1) throw new Error('an ordinary failure after the outage');
        });
      }
      await eventually(() => expect(attempts).toHaveLength(2));
      expect(attempts).toEqual([
        { number: 1, last: false },
        { number: 2, last: false },
      ]);
      expect((await replicas[0].deadLetters()).filter((l) => l.consumer === options.durableName)).toEqual([]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
