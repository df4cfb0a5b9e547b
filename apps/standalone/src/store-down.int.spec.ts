// NATS down is covered end to end; here the event store goes away under a running
// system: requests get 503 STORE_UNAVAILABLE with nothing half-written, health says so.
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createLogger, readConfig } from '@soudan/platform';
import { createTestDatabase, eventually, freePort, startPostgres, type TestPostgresServer } from '@soudan/testing';
import { BusinessCalendar, jstDateOf } from '@soudan/time';
import { Writable } from 'node:stream';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const request = {
  name: '滑川 太郎',
  email: 'taro@example.jp',
  desiredSlots: [`${new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 4)}T10:00:00+09:00`],
  topic: '相談',
  onlineReason: '子育て',
  ...readySeeker(),
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
    const config = readConfig('embedded', {
      EVENTSTORE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      RPC_TIMEOUT_MS: '3000',
      ADMIN_PASSWORD,
    });
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    system = await startEmbeddedSystem(config, createLogger({ name: 'test', level: 'error', destination: quiet }));
  });

  afterAll(async () => {
    await system?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  });

  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${system.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as { code?: string; id?: string; accessToken?: string },
    };
  };
  const post = (key: string, token: string) =>
    call('/reservations', request, { 'idempotency-key': key, authorization: `Bearer ${token}` });
  /** Mails other than sign-in links (those are .eml files too). */
  const reservationMails = () =>
    existsSync(join(dataDir, 'outbox'))
      ? readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml') && !f.startsWith('sign-in-'))
      : [];

  /** Roster entry by staff, link by mail (the outbox), exchanged for a seeker token. */
  const signInAsSeeker = async () => {
    const admin = (await call('/auth/staff/session', { username: 'admin', password: ADMIN_PASSWORD })).body
      .accessToken!;
    const added = await call(
      '/staff/seekers',
      {
        jobSeekerNumber: '16070-12345678',
        name: request.name,
        email: request.email,
        officeCode: '16070',
        status: 'registered',
      },
      { authorization: `Bearer ${admin}` },
    );
    expect([200, 201]).toContain(added.status);
    expect((await call('/auth/seeker/link', { jobSeekerNumber: '16070-12345678', email: request.email })).status).toBe(
      202,
    );
    const token = await eventually(
      async () => {
        const dir = join(dataDir, 'outbox');
        const file = existsSync(dir)
          ? readdirSync(dir).find((f) => f.startsWith('sign-in-') && f.endsWith('.eml'))
          : undefined;
        if (!file) return undefined;
        return /#token=([A-Za-z0-9_-]{43})/.exec((await simpleParser(readFileSync(join(dir, file)))).text ?? '')?.[1];
      },
      { what: 'the sign-in mail in the outbox' },
    );
    const session = await call('/auth/seeker/session', { token });
    expect(session.status).toBe(201);
    return session.body.accessToken!;
  };

  it('answers 503 STORE_UNAVAILABLE, writes no mail, and reports the store down in /health', async () => {
    // Signed in before the store goes: the token itself needs no store.
    const seeker = await signInAsSeeker();
    const ok = await post('before', seeker);
    expect(ok.status).toBe(201);
    await eventually(() => (reservationMails().length === 1 ? true : undefined));

    await server.stop();
    const refused = await post('after', seeker);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('STORE_UNAVAILABLE');

    const health = await fetch(`${system.url}/api/v1/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { services: Record<string, { checks: Record<string, string> }> };
    expect(body.services.scheduling.checks.eventStore).toBe('down');

    await new Promise((r) => setTimeout(r, 1000));
    expect(reservationMails()).toHaveLength(1);
  });
});
