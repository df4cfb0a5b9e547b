// Tables a service keeps beside its events, where a DELETE must really delete (R54: the
// per-seeker keys whose destruction is the erasure), belong in the same database, pool
// and (PGlite) the one instance per directory as the store. This is the supported way to
// reach them: the SQL stores' executor and schema, nothing of their statements.
import type { EventStore } from '../event-store.port';
import { SqlEventStore } from './sql-event-store';
import type { SqlExecutor } from './sql-executor';

export type { SqlExecutor, SqlSession, SqlStatement } from './sql-executor';
export { isUniqueViolation } from './sql-executor';

export interface SqlAccess {
  /** The store's own executor: its pool (PostgreSQL) or its instance (PGlite). Closed with the store. */
  executor: SqlExecutor;
  /** The store's schema; tables beside the events go here. */
  schema: string;
}

/** The executor and schema of a PostgreSQL or PGlite store; undefined for any other store (KurrentDB). */
export function sqlAccessOf(store: EventStore): SqlAccess | undefined {
  if (!(store instanceof SqlEventStore)) return undefined;
  // The fields are protected so the store's own statements stay its own; this file is
  // part of the store and hands out only the executor and the schema name.
  const inside = store as unknown as { db: SqlExecutor; sql: { schema: string } };
  return { executor: inside.db, schema: inside.sql.schema };
}
