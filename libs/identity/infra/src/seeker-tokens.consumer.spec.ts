// The consumer on its own: what it records for each eligibility event, and what it refuses
// as a poison message. On JetStream and PostgreSQL in the gateway's auth/seeker-tokens.int.spec.ts.
import type { FactoryProvider } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import { PoisonMessageError, type DurableConsumer, type EventBus, type EventEnvelope } from '@soudan/messaging';
import type { SeekerTokenEndings, SeekerTokensEndedV1 } from './seeker-token-endings';
import { SEEKER_TOKENS_CONSUMER, SeekerTokensConsumer, seekerTokensConsumer } from './seeker-tokens.consumer';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@soudan/platform';

function quietLogger(level: string): Logger {
  return createLogger({ name: 'test', level, destination: new Writable({ write: (_c, _e, done) => done() }) });
}

const SEEKER_ID = 'c4'.repeat(16);

const envelope = (type: string, data: Record<string, unknown>): EventEnvelope => ({
  eventId: `e-${type}`,
  context: 'eligibility',
  type,
  streamId: `seeker-${SEEKER_ID}`,
  revision: 3,
  position: '9',
  recordedAt: '2026-12-01T03:00:01.000Z',
  data,
  metadata: { correlationId: 'c', actor: 'staff:sato', schemaVersion: 1 },
});

describe('the seeker-tokens consumer', () => {
  const recorded: SeekerTokensEndedV1[] = [];
  const endings = { record: async (e: SeekerTokensEndedV1) => void recorded.push(e) } as unknown as SeekerTokenEndings;
  const consumer = new SeekerTokensConsumer(endings, quietLogger('silent'));

  beforeEach(() => (recorded.length = 0));

  it('R42: records a suspension as the end of the tokens signed in before it', async () => {
    await consumer.handle(
      envelope('SeekerSuspended', { seekerId: SEEKER_ID, suspendedAt: '2026-12-01T03:00:00.000Z' }),
    );
    expect(recorded).toEqual([
      {
        seekerId: SEEKER_ID,
        before: '2026-12-01T03:00:00.000Z',
        cause: 'SeekerSuspended',
        sourceEventId: 'e-SeekerSuspended',
      },
    ]);
  });

  it('R54: records an erasure the same way', async () => {
    await consumer.handle(envelope('SeekerErased', { seekerId: SEEKER_ID, erasedAt: '2026-12-01T04:00:00.000Z' }));
    expect(recorded).toMatchObject([{ cause: 'SeekerErased', before: '2026-12-01T04:00:00.000Z' }]);
  });

  it('records nothing for other events, and takes an unrecordable ending as a poison message (dead letter, no retries)', async () => {
    await consumer.handle(envelope('SuspensionLifted', { seekerId: SEEKER_ID, liftedAt: '2026-12-02T00:00:00.000Z' }));
    expect(recorded).toEqual([]);
    await expect(consumer.handle(envelope('SeekerErased', { erasedAt: '2026-12-01T04:00:00.000Z' }))).rejects.toThrow(
      PoisonMessageError,
    );
    await expect(consumer.handle(envelope('SeekerSuspended', { seekerId: SEEKER_ID }))).rejects.toThrow(
      PoisonMessageError,
    );
    expect(recorded).toEqual([]);
  });

  it('listens to exactly the suspensions and erasures, under one durable for every replica, with the store’s inbox', () => {
    const provider = seekerTokensConsumer as FactoryProvider<DurableConsumer>;
    const inbox = { has: async () => false, add: async () => undefined };
    const durable = provider.useFactory(
      {} as EventBus,
      { inbox } as unknown as EventStore,
      consumer,
    ) as DurableConsumer;
    expect(durable.spec).toMatchObject({
      durable: 'gateway-seeker-tokens',
      subjects: ['events.eligibility.SeekerSuspended', 'events.eligibility.SeekerErased'],
      inbox,
    });
    expect(provider.provide).toBe(`durable-consumer:${SEEKER_TOKENS_CONSUMER}`);
  });
});
