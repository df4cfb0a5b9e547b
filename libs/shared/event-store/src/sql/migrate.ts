import type { EventStoreSql } from './event-store-sql';
import type { SqlExecutor } from './sql-executor';

/**
 * Brings the schema up to date. Each migration runs once, in its own transaction, under
 * a transaction-scoped advisory lock: when two processes start together the second waits,
 * then finds the version recorded and skips it. The lock is per schema, so services that
 * share a database do not wait for each other.
 */
export async function migrate(db: SqlExecutor, sql: EventStoreSql): Promise<void> {
  // CREATE SCHEMA / TABLE IF NOT EXISTS are not safe against a concurrent twin (both
  // may pass the check and one fails on the catalog's unique index): lock first.
  await db.transaction(async (tx) => {
    await tx.query(sql.lockMigrations, [sql.migrationLockKey]);
    await tx.exec(sql.createMigrationsTable);
  });
  for (const migration of sql.migrations) {
    await db.transaction(async (tx) => {
      await tx.query(sql.lockMigrations, [sql.migrationLockKey]);
      const applied = await tx.query<{ version: number }>(sql.appliedMigrations);
      if (applied.some((row) => Number(row.version) === migration.version)) return;
      await tx.exec(migration.sql);
      await tx.query(sql.recordMigration, [migration.version, migration.description]);
    });
  }
}
