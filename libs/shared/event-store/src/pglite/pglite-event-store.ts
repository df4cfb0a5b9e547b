import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { StoreUnavailableError, type AppendResult } from '../event-store.port';
import { eventStoreSql } from '../sql/event-store-sql';
import { migrate } from '../sql/migrate';
import { LocalChangeFeed, SqlEventStore, type ChangeFeed, type SqlEventStoreOptions } from '../sql/sql-event-store';
import type { SqlExecutor, SqlSession, SqlStatement } from '../sql/sql-executor';

export interface PgliteEventStoreOptions extends SqlEventStoreOptions {
  /** Directory of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** Schema of this store's tables (default `public`): services sharing one embedded database each get their own. */
  schema?: string;
  /**
   * PostgreSQL's `shared_buffers` inside PGlite's WebAssembly memory (default
   * PGLITE_SHARED_BUFFERS). The first store opened on a directory sets it for all.
   */
  sharedBuffers?: string;
}

/**
 * 32 MB, not PostgreSQL's 128 MB: the buffer pool lives in this process's memory, and the
 * files under it stay in the operating system's page cache. Measured by
 * `npm run bench:pglite` (bench/RESULTS.md): what the smaller pool costs in appends and
 * in reading the history against what it saves in resident memory.
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * PostgreSQL compiled to WebAssembly, in this process: the default store when nothing is
 * configured. Same SQL as the PostgreSQL adapter. A database directory can be opened by
 * one PGlite instance only, so stores opened on the same directory in one process (one
 * per service in `npm start`) share the instance, each in its own schema.
 */
export class PgliteEventStore extends SqlEventStore {
  static async open(options: PgliteEventStoreOptions = {}): Promise<PgliteEventStore> {
    const sql = eventStoreSql(options.schema ?? 'public');
    const database = await SharedPglite.acquire(options.dataDir, options.sharedBuffers ?? PGLITE_SHARED_BUFFERS);
    try {
      await migrate(database.executor, sql);
    } catch (error) {
      await database.release();
      throw error;
    }
    return new PgliteEventStore(database.executor, sql, database.feedFor(sql.schema), options, () =>
      database.release(),
    );
  }

  /**
   * The wake-ups of this schema's feed, which only appends made in this process send
   * (the stores of a schema share one feed; each append wakes it after its commit and
   * before it answers: one wake-up for a group committed together), and no other process
   * can open the database (the directory's lock, below).
   */
  appendsMade(): number {
    return this.changes;
  }

  /**
   * Not offered here: the caller commits, so no wake-up could follow the commit and
   * `appendsMade` would miss the append. (Nothing needs it on PGlite: one connection.)
   */
  override appendWithin(): Promise<AppendResult> {
    return Promise.reject(
      new Error('appendWithin is not offered by the embedded store: appendsMade could not count the append'),
    );
  }
}

