// Snapshots of read models over SQL (PostgreSQL and PGlite alike): one row per
// projection name in a table of the service's schema, beside its events but never
// among them, so readAll and subscribe cannot return one. That row holds the first
// part of the state; a state saved in more parts keeps the others in snapshot_parts,
// under a generation (a random id) the row names.
//
// No transaction stays open across the parts, in saving or in loading: the store's
// readAll holds back events of transactions newer than the oldest open one on the
// server (event-store-sql.ts), so a save of a national model (hundreds of MB, seconds)
// in one transaction would hold every relay and projection of the database back for as
// long. Instead the parts are written one statement each under a new generation, and
// one statement then points the row at it and drops the generation it replaces; a load
// reads the row, then its generation's parts, and starts over once if a save replaced
// them meanwhile.
import { createHash, randomUUID } from 'node:crypto';
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

/**
 * The migration that lets a snapshot be saved in parts: `parts` counts the row's own,
 * `generation` names the other parts' rows (null for a snapshot of one part).
 */
export function snapshotPartsMigration(quotedSchema: string): Migration {
  return {
    version: 3,
    description: 'snapshots saved in parts',
    sql: `
      ALTER TABLE ${quotedSchema}.snapshots ADD COLUMN parts integer NOT NULL DEFAULT 1;
      ALTER TABLE ${quotedSchema}.snapshots ADD COLUMN generation text;
      CREATE TABLE ${quotedSchema}.snapshot_parts (
        name text NOT NULL,
        generation text NOT NULL,
        part integer NOT NULL,
        state json NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, generation, part)
      );
      DO $lz4$ BEGIN
        EXECUTE 'ALTER TABLE ${quotedSchema}.snapshot_parts ALTER COLUMN state SET COMPRESSION lz4';
      EXCEPTION WHEN OTHERS THEN NULL;
      END $lz4$;`,
  };
}

/** Parts read per statement on load: enough to keep round trips few, few enough to bound the rows held at once. */
const PARTS_PER_READ = 16;

/**
 * Parts of a generation no row names (a save that stopped half way, or lost a race
 * with another replica's) are dropped by a later save once they are this old: long
 * after any save still writing them would have finished.
 */
const ORPHANED_AFTER = '1 hour';

interface SnapshotSql {
  load: SqlStatement;
  loadParts: SqlStatement;
  save: SqlStatement;
  savePart: SqlStatement;
  dropGeneration: SqlStatement;
}

const cache = new Map<string, SnapshotSql>();

