// Snapshots of read models over SQL (PostgreSQL and PGlite alike): one row per
// projection name in a table of the service's schema, beside its events but never
// among them, so readAll and subscribe cannot return one.
import { createHash } from 'node:crypto';
import type { Snapshot, SnapshotStore } from '../event-store.port';
import { snapshotText } from '../projection-snapshots';
import type { Migration } from './event-store-sql';
import type { SqlExecutor, SqlStatement } from './sql-executor';

/** The migration that adds the table; `schema` is already checked and quoted. */
export function snapshotsMigration(quotedSchema: string): Migration {
  return {
    version: 2,
    description: 'snapshots of read models',
    // json, not jsonb: the state is written and read whole, never queried inside, and
    // json keeps the text as sent (no decomposition on the way in, no re-encoding out).
    // A state of megabytes is compressed out of line (TOAST): lz4 where the server has
    // it (PostgreSQL 14+ built with lz4) writes about 3x and reads about 1.5x faster
    // than the default pglz; elsewhere (PGlite) the default stays.
    sql: `
      CREATE TABLE ${quotedSchema}.snapshots (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        version text NOT NULL,
        state json NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
      DO $lz4$ BEGIN
        EXECUTE 'ALTER TABLE ${quotedSchema}.snapshots ALTER COLUMN state SET COMPRESSION lz4';
      EXCEPTION WHEN OTHERS THEN NULL;
      END $lz4$;`,
  };
}

interface SnapshotSql {
  load: SqlStatement;
  save: SqlStatement;
}

const cache = new Map<string, SnapshotSql>();

function snapshotSql(schema: string): SnapshotSql {
  let built = cache.get(schema);
  if (!built) {
    const s = `"${schema}"`;
    const tag = createHash('sha1').update(`soudan-snapshots:${schema}`).digest().subarray(0, 4).toString('hex');
    built = {
      load: {
        name: `soudan_ss_${tag}_load`,
        text: `SELECT position, version, state FROM ${s}.snapshots WHERE name = $1`,
      },
      save: {
        name: `soudan_ss_${tag}_save`,
        text: `INSERT INTO ${s}.snapshots (name, position, version, state, saved_at) VALUES ($1, $2, $3, $4::json, now())
               ON CONFLICT (name) DO UPDATE
                 SET position = excluded.position, version = excluded.version, state = excluded.state, saved_at = excluded.saved_at`,
      },
    };
    cache.set(schema, built);
  }
  return built;
}

interface SnapshotRow {
  /** int8 arrives as a string from both executors. */
  position: string;
  version: string;
  /** Both drivers parse json columns. */
  state: unknown;
}

/** `schema` must have passed checkSchemaName (the store's EventStoreSql did). */
export function sqlSnapshotStore(db: SqlExecutor, schema: string): SnapshotStore {
  const sql = snapshotSql(schema);
  return {
    load: async (name: string): Promise<Snapshot | undefined> => {
      const [row] = await db.query<SnapshotRow>(sql.load, [name]);
      return row ? { position: BigInt(row.position), version: row.version, state: row.state } : undefined;
    },
    save: async (name: string, position: bigint, version: string, state: unknown): Promise<void> => {
      // Encoded before the first await: the caller may go on changing its model.
      const text = snapshotText(state);
      await db.query(sql.save, [name, position.toString(), version, text]);
    },
  };
}
