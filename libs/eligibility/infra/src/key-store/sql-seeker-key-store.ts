// The seekers' wrapped data keys in a plain table beside the event store's (same
// database, same schema): a DELETE really removes a key, which no event stream allows.
// Same SQL on PostgreSQL and PGlite.
import { createHash } from 'node:crypto';
import { StoreUnavailableError } from '@soudan/event-store';
import type { SeekerKeyStore, StoredKey } from '@soudan/eligibility-application';

export interface KeySqlStatement {
  readonly name: string;
  readonly text: string;
}

/** The part of the event store's SQL executor this store uses (PostgreSQL pool or PGlite). */
export interface KeySqlSession {
  query<Row>(statement: KeySqlStatement, params?: readonly unknown[]): Promise<Row[]>;
  exec(text: string): Promise<void>;
}
export interface KeySqlExecutor extends KeySqlSession {
  transaction<T>(work: (session: KeySqlSession) => Promise<T>): Promise<T>;
}

export class SqlSeekerKeyStore implements SeekerKeyStore {
  private readonly statements: Record<'lock' | 'find' | 'insert' | 'destroy', KeySqlStatement>;
  private readonly createTable: string;
  private readonly lockKey: string;

  private constructor(
    private readonly db: KeySqlExecutor,
    schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`key store schema "${schema}" must be a lower-case SQL identifier`);
    const table = `"${schema}".seeker_keys`;
    const digest = createHash('sha1').update(`soudan-seeker-keys:${schema}`).digest();
    const tag = digest.subarray(0, 4).toString('hex');
    this.lockKey = digest.readBigInt64BE(0).toString();
    const statement = (name: string, text: string): KeySqlStatement => ({ name: `soudan_keys_${tag}_${name}`, text });
    this.createTable = `CREATE SCHEMA IF NOT EXISTS "${schema}";
      CREATE TABLE IF NOT EXISTS ${table} (
        seeker_id text PRIMARY KEY,
        key_id text NOT NULL,
        wrapped_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );`;
    // Ids travel as one JSON document: the same on both drivers, one parameter for a whole import batch.
    this.statements = {
      lock: statement('lock', 'SELECT pg_advisory_xact_lock($1::bigint)'),
      find: statement('find', `SELECT seeker_id, key_id, wrapped_key FROM ${table} WHERE seeker_id IN (SELECT jsonb_array_elements_text($1::jsonb))`),
      insert: statement(
        'insert',
        `INSERT INTO ${table} (seeker_id, key_id, wrapped_key)
         SELECT k.seeker_id, k.key_id, k.wrapped_key FROM jsonb_to_recordset($1::jsonb) AS k(seeker_id text, key_id text, wrapped_key text)
         ON CONFLICT (seeker_id) DO NOTHING`,
      ),
      destroy: statement('destroy', `DELETE FROM ${table} WHERE seeker_id = $1`),
    };
  }

  /** Creates the table when missing; two processes starting together take turns. */
  static async open(db: KeySqlExecutor, schema: string): Promise<SqlSeekerKeyStore> {
    const store = new SqlSeekerKeyStore(db, schema);
    await db.transaction(async (tx) => {
      await tx.query(store.statements.lock, [store.lockKey]);
      await tx.exec(store.createTable);
    });
    return store;
  }

  async find(seekerIds: readonly string[]): Promise<Map<string, StoredKey>> {
    const rows = await this.guard(() =>
      this.db.query<{ seeker_id: string; key_id: string; wrapped_key: string }>(this.statements.find, [JSON.stringify(seekerIds)]),
    );
    return new Map(rows.map((row) => [row.seeker_id, { keyId: row.key_id, wrappedKey: row.wrapped_key }]));
  }

  async createMissing(keys: ReadonlyMap<string, StoredKey>): Promise<Map<string, StoredKey>> {
    const rows = [...keys].map(([seekerId, key]) => ({ seeker_id: seekerId, key_id: key.keyId, wrapped_key: key.wrappedKey }));
    await this.guard(() => this.db.query(this.statements.insert, [JSON.stringify(rows)]));
    return this.find([...keys.keys()]);
  }

  async destroy(seekerId: string): Promise<void> {
    await this.guard(() => this.db.query(this.statements.destroy, [seekerId]));
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // PGlite closed under us reads as a plain error; the caller should see the store as down.
      if (error instanceof StoreUnavailableError) throw error;
      if ((error as { message?: string })?.message?.includes('closed')) throw new StoreUnavailableError('key store unavailable', { cause: error });
      throw error;
    }
  }
}
