import { join, resolve } from 'node:path';
import { parseEventStoreUrl } from './open-event-store';
import { KurrentEventStore } from './kurrentdb/kurrent-event-store';

describe('choosing the event store from EVENTSTORE_URL', () => {
  it('uses PostgreSQL for postgres:// and postgresql://', () => {
    expect(parseEventStoreUrl('postgres://u@h:5432/db')).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(parseEventStoreUrl('postgresql://h/db').kind).toBe('postgres');
  });

  it('uses KurrentDB for kurrentdb://, esdb:// and kdb://', () => {
    for (const url of [
      'kurrentdb://h:2113?tls=false',
      'esdb://h:2113',
      'kdb://h:2113',
      'kurrentdb+discover://h:2113',
    ]) {
      expect(parseEventStoreUrl(url).kind).toBe('kurrentdb');
    }
  });

  it('uses the embedded store under DATA_DIR when no URL is set', () => {
    expect(parseEventStoreUrl(undefined, '/var/soudan')).toEqual({
      kind: 'pglite',
      dataDir: join('/var/soudan', 'event-store'),
    });
    expect(parseEventStoreUrl('  ', '/var/soudan')).toEqual({
      kind: 'pglite',
      dataDir: join('/var/soudan', 'event-store'),
    });
  });

  it('reads pglite:// as a directory (relative to DATA_DIR) or as memory', () => {
    expect(parseEventStoreUrl('pglite:///srv/es', '/d')).toEqual({ kind: 'pglite', dataDir: '/srv/es' });
    expect(parseEventStoreUrl('pglite://es', '/d')).toEqual({ kind: 'pglite', dataDir: resolve('/d', 'es') });
    expect(parseEventStoreUrl('pglite://memory', '/d')).toEqual({ kind: 'pglite', dataDir: undefined });
  });

  it('refuses anything else with a message naming EVENTSTORE_URL and the accepted forms', () => {
    expect(() => parseEventStoreUrl('mysql://h/db')).toThrow(
      /EVENTSTORE_URL.*postgres:\/\/.*kurrentdb:\/\/.*pglite:\/\//,
    );
    expect(() => parseEventStoreUrl('just-a-path')).toThrow(/EVENTSTORE_URL/);
  });

  it('loads the KurrentDB adapter module (the gRPC client resolves under ESM)', () => {
    expect(typeof KurrentEventStore.connect).toBe('function');
  });
});
