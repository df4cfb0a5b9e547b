import { createTestDatabase, startPostgres } from '@soudan/testing';
import { describeAppendManyContract } from '../contract/append-many.contract';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const server = await startPostgres();
  const database = await createTestDatabase(server);
  const store = await PostgresEventStore.connect({ url: database.url, schema: 'contract', pollIntervalMs: 200 });
  return {
    store,
    dispose: async () => {
      await database.drop();
      await server.stop();
    },
  };
});

describeAppendManyContract('PostgreSQL', async () => {
  const server = await startPostgres();
  const database = await createTestDatabase(server);
  const store = await PostgresEventStore.connect({ url: database.url, schema: 'append_many', pollIntervalMs: 200 });
  return {
    store,
    dispose: async () => {
      await database.drop();
      await server.stop();
    },
  };
});
