// The real servers under a gateway integration test file: a nats-server and a PostgreSQL
// database of its own, with a backbone (NATS connections and the gateway's store) for each
// gateway replica the file starts. One call in beforeAll, one in afterAll.
import {
  createTestDatabase,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
} from '@soudan/testing';
import { backbone, type TestBackbone } from './harness';

export interface GatewayTestServers {
  nats: TestNatsServer;
  db: TestDatabase;
  /** One more backbone on these servers, its own connections and store pool as a replica has. */
  backbone(): Promise<TestBackbone>;
  /** Closes every backbone, drops the database and stops both servers; what the file started on them goes first. */
  stop(): Promise<void>;
}

/** `database` prefixes the test database's name (one per file, so files may run side by side). */
export async function startServers(database: string): Promise<GatewayTestServers> {
  const [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
  let db: TestDatabase;
  try {
    db = await createTestDatabase(pg, database);
  } catch (error) {
    await Promise.allSettled([nats.stop(), pg.stop()]);
    throw error;
  }
  const backbones: TestBackbone[] = [];
  return {
    nats,
    db,
    backbone: async () => {
      const parts = await backbone(nats.url, db.url);
      backbones.push(parts);
      return parts;
    },
    stop: async () => {
      for (const parts of backbones.reverse()) await parts.close();
      await db.drop();
      await nats.stop();
      await pg.stop();
    },
  };
}
