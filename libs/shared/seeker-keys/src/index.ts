// R54 for every context: personal data sealed with a key per seeker, the key kept where
// a delete is a delete (a port: a table in a schema or database of its own, apart from
// the events and their backups), erasure by destroying the key.
export * from './seeker-key-vault';
export { SqlSeekerKeyStore, SEEKER_KEY_COLUMNS } from './sql-seeker-key-store';
export { adoptLegacyKeyTable, keySchemaOf, placeKeys, type KeyPlacement } from './key-placement';
export { KurrentSeekerKeyStore } from './kurrent-seeker-key-store';
export { openSeekerKeyStore, type OpenedKeyStore } from './open-seeker-key-store';
export { LazySeekerKeyStore } from './lazy-key-store';
