// The real servers most integration test files run on: a nats-server and a PostgreSQL
// database of the file's own (a fresh name, so files may run side by side on one server).
import { startNatsServer, type TestNatsServer } from './nats-server';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from './postgres';

export interface TestServers {
  nats: TestNatsServer;
  postgres: TestPostgresServer;
  db: TestDatabase;
  /** Drops the database and stops both servers. */
  stop(): Promise<void>;
}

/** `database` prefixes the test database's name. */
export async function startTestServers(database: string): Promise<TestServers> {
  const [nats, postgres] = await Promise.all([startNatsServer(), startPostgres()]);
  let db: TestDatabase;
  try {
    db = await createTestDatabase(postgres, database);
  } catch (error) {
    await Promise.allSettled([nats.stop(), postgres.stop()]);
    throw error;
  }
  return {
    nats,
    postgres,
    db,
    stop: async () => {
      await db.drop();
      await nats.stop();
      await postgres.stop();
    },
  };
}
