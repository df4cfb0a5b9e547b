// Snapshots of read models over SQL (PostgreSQL and PGlite alike): one row per
// projection name in a table of the service's schema, beside its events but never
// among them, so readAll and subscribe cannot return one. That row holds the first
// part of the state; a state saved in more parts keeps the others in snapshot_parts,
// one row each, replaced in the same transaction.
import { createHash } from 'node:crypto';
import type { Snapshot, SnapshotStore } from '../event-store.port';
import { checkSnapshotParts, snapshotText } from '../projection-snapshots';
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

/** The migration that lets a snapshot be saved in parts (`parts` counts the row's own). */
export function snapshotPartsMigration(quotedSchema: string): Migration {
  return {
    version: 3,
    description: 'snapshots saved in parts',
    sql: `
      ALTER TABLE ${quotedSchema}.snapshots ADD COLUMN parts integer NOT NULL DEFAULT 1;
      CREATE TABLE ${quotedSchema}.snapshot_parts (
        name text NOT NULL,
        part integer NOT NULL,
        state json NOT NULL,
        PRIMARY KEY (name, part)
      );
      DO $lz4$ BEGIN
        EXECUTE 'ALTER TABLE ${quotedSchema}.snapshot_parts ALTER COLUMN state SET COMPRESSION lz4';
      EXCEPTION WHEN OTHERS THEN NULL;
      END $lz4$;`,
  };
}

/** Parts read per statement on load: enough to keep round trips few, few enough to bound the rows held at once. */
const PARTS_PER_READ = 16;

interface SnapshotSql {
  repeatableRead: SqlStatement;
  load: SqlStatement;
  loadParts: SqlStatement;
  save: SqlStatement;
  dropParts: SqlStatement;
  savePart: SqlStatement;
}

const cache = new Map<string, SnapshotSql>();

function snapshotSql(schema: string): SnapshotSql {
  let built = cache.get(schema);
  if (!built) {
    const s = `"${schema}"`;
    const tag = createHash('sha1').update(`soudan-snapshots:${schema}`).digest().subarray(0, 4).toString('hex');
    built = {
      // The row and its parts as of one moment, even while another replica saves.
      repeatableRead: { name: `soudan_ss_${tag}_rr`, text: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ' },
      load: {
        name: `soudan_ss_${tag}_load`,
        text: `SELECT position, version, state, parts FROM ${s}.snapshots WHERE name = $1`,
      },
      loadParts: {
        name: `soudan_ss_${tag}_load_parts`,
        text: `SELECT part, state FROM ${s}.snapshot_parts WHERE name = $1 AND part >= $2 ORDER BY part LIMIT $3`,
      },
      // The upsert locks the name's row, so two replicas saving at once take turns.
      save: {
        name: `soudan_ss_${tag}_save`,
        text: `INSERT INTO ${s}.snapshots (name, position, version, state, parts, saved_at)
               VALUES ($1, $2, $3, $4::json, $5, now())
               ON CONFLICT (name) DO UPDATE
                 SET position = excluded.position, version = excluded.version, state = excluded.state,
                     parts = excluded.parts, saved_at = excluded.saved_at`,
      },
      dropParts: { name: `soudan_ss_${tag}_drop_parts`, text: `DELETE FROM ${s}.snapshot_parts WHERE name = $1` },
      savePart: {
        name: `soudan_ss_${tag}_save_part`,
        text: `INSERT INTO ${s}.snapshot_parts (name, part, state) VALUES ($1, $2, $3::json)`,
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
  parts: number;
}

interface PartRow {
  part: number;
  state: unknown;
}

/** `schema` must have passed checkSchemaName (the store's EventStoreSql did). */
export function sqlSnapshotStore(db: SqlExecutor, schema: string): SnapshotStore {
  const sql = snapshotSql(schema);
  return {
    load: (name: string): Promise<Snapshot | undefined> =>
      db.transaction(async (tx) => {
        await tx.query(sql.repeatableRead);
        const [row] = await tx.query<SnapshotRow>(sql.load, [name]);
        if (!row) return undefined;
        const parts: unknown[] = [row.state];
        const count = Number(row.parts);
        while (parts.length < count) {
          const page = await tx.query<PartRow>(sql.loadParts, [name, parts.length, PARTS_PER_READ]);
          for (const { part, state } of page) {
            if (Number(part) !== parts.length) throw new Error(`snapshot "${name}" lacks its part ${parts.length}`);
            parts.push(state);
          }
          if (page.length < PARTS_PER_READ) break;
        }
        if (parts.length !== count) throw new Error(`snapshot "${name}" holds ${parts.length} of its ${count} parts`);
        return { position: BigInt(row.position), version: row.version, parts };
      }),
    save: async (name: string, position: bigint, version: string, parts: readonly unknown[]): Promise<void> => {
      checkSnapshotParts(parts);
      // The first part is encoded before the first await: a one-part state may be the
      // caller's model, which it goes on changing. Later parts are encoded one at a
      // time as they are written, so no text of the whole state is ever made.
      const first = snapshotText(parts[0]);
      await db.transaction(async (tx) => {
        await tx.query(sql.save, [name, position.toString(), version, first, parts.length]);
        await tx.query(sql.dropParts, [name]);
        for (let part = 1; part < parts.length; part += 1)
          await tx.query(sql.savePart, [name, part, snapshotText(parts[part])]);
      });
    },
  };
}
