// Tables a service keeps beside its events, where a DELETE must really delete (R54: the
// per-seeker keys whose destruction is the erasure), belong in the same database, pool
// and (PGlite) the one instance per directory as the store. This is the supported way to
// reach them: the SQL stores' executor and schema, nothing of their statements.
import { createHash } from 'node:crypto';
import { StoreUnavailableError, type EventStore } from '../event-store.port';
import { SqlEventStore } from './sql-event-store';
import type { SqlExecutor, SqlStatement } from './sql-executor';

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

/**
 * A table beside the events: its qualified name, prepared-statement names of its own,
 * creation at start (two processes starting together take turns under an advisory
 * lock), and errors of a store closed under it reported as the store being down.
 */
export class SideTable {
  /** `"schema".table`, for the table's SQL. */
  readonly qualifiedName: string;
  private readonly tag: string;
  private readonly lockKey: string;

  constructor(
    readonly schema: string,
    private readonly table: string,
    /** What the table holds, for error messages ("key store"). */
    private readonly what: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`${what} schema "${schema}" must be a lower-case SQL identifier`);
    this.qualifiedName = `"${schema}".${table}`;
    const digest = createHash('sha1').update(`soudan-${table}:${schema}`).digest();
    this.tag = digest.subarray(0, 4).toString('hex');
    this.lockKey = digest.readBigInt64BE(0).toString();
  }

  statement(name: string, text: string): SqlStatement {
    return { name: `soudan_${this.table}_${this.tag}_${name}`, text };
  }

  /** Runs `ddl` (CREATE … IF NOT EXISTS) under the table's advisory lock. */
  async create(db: SqlExecutor, ddl: string): Promise<void> {
    const lock = this.statement('lock', 'SELECT pg_advisory_xact_lock($1::bigint)');
    await this.guard(() =>
      db.transaction(async (tx) => {
        await tx.query(lock, [this.lockKey]);
        await tx.exec(`CREATE SCHEMA IF NOT EXISTS "${this.schema}";\n${ddl}`);
      }),
    );
  }

  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // PGlite closed under us reads as a plain error; the caller should see the store as down.
      if (error instanceof StoreUnavailableError) throw error;
      if ((error as { message?: string })?.message?.includes('closed'))
        throw new StoreUnavailableError(`${this.what} unavailable`, { cause: error });
      throw error;
    }
  }
}
