// Picks the key store that matches the service's event store.
import { KurrentEventStore, sqlAccessOf, type EventStore } from '@soudan/event-store';
import type { SeekerKeyStore } from '@soudan/eligibility-application';
import { KurrentSeekerKeyStore } from './kurrent-seeker-key-store';
import { SqlSeekerKeyStore } from './sql-seeker-key-store';

export interface OpenedKeyStore {
  keys: SeekerKeyStore;
  close(): Promise<void>;
}

export async function openSeekerKeyStore(store: EventStore, options: { eventStoreUrl?: string; namespace: string }): Promise<OpenedKeyStore> {
  // The keys share the SQL store's database, pool and (PGlite) its one instance per directory.
  const sql = sqlAccessOf(store);
  if (sql) return { keys: await SqlSeekerKeyStore.open(sql.executor, sql.schema), close: async () => undefined };
  if (store instanceof KurrentEventStore) {
    if (!options.eventStoreUrl) throw new Error('eligibility: the KurrentDB key store needs EVENTSTORE_URL');
    const keys = KurrentSeekerKeyStore.open(options.eventStoreUrl, options.namespace);
    return { keys, close: () => keys.close() };
  }
  throw new Error('eligibility: no deletable key store for this event store (PostgreSQL, PGlite and KurrentDB are supported)');
}
