import { startNatsServer, type TestNatsServer } from '@soudan/testing';
import { relayAcrossNatsCrash } from './contract/nats-crash.scenario';
import { MemoryEventStore } from './testing/memory-event-store';

// A server of its own: this file kills it.
let nats: TestNatsServer;

beforeAll(async () => {
  nats = await startNatsServer();
});

afterAll(async () => {
  await nats?.stop();
});

describe('relay and consumer across a nats-server crash', () => {
  it('handles every event appended before, during and after a kill -9 exactly once', async () => {
    await relayAcrossNatsCrash(nats, new MemoryEventStore());
  });
});