function snapshotSql(schema: string): SnapshotSql {
  let built = cache.get(schema);
  if (!built) {
    const s = `"${schema}"`;
    const tag = createHash('sha1').update(`soudan-snapshots:${schema}`).digest().subarray(0, 4).toString('hex');
    built = {
      // The row (as part 0) and its first page of parts in one statement, so one snapshot
      // of the database: a snapshot of up to PARTS_PER_READ + 1 parts never meets a save
      // half way. Each part's state is sent once.
      load: {
        name: `soudan_ss_${tag}_load`,
        text: `SELECT * FROM (
                 SELECT 0 AS part, state, position, version, parts, generation FROM ${s}.snapshots WHERE name = $1
                 UNION ALL
                 (SELECT p.part, p.state, NULL::bigint, NULL::text, NULL::integer, NULL::text
                    FROM ${s}.snapshots r
                    JOIN ${s}.snapshot_parts p ON p.name = r.name AND p.generation = r.generation
                   WHERE r.name = $1 AND p.part >= 1
                   ORDER BY p.part LIMIT $2)
               ) loaded ORDER BY part`,
      },
      loadParts: {
        name: `soudan_ss_${tag}_load_parts`,
        text: `SELECT part, state FROM ${s}.snapshot_parts
               WHERE name = $1 AND generation = $2 AND part >= $3 ORDER BY part LIMIT $4`,
      },
      // One statement: the row now names the new generation ($6, null for one part), and
      // the parts of the generation it named before, and orphans, go.
      save: {
        name: `soudan_ss_${tag}_save`,
        text: `WITH previous AS (SELECT generation FROM ${s}.snapshots WHERE name = $1),
               dropped AS (
                 DELETE FROM ${s}.snapshot_parts
                  WHERE name = $1 AND generation IS DISTINCT FROM $6
                    AND (generation = (SELECT generation FROM previous)
                         OR written_at < now() - interval '${ORPHANED_AFTER}')
               )
               INSERT INTO ${s}.snapshots (name, position, version, state, parts, generation, saved_at)
               VALUES ($1, $2, $3, $4::json, $5, $6, now())
               ON CONFLICT (name) DO UPDATE
                 SET position = excluded.position, version = excluded.version, state = excluded.state,
                     parts = excluded.parts, generation = excluded.generation, saved_at = excluded.saved_at`,
      },
      savePart: {
        name: `soudan_ss_${tag}_save_part`,
        text: `INSERT INTO ${s}.snapshot_parts (name, generation, part, state) VALUES ($1, $2, $3, $4::json)`,
      },
      dropGeneration: {
        name: `soudan_ss_${tag}_drop_generation`,
        text: `DELETE FROM ${s}.snapshot_parts WHERE name = $1 AND generation = $2`,
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
  generation: string | null;
}

interface PartRow {
  part: number;
  state: unknown;
}

/** The snapshot's parts changed while they were read: a save replaced them. */
class SnapshotReplacedError extends Error {}

/** `schema` must have passed checkSchemaName (the store's EventStoreSql did). */
export function sqlSnapshotStore(db: SqlExecutor, schema: string): SnapshotStore {
  const sql = snapshotSql(schema);

  const loadOnce = async (name: string): Promise<Snapshot | undefined> => {
    const rows = await db.query<Omit<SnapshotRow, 'state'> & PartRow>(sql.load, [name, PARTS_PER_READ]);
    const row = rows[0];
    if (!row || Number(row.part) !== 0) return undefined;
    const parts: unknown[] = [row.state];
    const count = Number(row.parts);
    const generation = row.generation;
    for (const { part, state } of rows.slice(1)) {
      if (Number(part) !== parts.length) break;
      parts.push(state);
    }
    // The next pages, one after another.
    let more = rows.length === PARTS_PER_READ + 1 && parts.length === rows.length;
    while (more && parts.length < count && generation !== null) {
      const page = await db.query<PartRow>(sql.loadParts, [name, generation, parts.length, PARTS_PER_READ]);
      const before = parts.length;
      for (const { part, state } of page) {
        if (Number(part) !== parts.length) break;
        parts.push(state);
      }
      more = page.length === PARTS_PER_READ && parts.length - before === page.length;
    }
    if (parts.length !== count)
      throw new SnapshotReplacedError(`snapshot "${name}" holds ${parts.length} of its ${count} parts`);
    return { position: BigInt(row.position), version: row.version, parts };
  };

  return {
    load: async (name: string): Promise<Snapshot | undefined> => {
      try {
        return await loadOnce(name);
      } catch (error) {
        // Another replica's save replaced the parts being read: read the new ones.
        if (error instanceof SnapshotReplacedError) return loadOnce(name);
        throw error;
      }
    },
    save: async (name: string, position: bigint, version: string, parts: readonly unknown[]): Promise<void> => {
      checkSnapshotParts(parts);
      // The first part is encoded before the first await: a one-part state may be the
      // caller's model, which it goes on changing. Later parts are encoded one at a
      // time as they are written, so no text of the whole state is ever made.
      const first = snapshotText(parts[0]);
      const generation = parts.length > 1 ? randomUUID() : null;
      try {
        for (let part = 1; part < parts.length; part += 1)
          await db.query(sql.savePart, [name, generation, part, snapshotText(parts[part])]);
      } catch (error) {
        // Nothing names these parts: drop them now (or a later save drops them as orphans).
        await db.query(sql.dropGeneration, [name, generation]).catch(() => undefined);
        throw error;
      }
      await db.query(sql.save, [name, position.toString(), version, first, parts.length, generation]);
    },
  };
}
