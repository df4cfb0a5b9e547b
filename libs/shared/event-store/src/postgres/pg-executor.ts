import pg from 'pg';
import { StoreUnavailableError } from '../event-store.port';
import type { SqlExecutor, SqlSession, SqlStatement } from '../sql/sql-executor';

// Network errors from node, and SQLSTATEs that say "the server is not serving you now":
// class 08 (connection exception), 57P01-03 (shutdown, crash, starting up), 53300 (too
// many connections). Anything else is a real answer from the server and passes through.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
// pg reports a dropped connection or a pool timeout with a message and no code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Connection ended|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end/i;

export function isConnectionFailure(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: node's socket errors may come from another realm
  // (a vm context under jest), and pg wraps several of them in an AggregateError.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')))
    return true;
  if (Array.isArray(errors) && errors.some(isConnectionFailure)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionFailure(error)) return error;
  return new StoreUnavailableError(
    `PostgreSQL event store unavailable: ${(error as Error).message || (error as Error).name}`,
    { cause: error },
  );
}

/** A session over one pg connection (a pool client, or a caller's own client in an open transaction). */
export function pgSession(client: pg.ClientBase): SqlSession {
  return {
    query: async <Row>(statement: SqlStatement, params: readonly unknown[] = []) => {
      try {
        const result = await client.query({ name: statement.name, text: statement.text, values: params as unknown[] });
        return result.rows as Row[];
      } catch (error) {
        throw toStoreError(error);
      }
    },
    exec: async (text: string) => {
      try {
        await client.query(text);
      } catch (error) {
        throw toStoreError(error);
      }
    },
  };
}

export class PgPoolExecutor implements SqlExecutor {
  constructor(private readonly pool: pg.Pool) {}

  async query<Row>(statement: SqlStatement, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      // Named: each pooled connection parses and plans the statement once, then only binds.
      const result = await this.pool.query({ name: statement.name, text: statement.text, values: params as unknown[] });
      return result.rows as Row[];
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async queryArrays(statement: SqlStatement, params: readonly unknown[] = []): Promise<unknown[][]> {
    try {
      const result = await this.pool.query({
        name: statement.name,
        text: statement.text,
        values: params as unknown[],
        rowMode: 'array',
      });
      return result.rows as unknown[][];
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async exec(text: string): Promise<void> {
    try {
      await this.pool.query(text);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStoreError(error);
    }
    let broken: Error | undefined;
    try {
      const session = pgSession(client);
      await session.exec('BEGIN');
      const result = await work(session);
      await session.exec('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is not handed to the next caller.
      client.release(broken);
    }
  }
}

/**
 * An executor on a PostgreSQL database of its own (not an event store's): for tables that
 * must live and be backed up apart from the events, such as the key store (R54).
 */
export function openPgExecutor(url: string, poolSize = 4): { executor: SqlExecutor; close(): Promise<void> } {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    max: poolSize,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => undefined);
  return { executor: new PgPoolExecutor(pool), close: () => pool.end() };
}
