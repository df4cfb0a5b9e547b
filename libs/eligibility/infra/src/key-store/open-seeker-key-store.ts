// Picks the key store that matches the service's event store.
import { KurrentEventStore, type EventStore } from '@soudan/event-store';
import type { SeekerKeyStore } from '@soudan/eligibility-application';
import { KurrentSeekerKeyStore } from './kurrent-seeker-key-store';
import { SqlSeekerKeyStore, type KeySqlExecutor } from './sql-seeker-key-store';

/**
 * The SQL adapters (PostgreSQL, PGlite) keep their executor and schema in protected
 * fields. Reaching them here lets the keys share the store's database, pool and (for
 * PGlite) its one instance per directory. The event-store lib should expose this
 * instead (see the report of the eligibility issue); until then the shape is checked,
 * so a change there fails at start, not at the first erasure.
 */
function sqlInternals(store: EventStore): { db: KeySqlExecutor; schema: string } | undefined {
  const candidate = store as unknown as { db?: Partial<KeySqlExecutor>; sql?: { schema?: unknown } };
  const db = candidate.db;
  if (db && typeof db.query === 'function' && typeof db.exec === 'function' && typeof db.transaction === 'function' && typeof candidate.sql?.schema === 'string') {
    return { db: db as KeySqlExecutor, schema: candidate.sql.schema };
  }
  return undefined;
}

export interface OpenedKeyStore {
  keys: SeekerKeyStore;
  close(): Promise<void>;
}

export async function openSeekerKeyStore(store: EventStore, options: { eventStoreUrl?: string; namespace: string }): Promise<OpenedKeyStore> {
  const sql = sqlInternals(store);
  if (sql) return { keys: await SqlSeekerKeyStore.open(sql.db, sql.schema), close: async () => undefined };
  if (store instanceof KurrentEventStore) {
    if (!options.eventStoreUrl) throw new Error('eligibility: the KurrentDB key store needs EVENTSTORE_URL');
    const keys = KurrentSeekerKeyStore.open(options.eventStoreUrl, options.namespace);
    return { keys, close: () => keys.close() };
  }
  throw new Error('eligibility: no deletable key store for this event store (PostgreSQL, PGlite and KurrentDB are supported)');
}
