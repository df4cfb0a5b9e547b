// The same contracts with the real embedded store (PGlite) in place of the in-memory
// double: checkpoints, inbox and dead letters in SQL tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteEventStore } from '@soudan/event-store';
import { startNatsServer, type TestNatsServer } from '@soudan/testing';
import { eventBusContract } from './contract/event-bus.contract';
import { relayAcrossNatsCrash } from './contract/nats-crash.scenario';
import { InProcessEventBus } from './events/in-process-event-bus';

// One PGlite per file (its first open takes seconds); tests keep apart by stream
// prefix, durable and checkpoint names.
let dataDir: string;
let store: PgliteEventStore;
let nats: TestNatsServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'soudan-messaging-pglite-'));
  store = await PgliteEventStore.open({ dataDir });
  nats = await startNatsServer();
});

afterAll(async () => {
  await store?.close();
  await nats?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

eventBusContract('in-process bus, PGlite store', () => ({
  bus: async (options) => new InProcessEventBus({ inbox: options?.inbox, backoffMs: [20], deadLetterStore: store }),
  store: async () => store,
  backoffMs: [20],
  quietMs: 100,
}));

describe('relay on PGlite and NATS across a nats-server crash', () => {
  it('handles every event appended before, during and after a kill -9 exactly once', async () => {
    await relayAcrossNatsCrash(nats, store);
  });
});
