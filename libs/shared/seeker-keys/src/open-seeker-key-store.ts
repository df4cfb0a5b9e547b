// Picks the key store that matches the service's event store, apart from its events (R54).
import { KurrentEventStore, sqlAccessOf, type EventStore } from '@soudan/event-store';
import { adoptLegacyKeyTable, placeKeys } from './key-placement';
import type { SeekerKeyStore } from './seeker-key-vault';
import { KurrentSeekerKeyStore } from './kurrent-seeker-key-store';
import { SqlSeekerKeyStore, SEEKER_KEY_COLUMNS } from './sql-seeker-key-store';

export interface OpenedKeyStore {
  keys: SeekerKeyStore;
  close(): Promise<void>;
}

export async function openSeekerKeyStore(
  store: EventStore,
  options: { eventStoreUrl?: string; namespace: string; keyStoreUrl?: string },
): Promise<OpenedKeyStore> {
  // SQL stores: the keys' own schema of the same database (PGlite: its one instance per
  // directory), or a database of their own (KEY_STORE_URL).
  const sql = sqlAccessOf(store);
  if (sql) {
    const placement = placeKeys(sql, options.keyStoreUrl);
    try {
      const keys = await SqlSeekerKeyStore.open(placement.executor, placement.schema);
      await adoptLegacyKeyTable(sql, placement, 'seeker_keys', SEEKER_KEY_COLUMNS);
      return { keys, close: placement.close };
    } catch (error) {
      await placement.close().catch(() => undefined);
      throw error;
    }
  }
  if (store instanceof KurrentEventStore) {
    if (!options.eventStoreUrl) throw new Error('the KurrentDB key store needs EVENTSTORE_URL');
    const keys = KurrentSeekerKeyStore.open(options.eventStoreUrl, options.namespace);
    return { keys, close: () => keys.close() };
  }
  throw new Error('no deletable key store for this event store (PostgreSQL, PGlite and KurrentDB are supported)');
}
