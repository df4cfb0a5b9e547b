// The shared limits on a real PostgreSQL (RATE_LIMIT_STORE_URL): a key that has used its
// allowance is refused from memory until the store's window ends, so a flood of refused
// attempts costs no statement each, while every attempt let through is still counted
// where all replicas see it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { jest } from '@jest/globals';
import type { EventStore } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from '@soudan/testing';
import { limitBackendFor, type LimitBackend } from './shared-limits';

describe('shared limits on PostgreSQL', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  const backends: LimitBackend[] = [];
  const key = randomBytes(32);
  const backend = () => {
    const made = limitBackendFor({
      store: {} as EventStore, // not SQL: the limits use RATE_LIMIT_STORE_URL
      rateLimitStoreUrl: db.url,
      pseudonymKey: key,
      logger: createLogger({ name: 'test', level: 'silent' }),
      distributed: true,
    });
    backends.push(made);
    return made;
  };

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_shared_limits');
  });

  afterAll(async () => {
    for (const b of backends) await b.close();
    await db?.drop();
    await server?.stop();
  });

  it('refuses a spent key from memory (no statement per refusal); another replica still refuses it from the store', async () => {
    const rule = { limit: 3, windowMs: 60_000 };
    const first = backend().limiter('links-ip', rule);
    const queries = jest.spyOn(pg.Pool.prototype, 'query');
    try {
      for (let i = 0; i < rule.limit; i += 1) await first.take('203.0.113.9');
      const statementsAllowed = queries.mock.calls.length;
      expect(statementsAllowed).toBeGreaterThanOrEqual(rule.limit);
      const refusals: unknown[] = [];
      for (let i = 0; i < 50; i += 1) refusals.push(await first.take('203.0.113.9').catch((error: unknown) => error));
      expect(refusals.every((r) => (r as { code?: string }).code === 'RATE_LIMITED')).toBe(true);
      expect((refusals[49] as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds).toBeGreaterThan(
        0,
      );
      // The 50 refusals asked the store nothing.
      expect(queries.mock.calls.length).toBe(statementsAllowed);

      // A second replica (its own memory) learns the same from the shared table.
      const second = backend().limiter('links-ip', rule);
      await expect(second.take('203.0.113.9')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      // Another address is not held back by the first one's block.
      await expect(first.take('203.0.113.10')).resolves.toBeUndefined();
    } finally {
      queries.mockRestore();
    }
  });
});
