// Chooses the adapter from EVENTSTORE_URL (architecture.md "Config").
import { isAbsolute, join, resolve } from 'node:path';
import type { EventStore } from './event-store.port';
import { instrumentStore } from './instrumented-store';
import { KurrentEventStore } from './kurrentdb/kurrent-event-store';
import { PgliteEventStore } from './pglite/pglite-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import type { SqlEventStoreOptions } from './sql/sql-event-store';

export interface OpenEventStoreOptions extends SqlEventStoreOptions {
  /** The service's schema (PostgreSQL, PGlite) or stream-name prefix for internal streams (KurrentDB). Default `public`. */
  schema?: string;
  /** DATA_DIR: the embedded store lives in `<dataDir>/event-store` when no URL is given. */
  dataDir?: string;
  poolSize?: number;
}

export const ACCEPTED_EVENTSTORE_URLS =
  'postgres://… or postgresql://… (PostgreSQL), kurrentdb://…, esdb://… or kdb://… (KurrentDB), pglite://<directory> or pglite://memory (embedded), or unset for the embedded store under DATA_DIR';

export type EventStoreKind =
  | { kind: 'postgres'; url: string }
  | { kind: 'kurrentdb'; url: string }
  | { kind: 'pglite'; dataDir: string | undefined };

/** Which adapter a URL means, without opening anything. */
export function parseEventStoreUrl(url: string | undefined, dataDir?: string): EventStoreKind {
  const raw = url?.trim();
  if (!raw) return { kind: 'pglite', dataDir: dataDir === undefined ? undefined : join(dataDir, 'event-store') };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { kind: 'postgres', url: raw };
    case 'kurrentdb':
    case 'kurrentdb+discover':
    case 'esdb':
    case 'esdb+discover':
    case 'kdb':
    case 'kdb+discover':
      return { kind: 'kurrentdb', url: raw };
    case 'pglite': {
      // A file path, not a URL with a host: `pglite://data/es` is the relative directory data/es.
      const path = raw.slice('pglite://'.length);
      if (path === 'memory') return { kind: 'pglite', dataDir: undefined };
      if (!path) return { kind: 'pglite', dataDir: dataDir === undefined ? undefined : join(dataDir, 'event-store') };
      return { kind: 'pglite', dataDir: isAbsolute(path) ? path : resolve(dataDir ?? '.', path) };
    }
    default:
      throw new Error(`EVENTSTORE_URL "${raw}" is not an event store URL; accepted: ${ACCEPTED_EVENTSTORE_URLS}`);
  }
}

export async function openEventStore(
  url: string | undefined,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  return instrumentStore(await openAdapter(url, options), options.schema ?? 'public');
}

async function openAdapter(url: string | undefined, options: OpenEventStoreOptions): Promise<EventStore> {
  const target = parseEventStoreUrl(url, options.dataDir);
  switch (target.kind) {
    case 'postgres':
      return PostgresEventStore.connect({ ...options, url: target.url });
    case 'kurrentdb':
      return KurrentEventStore.connect({
        url: target.url,
        namespace: options.schema,
        onSubscriptionError: options.onSubscriptionError,
      });
    case 'pglite':
      return PgliteEventStore.open({ ...options, dataDir: target.dataDir });
  }
}

export interface EmbeddedStores {
  /** The store of one of the schemas asked for. */
  get(schema: string): EventStore;
  close(): Promise<void>;
}

/**
 * One store per schema on the same URL, for running every service in one process. On
 * the embedded store they share one PGlite instance (a directory admits one).
 */
export async function openEmbeddedStores(
  options: OpenEventStoreOptions & { url?: string; schemas: string[] },
): Promise<EmbeddedStores> {
  const stores = new Map<string, EventStore>();
  try {
    for (const schema of options.schemas) stores.set(schema, await openEventStore(options.url, { ...options, schema }));
  } catch (error) {
    await Promise.allSettled([...stores.values()].map((store) => store.close()));
    throw error;
  }
  return {
    get: (schema) => {
      const store = stores.get(schema);
      if (!store)
        throw new Error(`no event store was opened for schema "${schema}" (opened: ${[...stores.keys()].join(', ')})`);
      return store;
    },
    close: async () => {
      await Promise.all([...stores.values()].map((store) => store.close()));
    },
  };
}
