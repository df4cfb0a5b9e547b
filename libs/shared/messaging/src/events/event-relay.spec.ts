import { randomUUID } from 'node:crypto';
import { eventually } from '../contract/eventually';
import type { ConsumerHandle, EventBus, EventEnvelope } from '../messaging.port';
import { MemoryEventStore } from '../testing/memory-event-store';
import { EventRelay } from './event-relay';

/** A bus that records what it was given and fails while `failing` is set. */
class RecordingBus implements EventBus {
  batches: EventEnvelope[][] = [];
  failing = false;
  attempts = 0;
  async publish(events: EventEnvelope[]): Promise<void> {
    this.attempts++;
    if (this.failing) throw new Error('nats: disconnected');
    this.batches.push(events);
  }
  get ids(): string[] {
    return this.batches.flat().map((e) => e.eventId);
  }
  async consume(): Promise<ConsumerHandle> {
    return { stop: async () => undefined };
  }
  onDeadLetter(): void {
    // The relay never listens for dead letters.
  }
  async deadLetters() {
    return [];
  }
  async ping() {
    return undefined;
  }
  async close() {
    return undefined;
  }
}

async function append(store: MemoryEventStore, count: number, stream = 'reservation-1'): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'ReservationRequested',
    data: { i },
    metadata: { correlationId: 'c', schemaVersion: 1 },
  }));
  await store.append(stream, events, 'any');
  return events.map((e) => e.eventId);
}

const relayFor = (
  store: MemoryEventStore,
  bus: EventBus,
  extra: Partial<ConstructorParameters<typeof EventRelay>[0]> = {},
) => new EventRelay({ store, bus, context: 'scheduling', retryMinMs: 5, retryMaxMs: 20, ...extra });

describe('EventRelay', () => {
  it('publishes what is already stored in batches, in order, then follows new appends', async () => {
    const store = new MemoryEventStore();
    const bus = new RecordingBus();
    const before = await append(store, 250);
    const relay = relayFor(store, bus);
    relay.start();
    await eventually(() => expect(bus.ids).toEqual(before));
    expect(Math.max(...bus.batches.map((b) => b.length))).toBeLessThanOrEqual(100);
    expect(bus.batches.length).toBeLessThan(250);
    const after = await append(store, 3);
    await eventually(() => expect(bus.ids).toEqual([...before, ...after]));
    await relay.stop();
    expect(await store.checkpoints.get('relay-scheduling')).toBe(store.events().at(-1)?.position);
  });

  it('retries the same events while the bus fails and skips none', async () => {
    const store = new MemoryEventStore();
    const bus = new RecordingBus();
    bus.failing = true;
    const ids = await append(store, 5);
    const relay = relayFor(store, bus);
    relay.start();
    await eventually(() => expect(bus.attempts).toBeGreaterThan(3));
    expect(await store.checkpoints.get('relay-scheduling')).toBeUndefined();
    bus.failing = false;
    await eventually(() => expect(bus.ids).toEqual(ids));
    await relay.stop();
  });

  it('keeps trying while the store is unreachable, then relays everything', async () => {
    const store = new MemoryEventStore();
    const bus = new RecordingBus();
    const errors: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_: object, msg?: string) => void errors.push(msg ?? ''),
    };
    const ids = await append(store, 2);
    store.available = false;
    const relay = relayFor(store, bus, { logger });
    relay.start();
    await eventually(() => expect(errors.length).toBeGreaterThan(1));
    expect(bus.ids).toEqual([]);
    store.available = true;
    await eventually(() => expect(bus.ids).toEqual(ids));
    await relay.stop();
  });

  it('does not publish again what the bus took when only the checkpoint save failed', async () => {
    const store = new MemoryEventStore();
    const bus = new RecordingBus();
    const put = store.checkpoints.put;
    let refuse = true;
    store.checkpoints.put = async (name, position) => {
      if (refuse) throw new Error('disk full');
      return put(name, position);
    };
    const relay = relayFor(store, bus);
    const first = await append(store, 2);
    relay.start();
    await eventually(() => expect(bus.ids).toEqual(first));
    refuse = false;
    const second = await append(store, 1);
    await eventually(() => expect(bus.ids).toEqual([...first, ...second]));
    expect(await store.checkpoints.get('relay-scheduling')).toBe(store.events().at(-1)?.position);
    await relay.stop();
  });

  it('only relays the streams it is told to, under the context it is given', async () => {
    const store = new MemoryEventStore();
    const bus = new RecordingBus();
    const relay = relayFor(store, bus, { streamPrefixes: ['reservation-'], checkpointName: 'outbox' });
    relay.start();
    await append(store, 1, 'access-log');
    const ids = await append(store, 1, 'reservation-9');
    await eventually(() => expect(bus.ids).toEqual(ids));
    expect(bus.batches[0][0]).toMatchObject({
      context: 'scheduling',
      streamId: 'reservation-9',
      type: 'ReservationRequested',
    });
    await relay.stop();
    expect(await store.checkpoints.get('outbox')).toBeDefined();
  });

  it('stops promptly even while the bus keeps failing', async () => {
    const store = new MemoryEventStore();
    const bus = new RecordingBus();
    bus.failing = true;
    await append(store, 1);
    const relay = relayFor(store, bus, { retryMinMs: 10_000, retryMaxMs: 10_000 });
    relay.start();
    await eventually(() => expect(bus.attempts).toBe(1));
    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops within its grace period when the bus never answers a batch, leaving it unpublished for the next start', async () => {
    // The in-process bus answers once its consumers handled the batch; one retrying against a store that is down never does.
    const store = new MemoryEventStore();
    let answered = 0;
    const stuck = new RecordingBus();
    stuck.publish = () => new Promise<void>(() => void answered++);
    await append(store, 3);
    const relay = relayFor(store, stuck, { stopGraceMs: 50 });
    relay.start();
    await eventually(() => expect(answered).toBe(1));
    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await store.checkpoints.get('relay-scheduling')).toBeUndefined();

    const bus = new RecordingBus();
    const next = relayFor(store, bus);
    next.start();
    await eventually(() => expect(bus.ids).toHaveLength(3));
    await next.stop();
  });
});
