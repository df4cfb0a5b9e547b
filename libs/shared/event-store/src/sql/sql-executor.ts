// The seam between the SQL event store and a driver: the PostgreSQL and PGlite adapters
// run the same statements and map the same rows, and differ only here.

/** A statement with a stable name, so drivers that can prepare it once per connection do. */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

export interface SqlSession {
  query<Row>(statement: SqlStatement, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlExecutor extends SqlSession {
  /**
   * Rows as arrays of column values in select-list order: no object with named keys per
   * row, which is measurable on the hot read paths (readAll, readStream).
   */
  queryArrays(statement: SqlStatement, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
}

/** SQLSTATE 23505: the error both drivers report when a unique index refuses a row. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
