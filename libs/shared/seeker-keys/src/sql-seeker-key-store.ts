// The seekers' wrapped data keys in a plain table apart from the events (a schema or a
// database of their own: see key-placement.ts): a DELETE really removes a key, which no
// event stream allows. Same SQL on PostgreSQL and PGlite.
import { SideTable, type SqlExecutor, type SqlStatement } from '@soudan/event-store';
import type { SeekerKeyStore, StoredKey } from './seeker-key-vault';

/** The table's columns, in the order a move from an older placement copies them. */
export const SEEKER_KEY_COLUMNS = ['seeker_id', 'key_id', 'wrapped_key', 'created_at'] as const;

export class SqlSeekerKeyStore implements SeekerKeyStore {
  private readonly statements: Record<'find' | 'insert' | 'destroy', SqlStatement>;

  private constructor(
    private readonly db: SqlExecutor,
    private readonly side: SideTable,
  ) {
    const table = side.qualifiedName;
    const statement = (name: string, text: string) => side.statement(name, text);
    // Ids travel as one JSON document: the same on both drivers, one parameter for a whole import batch.
    this.statements = {
      find: statement(
        'find',
        `SELECT seeker_id, key_id, wrapped_key FROM ${table} WHERE seeker_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      ),
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
  static async open(db: SqlExecutor, schema: string): Promise<SqlSeekerKeyStore> {
    const side = new SideTable(schema, 'seeker_keys', 'key store');
    await side.create(
      db,
      `CREATE TABLE IF NOT EXISTS ${side.qualifiedName} (
        seeker_id text PRIMARY KEY,
        key_id text NOT NULL,
        wrapped_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );`,
    );
    return new SqlSeekerKeyStore(db, side);
  }

  async find(seekerIds: readonly string[]): Promise<Map<string, StoredKey>> {
    const rows = await this.guard(() =>
      this.db.query<{ seeker_id: string; key_id: string; wrapped_key: string }>(this.statements.find, [
        JSON.stringify(seekerIds),
      ]),
    );
    return new Map(rows.map((row) => [row.seeker_id, { keyId: row.key_id, wrappedKey: row.wrapped_key }]));
  }

  async createMissing(keys: ReadonlyMap<string, StoredKey>): Promise<Map<string, StoredKey>> {
    const rows = [...keys].map(([seekerId, key]) => ({
      seeker_id: seekerId,
      key_id: key.keyId,
      wrapped_key: key.wrappedKey,
    }));
    await this.guard(() => this.db.query(this.statements.insert, [JSON.stringify(rows)]));
    return this.find([...keys.keys()]);
  }

  async destroy(seekerId: string): Promise<void> {
    await this.guard(() => this.db.query(this.statements.destroy, [seekerId]));
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return this.side.guard(work);
  }
}
