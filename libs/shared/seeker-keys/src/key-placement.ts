// R54: erasure is the destruction of a seeker's key, so the keys must not come back with a
// restored backup of the events. They live apart from the events: in a schema of their
// own (`<events schema>_keys`) of the same database by default, which an events-only
// backup (`pg_dump --schema=<events schema>`) leaves out, or in a database of their own
// (KEY_STORE_URL) with its own backups and retention. Keys written by earlier versions
// beside the events are moved over once, at start.
import { createHash } from 'node:crypto';
import { openPgExecutor, SideTable, type SqlAccess, type SqlExecutor } from '@soudan/event-store';

export interface KeyPlacement {
  executor: SqlExecutor;
  schema: string;
  /** Whether the keys share the events' database (one transaction can move them). */
  sameDatabase: boolean;
  close(): Promise<void>;
}

/** The keys' schema for an events schema: `scheduling` keeps its keys in `scheduling_keys`. */
export function keySchemaOf(eventsSchema: string): string {
  const schema = `${eventsSchema}_keys`;
  if (schema.length > 63) throw new Error(`key store: schema name "${schema}" is longer than PostgreSQL allows`);
  return schema;
}

/** Where a service's keys go: a database of their own when `keyStoreUrl` is set, else a schema of their own. */
export function placeKeys(events: SqlAccess, keyStoreUrl?: string): KeyPlacement {
  const schema = keySchemaOf(events.schema);
  if (keyStoreUrl) {
    const own = openPgExecutor(keyStoreUrl);
    return { executor: own.executor, schema, sameDatabase: false, close: own.close };
  }
  return { executor: events.executor, schema, sameDatabase: true, close: async () => undefined };
}

/**
 * Moves a key table that an earlier version kept in the events' schema into its place,
 * then drops it, so no copy of a key stays with the events. Idempotent and safe with
 * several processes starting at once: the old table is locked for the move, and it is
 * dropped in the same transaction that read it (a crash before the drop moves it again;
 * rows already there are kept, never overwritten). Answers how many rows it moved.
 */
export async function adoptLegacyKeyTable(
  events: SqlAccess,
  placement: KeyPlacement,
  table: string,
  columns: readonly string[],
): Promise<number> {
  const legacy = new SideTable(events.schema, table, 'key store');
  const target = new SideTable(placement.schema, table, 'key store');
  // The catalog read as a table (a fresh snapshot per statement), not to_regclass (a cache that an advisory lock does not refresh).
  const exists = legacy.statement(
    'legacy_exists',
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2) AS present`,
  );
  const where = [events.schema, table];
  const [found] = await events.executor.query<{ present: boolean }>(exists, where);
  if (!found?.present) return 0;
  const list = columns.join(', ');
  return legacy.guard(() =>
    events.executor.transaction(async (tx) => {
      // One process moves at a time; another may have moved it while this one looked: check again under the lock.
      await tx.query(legacy.statement('adopt_lock', 'SELECT pg_advisory_xact_lock($1::bigint)'), [lockKeyOf(legacy)]);
      const [still] = await tx.query<{ present: boolean }>(exists, where);
      if (!still?.present) return 0;
      // Writers of an older version still running keep their hands off it while it moves.
      await tx.exec(`LOCK TABLE ${legacy.qualifiedName} IN ACCESS EXCLUSIVE MODE`);
      let moved: number;
      if (placement.sameDatabase) {
        const rows = await tx.query<{ n: number }>(
          legacy.statement(
            'adopt',
            `WITH moved AS (
               INSERT INTO ${target.qualifiedName} (${list}) SELECT ${list} FROM ${legacy.qualifiedName}
               ON CONFLICT (seeker_id) DO NOTHING RETURNING 1
             ) SELECT count(*)::int AS n FROM moved`,
          ),
        );
        moved = rows[0]?.n ?? 0;
      } else {
        const rows = await tx.query<Record<string, unknown>>(
          legacy.statement('read_legacy', `SELECT ${list} FROM ${legacy.qualifiedName}`),
        );
        const inserted = await placement.executor.query<{ n: number }>(
          target.statement(
            'adopt_rows',
            `WITH moved AS (
               INSERT INTO ${target.qualifiedName} (${list})
               SELECT ${list} FROM jsonb_populate_recordset(NULL::${target.qualifiedName}, $1::jsonb)
               ON CONFLICT (seeker_id) DO NOTHING RETURNING 1
             ) SELECT count(*)::int AS n FROM moved`,
          ),
          [JSON.stringify(rows)],
        );
        moved = inserted[0]?.n ?? 0;
      }
      await tx.exec(`DROP TABLE ${legacy.qualifiedName}`);
      return moved;
    }),
  );
}

function lockKeyOf(table: SideTable): string {
  return createHash('sha1').update(`soudan-adopt-keys:${table.qualifiedName}`).digest().readBigInt64BE(0).toString();
}
