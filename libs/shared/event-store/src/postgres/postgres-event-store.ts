import pg from 'pg';
import type { EventStoreSql } from '../sql/event-store-sql';
import { eventStoreSql } from '../sql/event-store-sql';
import { migrate } from '../sql/migrate';
import { LocalChangeFeed, SqlEventStore, type ChangeFeed, type SqlEventStoreOptions } from '../sql/sql-event-store';
import type { SqlExecutor } from '../sql/sql-executor';
import { PgPoolExecutor } from './pg-executor';
import { Pauses } from '../pauses';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Schema holding this store's tables (default `public`); one per service when services share a database. */
  schema?: string;
  /** Pooled connections (default 10), plus one for LISTEN while anything subscribes. */
  poolSize?: number;
  /** How long to wait for a connection before failing with StoreUnavailableError (default 5 s). */
  connectTimeoutMs?: number;
}

// Timestamps (without time zone) stay text: the shared row mapping formats them (see
// eventStoreSql). int8 stays text too, as pg's default parser leaves it, without that
// parser's per-value regular expression. json and jsonb are parsed here with a plain
// JSON.parse rather than through pg's global parsers, which any library in the process may
// replace (Emmett's dumbo sets a reviver for both, and BigInt for int8, when it loads: in
// bench:store's process that halved our reads of all). Every other type parses as pg's
// defaults do.
const asText = (value: string) => value;
const asJson = (value: string): unknown => JSON.parse(value);
const rowTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.TIMESTAMP || oid === pg.types.builtins.INT8) return asText;
    if (oid === pg.types.builtins.JSONB || oid === pg.types.builtins.JSON) return asJson;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

// Append statements running at once before further appends are grouped (SqlEventStoreOptions):
// of 1, 2, 4 and 8, 4 did best with 16 writers in short runs on the shared 2-core machines
// (noisy figures: measure again on a quiet machine before tuning).
const DEFAULT_APPEND_STATEMENTS = 4;

export class PostgresEventStore extends SqlEventStore {
  /** The pool's connections right now (metrics). */
  poolStats?: () => { total: number; idle: number; waiting: number };

  /** Connects, migrates the schema, and answers a ready store; StoreUnavailableError when PostgreSQL cannot be reached. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const sql = eventStoreSql(options.schema ?? 'public');
    const connection: pg.ClientConfig = {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      types: rowTypes,
    };
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10, idleTimeoutMillis: 30_000 });
    // An idle connection dropped by the server emits here; without a listener that
    // would crash the process. The pool discards it and the next query reconnects.
    pool.on('error', () => undefined);
    const db = new PgPoolExecutor(pool);
    try {
      await migrate(db, sql);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    const feed = new PostgresChangeFeed(connection, db, sql);
    const store = new PostgresEventStore(
      db,
      sql,
      feed,
      { ...options, appendStatements: options.appendStatements ?? DEFAULT_APPEND_STATEMENTS },
      () => pool.end(),
    );
    store.poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return store;
  }
}

/**
 * Wakes subscribers in this process at once after a local append, and in other processes
 * through LISTEN/NOTIFY.
 *
 * The NOTIFY is sent after the append commits, in its own statement, and coalesced: at
 * most one per `notifyIntervalMs`, sent after the last append of the interval. It is not
 * inside the append's transaction because PostgreSQL serializes the commits of all
 * transactions that NOTIFY behind one database-wide lock held across the WAL flush,
 * which defeats group commit: with pgbench on this machine, 16 writers went from ~8,300
 * to ~2,300 commits/s with a pg_notify in each. The separate NOTIFY commits without
 * waiting for the disk, so it holds that lock only briefly. Nothing is lost by sending
 * it after the commit: listeners read the table, not the payload, and a NOTIFY that
 * never comes (crash in between, listener reconnecting) is covered by the poll.
 */
class PostgresChangeFeed implements ChangeFeed {
  private readonly local = new LocalChangeFeed();
  private listening = false;
  private listener: pg.Client | undefined;
  private closed = false;
  private readonly pauses = new Pauses();
  private notifyWanted = false;
  private notifyTimer: NodeJS.Timeout | undefined;
  private notifying: Promise<void> | undefined;
  private lastNotifyAt = -Infinity;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly db: SqlExecutor,
    private readonly sql: EventStoreSql,
    private readonly notifyIntervalMs = 25,
  ) {}

  appended(): void {
    this.local.wake();
    if (this.closed) return;
    this.notifyWanted = true;
    this.scheduleNotify();
  }

  watch(listener: () => void): () => void {
    if (!this.listening && !this.closed) {
      this.listening = true;
      void this.keepListening();
    }
    return this.local.watch(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.notifyTimer);
    this.pauses.cancelAll();
    await this.listener?.end().catch(() => undefined);
    await this.notifying;
    await this.local.close();
  }

  /** Trailing edge: the appends of an interval share one NOTIFY, sent after the last of them. */
  private scheduleNotify(): void {
    if (this.notifyTimer || this.notifying || this.closed) return;
    const wait = Math.max(0, this.lastNotifyAt + this.notifyIntervalMs - performance.now());
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.notifyWanted = false;
      this.lastNotifyAt = performance.now();
      // A failed NOTIFY only delays other processes' subscribers until their next poll.
      this.notifying = this.db
        .query(this.sql.notify, [this.sql.channel, ''])
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.notifying = undefined;
          if (this.notifyWanted) this.scheduleNotify();
        });
    }, wait);
  }

  /** One dedicated connection in LISTEN, re-established with backoff whenever it drops. */
  private async keepListening(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const client = new pg.Client(this.connection);
      client.on('error', () => undefined); // followed by 'end', handled below
      try {
        const ended = new Promise<void>((resolve) => client.once('end', resolve));
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel === this.sql.channel) this.local.wake();
        });
        await client.query(`LISTEN "${this.sql.channel}"`);
        this.listener = client;
        failures = 0;
        // Appends made while no connection was listening went unannounced.
        this.local.wake();
        if (this.closed) await client.end();
        await ended;
      } catch {
        await client.end().catch(() => undefined);
      }
      this.listener = undefined;
      if (this.closed) return;
      failures += 1;
      await this.pauses.pause(Math.min(5_000, 100 * 2 ** (failures - 1)));
    }
  }
}
