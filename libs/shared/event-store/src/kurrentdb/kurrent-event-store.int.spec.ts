// KurrentDB runs where one is reachable: KURRENTDB_URL, or a throwaway container where
// testcontainers finds a Docker engine. Elsewhere the suite is skipped, and says why.
import { randomUUID } from 'node:crypto';
import { dockerAvailable } from '@soudan/testing';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { StoreUnavailableError } from '../event-store.port';
import { KurrentEventStore } from './kurrent-event-store';

const IMAGE = process.env.KURRENTDB_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';

interface KurrentTarget {
  url: string;
  stop(): Promise<void>;
}

async function startKurrentContainer(): Promise<KurrentTarget> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_MEM_DB: 'true' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  return {
    url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}

const skipReason = process.env.KURRENTDB_URL
  ? undefined
  : (await dockerAvailable())
    ? undefined
    : 'no KURRENTDB_URL and no Docker engine (testcontainers)';

if (skipReason) {
  console.warn(`KurrentDB contract tests skipped: ${skipReason}`);
  describe.skip(`event store contract: KurrentDB — skipped: ${skipReason}`, () => {
    it.skip(`needs a KurrentDB server: set KURRENTDB_URL (e.g. kurrentdb://127.0.0.1:2113?tls=false) or run a Docker engine`, () =>
      undefined);
  });
} else {
  let target: KurrentTarget | undefined;
  const url = async () => {
    if (process.env.KURRENTDB_URL) return process.env.KURRENTDB_URL;
    target = await startKurrentContainer();
    return target.url;
  };

  // A namespace per run keeps this run's streams (and "all") apart on a shared server.
  describeEventStoreContract(
    'KurrentDB',
    async () => ({
      store: await KurrentEventStore.connect({ url: await url(), namespace: `contract${randomUUID().slice(0, 8)}` }),
      dispose: async () => {
        await target?.stop();
      },
    }),
    { indexesEventIds: false },
  );
}

describe('KurrentDB event store: when the server is unreachable', () => {
  it('fails to connect with StoreUnavailableError', async () => {
    await expect(
      KurrentEventStore.connect({
        url: 'kurrentdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1&discoveryInterval=10&gossipTimeout=1',
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
