import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { createTestDatabase, startNatsServer, startPostgres } from './index';

describe('test harness', () => {
  it('starts a real nats-server with JetStream that survives kill -9 and restart', async () => {
    const nats = await startNatsServer();
    try {
      let nc = await connect({ servers: nats.url });
      const info = nc.info;
      expect(info?.jetstream).toBe(true);
      await nc.close();
      await nats.kill();
      await nats.restart();
      nc = await connect({ servers: nats.url });
      expect(nc.info?.port).toBe(nats.port);
      await nc.close();
    } finally {
      await nats.stop();
    }
  });

  it('creates and drops a throwaway PostgreSQL database', async () => {
    const server = await startPostgres();
    const db = await createTestDatabase(server);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('select current_database() as name');
    expect(rows[0].name).toBe(db.name);
    await client.end();
    await db.drop();
    await server.stop();
  });

  it('runs a throwaway cluster with initdb/pg_ctl when DATABASE_URL is not set', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const server = await startPostgres();
      expect(server.adminUrl).not.toContain(':5432/');
      const db = await createTestDatabase(server);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('select 1 as one')).rows[0].one).toBe(1);
      await client.end();
      await server.stop();
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });
});
