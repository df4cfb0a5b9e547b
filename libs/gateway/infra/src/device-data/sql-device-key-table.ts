// The seekers' wrapped device-data keys in a plain table apart from the gateway's events
// (schema `gateway_keys` of the same database, or a database of their own: KEY_STORE_URL).
// Same SQL on PostgreSQL and PGlite.
import { SideTable, type SqlExecutor, type SqlStatement } from '@soudan/event-store';
import type { DeviceKeyEntry, DeviceKeyTable, StoredDeviceKey } from './device-key-table';

/** The table's columns, in the order a move from an older placement copies them. */
export const DEVICE_KEY_COLUMNS = ['seeker_id', 'key_id', 'wrapped_key', 'created_at', 'erased_at'] as const;

type Row = { seeker_id: string; key_id: string | null; wrapped_key: string | null };

export class SqlDeviceKeyTable implements DeviceKeyTable {
  private readonly statements: Record<'find' | 'insert' | 'erase' | 'restore', SqlStatement>;

  private constructor(
    private readonly db: SqlExecutor,
    private readonly side: SideTable,
    private readonly closeExecutor: () => Promise<void>,
  ) {
    const table = side.qualifiedName;
    const statement = (name: string, text: string) => side.statement(name, text);
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
      erase: statement(
        'erase',
        `INSERT INTO ${table} (seeker_id, key_id, wrapped_key, erased_at) VALUES ($1, NULL, NULL, now())
         ON CONFLICT (seeker_id) DO UPDATE SET key_id = NULL, wrapped_key = NULL, erased_at = now()`,
      ),
      restore: statement('restore', `DELETE FROM ${table} WHERE seeker_id = $1 AND key_id IS NULL`),
    };
  }

  /** Creates the table when missing; two processes starting together take turns. */
  /** `close` ends the executor when it is the table's own (KEY_STORE_URL); the store's closes with the store. */
  static async open(
    db: SqlExecutor,
    schema: string,
    close: () => Promise<void> = async () => undefined,
  ): Promise<SqlDeviceKeyTable> {
    const side = new SideTable(schema, 'seeker_device_keys', 'device key table');
    // A row is a key (key_id and wrapped_key) or, after an erasure, a mark (both null).
    await side.create(
      db,
      `CREATE TABLE IF NOT EXISTS ${side.qualifiedName} (
        seeker_id text PRIMARY KEY,
        key_id text,
        wrapped_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CHECK ((key_id IS NULL) = (wrapped_key IS NULL))
      );`,
    );
    return new SqlDeviceKeyTable(db, side, close);
  }

  async find(seekerIds: readonly string[]): Promise<Map<string, DeviceKeyEntry>> {
    if (seekerIds.length === 0) return new Map();
    const rows = await this.guard(() => this.db.query<Row>(this.statements.find, [JSON.stringify(seekerIds)]));
    return new Map(
      rows.map((row): [string, DeviceKeyEntry] => [
        row.seeker_id,
        row.key_id !== null && row.wrapped_key !== null
          ? { kind: 'key', keyId: row.key_id, wrappedKey: row.wrapped_key }
          : { kind: 'erased' },
      ]),
    );
  }

  async createMissing(keys: ReadonlyMap<string, StoredDeviceKey>): Promise<Map<string, DeviceKeyEntry>> {
    const rows = [...keys].map(([seekerId, key]) => ({
      seeker_id: seekerId,
      key_id: key.keyId,
      wrapped_key: key.wrappedKey,
    }));
    await this.guard(() => this.db.query(this.statements.insert, [JSON.stringify(rows)]));
    return this.find([...keys.keys()]);
  }

  async erase(seekerId: string): Promise<void> {
    await this.guard(() => this.db.query(this.statements.erase, [seekerId]));
  }

  async restore(seekerId: string): Promise<void> {
    await this.guard(() => this.db.query(this.statements.restore, [seekerId]));
  }

  /** Ends the table's own executor (KEY_STORE_URL); the store's executor closes with the store. */
  async close(): Promise<void> {
    await this.closeExecutor();
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return this.side.guard(work);
  }
}
