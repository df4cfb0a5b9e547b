// R54 across a backup: the per-seeker keys live apart from the events (a schema or a
// database of their own), so restoring an events backup taken before an erasure does not
// bring the erased words back; the read models rebuild from the restored events. Real
// PostgreSQL, real pg_dump and pg_restore.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { PostgresEventStore, sqlAccessOf } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { VaultPersonalTexts, type SchedulingSettings } from '@soudan/scheduling-application';
import { keySchemaOf, openSeekerKeyStore, SqlSeekerKeyStore, type OpenedKeyStore } from '@soudan/seeker-keys';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import {
  createTestDatabase,
  findBinary,
  postgresBinDirs,
  startPostgres,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { SchedulingProjection } from './scheduling.projection';
import { schedulingDriver } from './testing/scheduling-driver';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const quiet = createLogger({ name: 't', level: 'silent', destination: new Writable({ write: (_c, _e, d) => d() }) });
const settings: SchedulingSettings = {
  officeCode: '16070',
  officePhone: '076-475-0324',
  calendar: new BusinessCalendar(),
  slotMinutes: 30,
  defaultCapacity: 2,
  publicBaseUrl: 'http://localhost:3000',
};
const KEY = Buffer.alloc(32, 7);

/** pg_dump/pg_restore no older than the server (Debian's wrappers pick the newest installed). */
function tool(name: string): string {
  const found = findBinary(name, postgresBinDirs());
  if (!found) throw new Error(`${name} is needed for the backup test (apt-get install postgresql-client)`);
  return found;
}

describe('R54: erasure survives restoring a backup of the events', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let keysDb: TestDatabase;
  let raw: pg.Client;
  let work: string;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_backup');
    keysDb = await createTestDatabase(server, 'soudan_keys');
    raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    work = mkdtempSync(join(tmpdir(), 'soudan-backup-'));
  });

  afterAll(async () => {
    await raw?.end();
    await db?.drop();
    await keysDb?.drop();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function textOfSchemas(url: string, schemas: string[]): Promise<string> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let all = '';
      const tables = await client.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1)`,
        [schemas],
      );
      for (const t of tables.rows)
        all += JSON.stringify((await client.query(`SELECT * FROM "${t.table_schema}"."${t.table_name}"`)).rows);
      return all;
    } finally {
      await client.end();
    }
  }

  for (const placement of ['a schema of their own', 'a database of their own (KEY_STORE_URL)'] as const) {
    it(`R54: keys in ${placement}: an events-only backup restored after an erasure keeps the seeker erased; read models rebuild`, async () => {
      const schema = `ev_${randomUUID().slice(0, 8)}`;
      const keyStoreUrl = placement.startsWith('a database') ? keysDb.url : undefined;
      let store = await PostgresEventStore.connect({ url: db.url, schema });
      let opened: OpenedKeyStore = await openSeekerKeyStore(store, { namespace: 'scheduling', keyStoreUrl });
      const texts = new VaultPersonalTexts(opened.keys, KEY);
      const clock = new ManualClock('2026-11-25T01:00:00.000Z');
      const driver = schedulingDriver(store, clock, settings, { texts });
      const mark = randomUUID().slice(0, 8);
      const { id } = await driver.request(
        {
          officeCode: '16070',
          jobSeekerNumber: '16070-00000077',
          name: '滑川 次郎',
          email: 'jiro@example.jp',
          desiredSlots: ['2026-12-02T10:00:00+09:00'],
          topic: `転職の相談-${mark}`,
          onlineReason: `育児のため-${mark}`,
          ...readySeeker(),
        },
        { correlationId: 't', actor: 'seeker:t' },
      );
      const seekerId = (await driver.get(id)).seekerId;
      expect((await driver.get(id)).topic).toBe(`転職の相談-${mark}`);
      // The keys are not in the events' schema: a backup of that schema holds no key.
      const inEvents = await raw.query(`SELECT to_regclass($1) AS t`, [`"${schema}".seeker_keys`]);
      expect(inEvents.rows[0].t).toBeNull();

      // The nightly backup of the events (the schema only, as docs/operations.md says).
      const dump = join(work, `${schema}.dump`);
      execFileSync(tool('pg_dump'), ['--format=custom', `--schema=${schema}`, `--file=${dump}`, db.url]);

      // The seeker is erased after the backup: the key is destroyed.
      await texts.erase(seekerId);
      expect((await driver.get(id)).topic).toBe('');

      // Disaster: the events are lost and restored from that backup.
      await opened.close();
      await store.close();
      await raw.query(`DROP SCHEMA "${schema}" CASCADE`);
      execFileSync(tool('pg_restore'), ['--no-owner', `--dbname=${db.url}`, dump]);

      store = await PostgresEventStore.connect({ url: db.url, schema });
      opened = await openSeekerKeyStore(store, { namespace: 'scheduling', keyStoreUrl });
      const restored = schedulingDriver(store, clock, settings, { texts: new VaultPersonalTexts(opened.keys, KEY) });
      // The reservation is back, its words are not.
      const after = await restored.get(id);
      expect([after.status, after.topic]).toEqual(['requested', '']);
      const projection = new SchedulingProjection(store, quiet, { rebuild: true });
      await projection.start();
      expect(projection.reservations.get(id)).toMatchObject({ status: 'requested', topic: '' });
      await projection.stop();
      // Nowhere in clear: neither in the restored events nor beside the keys.
      const keysUrl = keyStoreUrl ?? db.url;
      expect(await textOfSchemas(db.url, [schema])).not.toContain(mark);
      expect(await textOfSchemas(keysUrl, [keySchemaOf(schema)])).not.toContain(mark);
      await opened.close();
      await store.close();
    });
  }

  it('R54: keys an earlier version kept beside the events move to their own place once, even with two processes starting together', async () => {
    const schema = `ev_${randomUUID().slice(0, 8)}`;
    const store = await PostgresEventStore.connect({ url: db.url, schema });
    const sql = sqlAccessOf(store)!;
    // As an earlier version left it: the key table in the events' schema.
    const legacy = await SqlSeekerKeyStore.open(sql.executor, schema);
    const written = new Map([...Array(20).keys()].map((n) => [`s-${n}`, { keyId: `k-${n}`, wrappedKey: `w-${n}` }]));
    await legacy.createMissing(written);

    for (const keyStoreUrl of [undefined, keysDb.url]) {
      const [a, b] = await Promise.all([
        openSeekerKeyStore(store, { namespace: 'scheduling', keyStoreUrl }),
        openSeekerKeyStore(store, { namespace: 'scheduling', keyStoreUrl }),
      ]);
      expect((await a.keys.find([...written.keys()])).size).toBe(written.size);
      expect((await b.keys.find(['s-3'])).get('s-3')).toEqual({ keyId: 'k-3', wrappedKey: 'w-3' });
      const left = await raw.query(`SELECT to_regclass($1) AS t`, [`"${schema}".seeker_keys`]);
      expect(left.rows[0].t).toBeNull();
      await Promise.all([a.close(), b.close()]);
      // For the second round (a database of its own): the keys are beside the events again, as before.
      if (!keyStoreUrl) {
        await raw.query(
          `CREATE TABLE "${schema}".seeker_keys AS SELECT * FROM "${keySchemaOf(schema)}".seeker_keys;
           ALTER TABLE "${schema}".seeker_keys ADD PRIMARY KEY (seeker_id);
           DROP TABLE "${keySchemaOf(schema)}".seeker_keys;`,
        );
      }
    }
    await store.close();
  });
});
