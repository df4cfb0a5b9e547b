// Limits that hold across gateway replicas (issue 9, "Abuse"): two gateways share one
// store, as two replicas of the distributed form do (each its own pool on PostgreSQL)
// and as two gateway apps on the embedded store (PGlite) would. Sign-in links are
// limited per account whatever the address, per address whatever the account, failed
// staff sign-ins per address; every refusal is 429 with Retry-After, on either replica,
// and after a restart. The shared table holds no job seeker number and no address.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createTestDatabase,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import type { GatewayOptions } from './gateway-options';
import {
  backbone,
  call,
  startGateway,
  stubEligibility,
  stubNotification,
  testConfig,
  type RosterEntry,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';

const TARO: RosterEntry = {
  jobSeekerNumber: '16070-12345678',
  email: 'taro@example.jp',
  seekerId: 'skr_taro',
  name: '滑川 太郎',
};
const OPTIONS: GatewayOptions = {
  seekerLimits: {
    linksPerAccount: { limit: 5, windowMs: 15 * 60_000 },
    linksPerIp: { limit: 8, windowMs: 60 * 60_000 },
  },
  staffLimits: { failuresPerIp: { limit: 4, windowMs: 60 * 60_000 }, failureFloorMs: 0 },
};
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe.each(['PostgreSQL', 'PGlite'] as const)('limits shared by two gateways on one store (%s)', (kind) => {
  let nats: TestNatsServer;
  let server: TestPostgresServer | undefined;
  let db: TestDatabase | undefined;
  const backbones: TestBackbone[] = [];
  const gateways: TestGateway[] = [];
  let stubs: Array<{ close(): Promise<void> }> = [];
  const config = testConfig({ TRUST_PROXY: '1' });

  const link = (gateway: TestGateway, jobSeekerNumber: string, ip: string) =>
    call(gateway.url, 'POST', '/auth/seeker/link', {
      body: { jobSeekerNumber, email: TARO.email },
      headers: from(ip),
    });

  beforeAll(async () => {
    nats = await startNatsServer();
    let storeUrl: string;
    if (kind === 'PostgreSQL') {
      server = await startPostgres();
      db = await createTestDatabase(server);
      storeUrl = db.url;
    } else storeUrl = `pglite://${mkdtempSync(join(tmpdir(), 'soudan-limits-'))}`;
    // PostgreSQL: each replica its own connections; PGlite: one process owns the store, two apps share it.
    backbones.push(await backbone(nats.url, storeUrl));
    if (kind === 'PostgreSQL') backbones.push(await backbone(nats.url, storeUrl));
    stubs = [await stubEligibility(backbones[0].mode, [TARO]), await stubNotification(backbones[0].mode)];
    for (const parts of [backbones[0], backbones.at(-1)!])
      gateways.push(await startGateway({ backbone: parts, config, options: OPTIONS }));
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    for (const stub of stubs) await stub.close();
    for (const parts of backbones) await parts.close();
    await db?.drop().catch(() => undefined);
    await server?.stop();
    await nats?.stop();
  });

  it('sign-in links are limited per account whatever the address and the replica, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await link(gateways[i % 2], TARO.jobSeekerNumber, `2001:db8::${i}`)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    for (const gateway of gateways) {
      const refused = await link(gateway, TARO.jobSeekerNumber, '2001:db8::99');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    // Another account is not affected.
    expect((await link(gateways[1], '16070-11111111', '2001:db8::100')).status).toBe(202);
  });

  it('sign-in links are limited per address whatever the account, across replicas', async () => {
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await link(gateways[i % 2], `16070-2000000${i}`, ip)).status);
    expect(statuses.slice(0, 8).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
  });

  it('failed staff sign-ins are limited per address across replicas; the right password is refused too once limited', async () => {
    const ip = '198.51.100.77';
    const attempt = (gateway: TestGateway, password: string) =>
      call(gateway.url, 'POST', '/auth/staff/session', { body: { username: 'admin', password }, headers: from(ip) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(gateways[i % 2], `Wrong-password-${i}-xyz!`)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    for (const gateway of gateways) {
      const refused = await attempt(gateway, 'Kurobe-Tateyama-7q!x');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('a restarted gateway still knows the limits', async () => {
    await gateways[0].close();
    gateways[0] = await startGateway({ backbone: backbones[0], config, options: OPTIONS });
    expect((await link(gateways[0], TARO.jobSeekerNumber, '2001:db8::1234')).status).toBe(429);
  });

  const sharedTable = kind === 'PostgreSQL' ? it : it.skip;
  sharedTable('R52, R54: the shared table holds keyed hashes, no job seeker number and no address', async () => {
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>('SELECT key FROM gateway.rate_limits');
      expect(rows.length).toBeGreaterThan(5);
      const keys = rows.map((r) => r.key).join('\n');
      for (const raw of ['16070', '2001:db8', '203.0.113', '198.51.100', 'admin']) expect(keys).not.toContain(raw);
    } finally {
      await client.end();
    }
  });
});
