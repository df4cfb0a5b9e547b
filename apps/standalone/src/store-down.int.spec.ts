// NATS down is covered end to end; here the event store goes away under a running
// system: requests get 503 STORE_UNAVAILABLE with nothing half-written, health says so.
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, readConfig } from '@soudan/platform';
import { createTestDatabase, eventually, freePort, startPostgres, type TestPostgresServer } from '@soudan/testing';
import { Writable } from 'node:stream';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';

const request = {
  jobSeekerNumber: '16070-12345678',
  name: '滑川 太郎',
  email: 'taro@example.jp',
  desiredSlots: ['2026-12-09T10:00:00+09:00'],
  topic: '相談',
  onlineReason: '子育て',
  devices: { camera: true, microphone: true, speaker: true },
  environment: { safeDevice: true, noPublicWifi: true, supportedOs: true, firewallOn: true, noFileSharing: true, antivirusCurrent: true },
};

describe('event store down', () => {
  let server: TestPostgresServer;
  let system: EmbeddedSystem;
  let dataDir: string;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    // A throwaway cluster of our own, so the test may stop it.
    delete process.env.DATABASE_URL;
    server = await startPostgres();
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    const db = await createTestDatabase(server);
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-store-down-'));
    const config = readConfig('embedded', { EVENTSTORE_URL: db.url, DATA_DIR: dataDir, PORT: String(await freePort()), RPC_TIMEOUT_MS: '3000' });
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    system = await startEmbeddedSystem(config, createLogger({ name: 'test', level: 'error', destination: quiet }));
  });

  afterAll(async () => {
    await system?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  });

  const post = async (key: string) => {
    const response = await fetch(`${system.url}/api/v1/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(request),
    });
    return { status: response.status, body: (await response.json()) as { code?: string; id?: string } };
  };

  it('answers 503 STORE_UNAVAILABLE, writes no mail, and reports the store down in /health', async () => {
    const ok = await post('before');
    expect(ok.status).toBe(201);
    await eventually(() => (existsSync(join(dataDir, 'outbox')) && readdirSync(join(dataDir, 'outbox')).length === 1 ? true : undefined));

    await server.stop();
    const refused = await post('after');
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('STORE_UNAVAILABLE');

    const health = await fetch(`${system.url}/api/v1/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { services: Record<string, { checks: Record<string, string> }> };
    expect(body.services.scheduling.checks.eventStore).toBe('down');

    await new Promise((r) => setTimeout(r, 1000));
    expect(readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });
});
