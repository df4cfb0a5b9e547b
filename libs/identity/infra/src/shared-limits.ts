// Counting limits every gateway replica shares (sign-in links per account and per
// address, failed link exchanges, failed staff sign-ins per address): kept by
// rate-limiter-flexible in a PostgreSQL table, so a client that spreads its attempts
// over replicas, or waits for a restart, is counted once. The table lives beside the
// gateway's events (its store's own pool, or the one PGlite instance of the embedded
// default: the same SQL either way); a gateway on KurrentDB names a PostgreSQL database
// for it (RATE_LIMIT_STORE_URL) or, without one, counts in memory per replica and says
// so at start. When the table cannot be reached, each replica counts in memory meanwhile
// (the library's insurance limiter): limits hold, only less exactly.
//
// Keys are keyed hashes (HMAC with PSEUDONYM_KEY): the table holds no job seeker number
// and no client address (R52, R54). A window is fixed from its first hit (the library's
// semantics); Retry-After says when it ends.
import { createHmac } from 'node:crypto';
import pg from 'pg';
import limiterFlexible, { type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { sqlAccessOf, SideTable, type EventStore, type SqlExecutor } from '@soudan/event-store';
import type { Logger } from '@soudan/platform';
import { rateLimited, type LimitRule } from './rate-limit';

const { RateLimiterMemory, RateLimiterPostgres } = limiterFlexible;

export const RATE_LIMIT_TABLE = 'rate_limits';

/** What rate-limiter-flexible's PostgreSQL limiter calls: `query({ name, text, values })` answering `{ rows, rowCount }`. */
interface LimiterClient {
  query(q: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number }>;
}

export interface LimitBackend {
  /** `postgres`: shared by every replica that reaches the same database; `memory`: this replica only. */
  kind: 'postgres' | 'memory';
  limiter(name: string, rule: LimitRule): SharedLimit;
  close(): Promise<void>;
}

/** One counting limit: `take` counts and refuses beyond the limit; `check` and `count` for limits on failures only. */
export class SharedLimit {
  constructor(
    private readonly limiter: () => Promise<RateLimiterAbstract>,
    readonly rule: LimitRule,
    private readonly hash: (value: string) => string,
  ) {}

  /** Counts an attempt; 429 RATE_LIMITED (with the wait) once the window's allowance is used up. */
  async take(key: string): Promise<void> {
    const limiter = await this.limiter();
    try {
      await limiter.consume(this.hash(key));
    } catch (error) {
      throw refusal(error);
    }
  }

  /** 429 when the key has used up its allowance; counts nothing. */
  async check(key: string): Promise<void> {
    const state = await (await this.limiter()).get(this.hash(key));
    if (state && state.consumedPoints >= this.rule.limit) throw rateLimited(seconds(state.msBeforeNext));
  }

  /** Counts a failure (never refuses by itself: the next `check` does). */
  async count(key: string): Promise<void> {
    await (await this.limiter()).penalty(this.hash(key));
  }
}

function refusal(error: unknown): Error {
  // The library rejects with a RateLimiterRes when the limit is reached, with an Error when the store fails.
  if (error instanceof Error) return error;
  return rateLimited(seconds((error as RateLimiterRes).msBeforeNext));
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function keyHasher(pseudonymKey: Buffer, name: string) {
  return (value: string) =>
    createHmac('sha256', pseudonymKey).update(`rate-limit\u0000${name}\u0000${value}`).digest('base64url').slice(0, 32);
}

const options = (name: string, rule: LimitRule) => ({
  keyPrefix: name,
  points: rule.limit,
  duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
});

export function memoryLimits(pseudonymKey: Buffer): LimitBackend {
  return {
    kind: 'memory',
    limiter: (name, rule) => {
      const limiter = new RateLimiterMemory(options(name, rule));
      return new SharedLimit(async () => limiter, rule, keyHasher(pseudonymKey, name));
    },
    close: async () => undefined,
  };
}

/**
 * Limits in `"schema".rate_limits` through `client`. The table is made here (under an
 * advisory lock where the store's executor is at hand), on first use: start-up does not
 * wait for the database, and until the table is there each replica counts in memory.
 */
function postgresLimits(
  client: LimiterClient,
  executor: SqlExecutor | undefined,
  schema: string,
  pseudonymKey: Buffer,
  close: () => Promise<void>,
): LimitBackend {
  const side = new SideTable(schema, RATE_LIMIT_TABLE, 'rate limit table');
  // The columns rate-limiter-flexible's PostgreSQL limiter reads and writes.
  const ddl = `CREATE TABLE IF NOT EXISTS ${side.qualifiedName} (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
  );`;
  let table: Promise<void> | undefined;
  const ensureTable = () =>
    (table ??= (
      executor
        ? side.create(executor, ddl)
        : client.query({ text: `CREATE SCHEMA IF NOT EXISTS "${schema}";` }).then(() => client.query({ text: ddl }))
    )
      .then(() => undefined)
      .catch((error: unknown) => {
        table = undefined;
        throw error;
      }));
  let first = true;
  return {
    kind: 'postgres',
    limiter: (name, rule) => {
      const memory = new RateLimiterMemory(options(name, rule));
      const shared = new RateLimiterPostgres({
        ...options(name, rule),
        storeClient: client,
        storeType: 'client',
        schemaName: schema,
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        // The table is shared by every limit (each row's key starts with the limit's name): one sweeper is enough.
        clearExpiredByTimeout: first,
        insuranceLimiter: memory,
        // Once the store says a key has used its allowance, this replica refuses it from
        // memory until the store's window ends: a flood of refused attempts costs no
        // statement each (the store still counts every attempt it lets through).
        inMemoryBlockOnConsumed: rule.limit,
      });
      first = false;
      return new SharedLimit(
        () =>
          ensureTable().then(
            () => shared,
            () => memory,
          ),
        rule,
        keyHasher(pseudonymKey, name),
      );
    },
    close,
  };
}

/** The SQL executor of the gateway's store as the library's client. */
function executorClient(executor: SqlExecutor): LimiterClient {
  return {
    query: async ({ name, text, values }) => {
      const rows = await executor.query<unknown>(
        { name: `soudan_rl_${name ?? 'ddl'}`.replace(/[^A-Za-z0-9_]/g, '_'), text },
        values,
      );
      return { rows, rowCount: rows.length };
    },
  };
}

/**
 * Where the gateway keeps its shared limits: its own store when that is SQL, else
 * RATE_LIMIT_STORE_URL, else memory (told in the log: replicas then count apart).
 */
export function limitBackendFor(deps: {
  store: EventStore;
  rateLimitStoreUrl?: string;
  pseudonymKey: Buffer;
  logger: Logger;
  distributed: boolean;
}): LimitBackend {
  const sql = sqlAccessOf(deps.store);
  if (sql)
    return postgresLimits(
      executorClient(sql.executor),
      sql.executor,
      sql.schema,
      deps.pseudonymKey,
      async () => undefined,
    );
  if (deps.rateLimitStoreUrl) {
    const pool = new pg.Pool({ connectionString: deps.rateLimitStoreUrl, max: 4 });
    // An idle client's error (the database restarting) must not end the process.
    pool.on('error', (error) => deps.logger.warn({ err: error }, 'rate limit database connection lost'));
    const client: LimiterClient = {
      query: async (q) => {
        const result = await pool.query({ name: q.name, text: q.text, values: q.values });
        return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
      },
    };
    return postgresLimits(client, undefined, 'gateway', deps.pseudonymKey, () => pool.end());
  }
  if (deps.distributed)
    deps.logger.warn(
      'the gateway store is not SQL and RATE_LIMIT_STORE_URL is not set: sign-in limits are counted per replica',
    );
  return memoryLimits(deps.pseudonymKey);
}