/**
 * `/proc/<pid>/stat`'s start time of a process (clock ticks since boot), or undefined where
 * there is no /proc; 'gone' for a process that has ended but not been reaped (a zombie: a
 * server killed with -9 whose parent has not collected it yet).
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? 'gone' : fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote a lock (`pid start-time`) still runs. */
function holderRuns(holder: string): boolean {
  const [pidText, startedAt] = holder.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  const now = startTimeOf(pid);
  if (now === 'gone') return false;
  // With /proc, a process with the same id but another start time is not the holder (ids are reused).
  if (now !== undefined || startedAt !== undefined) return now === startedAt;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per database directory: PGlite takes no lock of its own, two processes on
 * one directory would corrupt it, and `appendsMade` counts on being the only writer. The
 * lock is a file beside the directory (`<dir>.lock`, inside it PGlite would take it for a
 * database) holding the process id and its start time; a lock whose process is gone (a
 * kill -9) is taken over. Two processes taking over the same stale lock at the same
 * instant could both go on; starting one process at a time after a crash avoids it.
 */
function lockDirectory(dir: string): () => void {
  const path = `${dir}.lock`;
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();
  mkdirSync(dirname(dir), { recursive: true });
  for (;;) {
    try {
      writeFileSync(path, `${mine}\n`, { flag: 'wx' });
      const unlock = () => {
        process.off('exit', unlock);
        try {
          if (readFileSync(path, 'utf8').trim() === mine) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      // A process that exits without closing its stores (process.exit after a stop that took too long) leaves no lock.
      process.on('exit', unlock);
      return unlock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: string;
    try {
      holder = readFileSync(path, 'utf8');
    } catch {
      continue; // Released meanwhile: try again.
    }
    if (holderRuns(holder))
      throw new StoreUnavailableError(
        `the embedded database ${dir} is open in another process (process ${holder.trim().split(' ')[0]}): one process at a time`,
      );
    try {
      unlinkSync(path);
    } catch {
      // Taken over by someone else meanwhile: the next attempt finds out.
    }
  }
}

class SharedPglite {
  private static readonly open = new Map<string, Promise<SharedPglite>>();
  private users = 0;
  private readonly feeds = new Map<string, LocalChangeFeed>();
  readonly executor: SqlExecutor;

  private constructor(
    private readonly key: string | undefined,
    private readonly pg: PGlite,
    private readonly unlock: () => void = () => undefined,
  ) {
    this.executor = new PgliteExecutor(pg);
  }

  static async acquire(dataDir: string | undefined, sharedBuffers: string): Promise<SharedPglite> {
    if (dataDir === undefined) {
      const database = new SharedPglite(undefined, await createPglite(undefined, sharedBuffers));
      database.users = 1;
      return database;
    }
    const key = resolve(dataDir);
    let opening = SharedPglite.open.get(key);
    if (!opening) {
      const unlock = lockDirectory(key);
      opening = createPglite(key, sharedBuffers).then(
        (pg) => new SharedPglite(key, pg, unlock),
        (error: unknown) => {
          unlock();
          throw error;
        },
      );
      SharedPglite.open.set(key, opening);
      opening.catch(() => SharedPglite.open.delete(key));
    }
    const database = await opening;
    database.users += 1;
    return database;
  }

  /**
   * Stores of one schema share a feed, so an append through one wakes the other's
   * subscribers. Closing one store must not silence the others: close() is a no-op here
   * (each store stops its own subscriptions, which unwatch).
   */
  feedFor(schema: string): ChangeFeed {
    let feed = this.feeds.get(schema);
    if (!feed) {
      feed = new LocalChangeFeed();
      this.feeds.set(schema, feed);
    }
    const shared = feed;
    return { appended: () => shared.wake(), watch: (listener) => shared.watch(listener), close: async () => undefined };
  }

  async release(): Promise<void> {
    this.users -= 1;
    if (this.users > 0) return;
    if (this.key !== undefined) SharedPglite.open.delete(this.key);
    try {
      await this.pg.close();
    } finally {
      this.unlock();
    }
  }
}

async function createPglite(dataDir: string | undefined, sharedBuffers: string): Promise<PGlite> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  // Rows as the pg adapter receives them, so the row mapping is shared: int8 as a string
  // (PGlite's default, a JS number, loses precision above 2^53) and timestamps as text.
  const asText = (value: string) => value;
  return PGlite.create({
    dataDir,
    parsers: { [types.INT8]: asText, [types.TIMESTAMP]: asText },
    // PGlite's own start parameters (single-user mode, fsync off: see docs/operations.md), plus ours.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
}

/** PGlite is one connection: it queues queries and transactions itself, one at a time. */
class PgliteExecutor implements SqlExecutor {
  constructor(private readonly pg: PGlite) {}

  query<Row>(statement: SqlStatement, params: readonly unknown[] = []): Promise<Row[]> {
    return guard(this.pg, async () => (await this.pg.query<Row>(statement.text, params as unknown[])).rows);
  }

  queryArrays(statement: SqlStatement, params: readonly unknown[] = []): Promise<unknown[][]> {
    return guard(
      this.pg,
      async () => (await this.pg.query<unknown[]>(statement.text, params as unknown[], { rowMode: 'array' })).rows,
    );
  }

  exec(text: string): Promise<void> {
    return guard(this.pg, async () => {
      await this.pg.exec(text);
    });
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return guard(this.pg, () => this.pg.transaction((tx) => work(transactionSession(tx))));
  }
}

function transactionSession(tx: Transaction): SqlSession {
  return {
    query: async <Row>(statement: SqlStatement, params: readonly unknown[] = []) =>
      (await tx.query<Row>(statement.text, params as unknown[])).rows,
    exec: async (text: string) => {
      await tx.exec(text);
    },
  };
}

async function guard<T>(pg: PGlite, work: () => Promise<T>): Promise<T> {
  if (pg.closed) throw new StoreUnavailableError('PGlite event store is closed');
  return work();
}
