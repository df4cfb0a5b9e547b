export * from './event-store.port';
export {
  findUnstorableText,
  isUnstorableText,
  makeStorable,
  storableText,
  truncateText,
  unstorablePaths,
} from './storable-text';
export { appendToStreams } from './append-to-streams';
export { openEventStore, openEmbeddedStores, parseEventStoreUrl, ACCEPTED_EVENTSTORE_URLS } from './open-event-store';
export type { OpenEventStoreOptions, EmbeddedStores, EventStoreKind } from './open-event-store';
export { PostgresEventStore } from './postgres/postgres-event-store';
export type { PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { PgliteEventStore } from './pglite/pglite-event-store';
export type { PgliteEventStoreOptions } from './pglite/pglite-event-store';
export type { SqlEventStoreOptions } from './sql/sql-event-store';
export { KurrentEventStore } from './kurrentdb/kurrent-event-store';
export type { KurrentEventStoreOptions } from './kurrentdb/kurrent-event-store';
export {
  SnapshotKeeper,
  rebuildReadModelsRequested,
  snapshotText,
  checkSnapshotParts,
  listsInParts,
  WHOLE_STATE,
  DEFAULT_SNAPSHOT_POLICY,
} from './projection-snapshots';
export type {
  SnapshotKeeperOptions,
  SnapshotPolicy,
  SnapshotLogger,
  SnapshotSplitting,
  Restored,
} from './projection-snapshots';
export { PulledReadModel } from './pulled-read-model';
export type { PulledReadModelOptions } from './pulled-read-model';
export { sqlAccessOf, isUniqueViolation, SideTable } from './sql/sql-access';
export { openPgExecutor } from './postgres/pg-executor';
export type { SqlAccess, SqlExecutor, SqlSession, SqlStatement } from './sql/sql-access';
export { canonicalJson, contentHash } from './content-hash';
