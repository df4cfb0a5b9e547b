import { envelope, uniqueContext } from '../contract/event-bus.contract';
import { eventually } from '../contract/eventually';
import { PoisonMessageError, type EventEnvelope } from '../messaging.port';
import { MemoryEventStore } from '../testing/memory-event-store';
import { DEAD_LETTER_EVENT_TYPE, InProcessEventBus } from './in-process-event-bus';

describe('InProcessEventBus', () => {
  it('resolves publish only after every matching consumer has finished', async () => {
    const bus = new InProcessEventBus();
    const ctx = uniqueContext();
    const done: string[] = [];
    await bus.consume({ durableName: 'slow', subjects: [`events.${ctx}.>`] }, async (e) => {
      await new Promise((r) => setTimeout(r, 30));
      done.push(`slow:${e.eventId}`);
    });
    await bus.consume({ durableName: 'fast', subjects: [`events.${ctx}.ReservationRequested`] }, async (e) => {
      done.push(`fast:${e.eventId}`);
    });
    const event = envelope(ctx, 'ReservationRequested', 1);
    await bus.publish([event]);
    expect(done.sort()).toEqual([`fast:${event.eventId}`, `slow:${event.eventId}`]);
    await bus.close();
  });

  it('appends dead letters to deadletter-<consumer> in the given store and reads them back', async () => {
    const store = new MemoryEventStore();
    const bus = new InProcessEventBus({ deadLetterStore: store, backoffMs: [1] });
    const ctx = uniqueContext();
    await bus.consume({ durableName: 'mailer', subjects: [`events.${ctx}.>`], maxDeliver: 2 }, async () => {
      throw new Error('SMTP 550');
    });
    const event = envelope(ctx, 'ConsentReceived', 1);
    await bus.publish([event]);
    const [stored] = await store.readStream('deadletter-mailer');
    expect(stored).toMatchObject({
      type: DEAD_LETTER_EVENT_TYPE,
      metadata: { causationId: event.eventId, correlationId: 'corr-1' },
    });
    expect(await bus.deadLetters()).toEqual([
      expect.objectContaining({ consumer: 'mailer', eventId: event.eventId, deliveries: 2, error: 'Error: SMTP 550' }),
    ]);
    await bus.close();
  });

  it('keeps a dead letter in memory when the store cannot take it', async () => {
    const store = new MemoryEventStore();
    const bus = new InProcessEventBus({ deadLetterStore: store });
    const ctx = uniqueContext();
    await bus.consume({ durableName: 'mailer', subjects: [`events.${ctx}.>`] }, async () => {
      store.available = false;
      throw new PoisonMessageError('unknown schemaVersion');
    });
    await bus.publish([envelope(ctx, 'ConsentReceived', 1)]);
    store.available = true;
    expect((await bus.deadLetters()).map((l) => l.error)).toEqual(['PoisonMessageError: unknown schemaVersion']);
    expect(await store.readStream('deadletter-mailer')).toEqual([]);
    await bus.close();
  });

  it('hands each handler its own copy, as the wire would', async () => {
    const bus = new InProcessEventBus();
    const ctx = uniqueContext();
    const seen: EventEnvelope[] = [];
    await bus.consume({ durableName: 'a', subjects: [`events.${ctx}.>`] }, async (e) => {
      (e.data as { n: number }).n = 99;
    });
    await bus.consume({ durableName: 'b', subjects: [`events.${ctx}.>`] }, async (e) => {
      seen.push(e);
    });
    await bus.publish([{ ...envelope(ctx, 'ReservationRequested', 1), data: { n: 1, at: new Date(0) } }]);
    await eventually(() => expect(seen[0].data).toEqual({ n: 1, at: '1970-01-01T00:00:00.000Z' }));
    await bus.close();
  });

  it('ends a backoff wait at once when the consumer stops, and keeps the event for its return', async () => {
    const bus = new InProcessEventBus();
    const ctx = uniqueContext();
    let calls = 0;
    const options = { durableName: 'retrying', subjects: [`events.${ctx}.>`], backoffMs: [60_000] };
    const handle = await bus.consume(options, async () => {
      calls++;
      if (calls === 1) throw new Error('transient');
    });
    const publishing = bus.publish([envelope(ctx, 'ReservationRequested', 1)]);
    await eventually(() => expect(calls).toBe(1));
    const started = Date.now();
    await handle.stop();
    await publishing;
    expect(Date.now() - started).toBeLessThan(5000);
    await bus.consume(options, async () => {
      calls++;
    });
    await eventually(() => expect(calls).toBe(2));
    await bus.close();
  });

  it('refuses to publish after close', async () => {
    const bus = new InProcessEventBus();
    await bus.close();
    await expect(bus.publish([envelope(uniqueContext(), 'X', 1)])).rejects.toThrow(/closed/);
    await expect(bus.ping()).rejects.toThrow(/closed/);
  });
});
