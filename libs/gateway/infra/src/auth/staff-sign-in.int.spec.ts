// Staff accounts and password sign-in, against a real nats-server and PostgreSQL.
import { performance } from 'node:perf_hooks';
import { decodeJwt } from 'jose';
import { openEventStore } from '@soudan/event-store';
import { encodePrincipalKeys, generatePrincipalKeys } from '@soudan/messaging';
import { ConfigError, readConfig } from '@soudan/platform';
import {
  createTestDatabase,
  eventually,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import {
  backbone,
  call,
  startGateway,
  stubEligibility,
  stubNotification,
  TEST_ADMIN_PASSWORD,
  TEST_KEYS,
  testConfig,
  tokenFromLink,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';

const COUNSELLOR_PASSWORD = 'Hayatsuki-River-42%';

describe('staff sign-in and accounts', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  const config = testConfig({ TRUST_PROXY: '1' });

  const signIn = (username: string, password: string, ip = '192.0.2.10', url = gateway.url) =>
    call(url, 'POST', '/auth/staff/session', { body: { username, password }, headers: { 'x-forwarded-for': ip } });

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_staff');
    parts = await backbone(nats.url, db.url);
    gateway = await startGateway({ backbone: parts, config });
  });

  afterAll(async () => {
    await gateway?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  it('creates admin (admin, supervisor) at the first start from ADMIN_PASSWORD and keeps only an argon2id hash', async () => {
    const session = await signIn('admin', TEST_ADMIN_PASSWORD);
    expect(session.status).toBe(201);
    expect(session.body).toEqual({ accessToken: expect.any(String), roles: ['admin', 'supervisor'], offices: ['*'] });
    expect(decodeJwt(session.body.accessToken)).toMatchObject({
      kind: 'staff',
      sub: 'staff:admin',
      roles: ['admin', 'supervisor'],
    });
    const [created] = await parts.store.readStream('staff-user-admin');
    expect((created.data as { passwordHash: string }).passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(created.data)).not.toContain(TEST_ADMIN_PASSWORD);
  });

  it('lets admin add a counsellor who then signs in with that role; refuses weak, duplicate and non-staff input', async () => {
    const admin = (await signIn('admin', TEST_ADMIN_PASSWORD)).body.accessToken;
    const created = await call(gateway.url, 'POST', '/staff/users', {
      token: admin,
      body: { username: 'tanaka', password: COUNSELLOR_PASSWORD, roles: ['counsellor'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      username: 'tanaka',
      roles: ['counsellor'],
      offices: ['16070'],
      disabled: false,
      mustChangePassword: false,
      createdAt: expect.any(String),
    });
    const session = await signIn('tanaka', COUNSELLOR_PASSWORD);
    expect(session.body.roles).toEqual(['counsellor']);

    const again = await call(gateway.url, 'POST', '/staff/users', {
      token: admin,
      body: { username: 'tanaka', password: COUNSELLOR_PASSWORD, roles: ['auditor'] },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STAFF_USER_EXISTS');

    for (const password of ['short1!A', 'passwordpassword1', 'aaaaaaaaaaaaaaaa', 'sato-is-my-name-2025!']) {
      const weak = await call(gateway.url, 'POST', '/staff/users', {
        token: admin,
        body: { username: 'sato', password, roles: ['auditor'] },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
    }
    const seekerRole = await call(gateway.url, 'POST', '/staff/users', {
      token: admin,
      body: { username: 'sato', password: COUNSELLOR_PASSWORD, roles: ['seeker'] },
    });
    expect(seekerRole.status).toBe(400);
    expect(seekerRole.body.details.fields.roles).toBeDefined();

    const byCounsellor = await call(gateway.url, 'POST', '/staff/users', {
      token: session.body.accessToken,
      body: { username: 'sato', password: COUNSELLOR_PASSWORD, roles: ['admin'] },
    });
    expect(byCounsellor.status).toBe(403);
    expect(byCounsellor.body.code).toBe('FORBIDDEN');
  });

  it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS, in similar time', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const [username, sink] of [
        ['admin', known],
        [`nobody${i}`, unknown],
      ] as const) {
        const t0 = performance.now();
        const answer = await signIn(username, 'Wrong-Password-123!', `192.0.2.${50 + i}`);
        sink.push(performance.now() - t0);
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({
          code: 'INVALID_CREDENTIALS',
          message: 'ユーザー名またはパスワードが正しくありません。',
          details: {},
        });
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2];
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(100);
  });

  it('refuses a 1 MB password with 413 and a 300-character one with 400, both before any hashing', async () => {
    // A wrong password that reaches the check is a failed sign-in of the account's stream.
    const failures = async () =>
      (await parts.store.readStream('staff-user-admin')).filter((e) => e.type === 'StaffSignInFailed').length;
    const before = await failures();
    const huge = await signIn('admin', 'x'.repeat(1024 * 1024));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const long = await signIn('admin', 'x'.repeat(300));
    expect(long.status).toBe(400);
    expect(long.body.details.fields.password).toBeDefined();
    expect(await failures()).toBe(before);
  });

  it('locks an account after 100 failures in an hour (429, Retry-After) on every replica, and only that account', async () => {
    const admin = (await signIn('admin', TEST_ADMIN_PASSWORD)).body.accessToken;
    await call(gateway.url, 'POST', '/staff/users', {
      token: admin,
      body: { username: 'yamada', password: COUNSELLOR_PASSWORD, roles: ['auditor'] },
    });
    const statuses: number[] = [];
    for (let batch = 0; batch < 11; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signIn('yamada', `Guess-${batch}-${i}-xyzzy!`, `198.18.${batch}.${i}`)),
      );
      for (const a of answers) {
        expect(a.body).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
        statuses.push(a.status);
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);

    const locked = await signIn('yamada', COUNSELLOR_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3000);

    const replica = await startGateway({ backbone: parts, config });
    try {
      expect((await signIn('yamada', COUNSELLOR_PASSWORD, '192.0.2.99', replica.url)).status).toBe(429);
      expect((await signIn('tanaka', COUNSELLOR_PASSWORD, '192.0.2.99', replica.url)).status).toBe(201);
    } finally {
      await replica.close();
    }
    expect((await signIn('tanaka', COUNSELLOR_PASSWORD, '198.18.0.1')).status).toBe(201);
  });

  it('lets the seeker sign in by link while a staff account is being flooded', async () => {
    const eligibility = await stubEligibility(parts.mode, [
      { jobSeekerNumber: '16070-11112222', email: 'kiyoshi@example.jp', seekerId: 'skr_k', name: '清' },
    ]);
    const notification = await stubNotification(parts.mode);
    try {
      const flood = Promise.all(
        Array.from({ length: 30 }, (_, i) => signIn('admin', `Flood-${i}-attempt!`, `198.19.0.${i}`)),
      );
      const asked = await call(gateway.url, 'POST', '/auth/seeker/link', {
        body: { jobSeekerNumber: '16070-11112222', email: 'kiyoshi@example.jp' },
        headers: { 'x-forwarded-for': '198.51.100.77' },
      });
      expect(asked.status).toBe(202);
      const mail = await eventually(() => notification.mails[0]);
      const session = await call(gateway.url, 'POST', '/auth/seeker/session', {
        body: { token: tokenFromLink(mail.link) },
        headers: { 'x-forwarded-for': '198.51.100.77' },
      });
      expect(session.status).toBe(201);
      expect((await flood).every((a) => a.status === 401 || a.status === 429 || a.status === 503)).toBe(true);
    } finally {
      await eligibility.close();
      await notification.close();
    }
  });

  it('refuses to start without ADMIN_PASSWORD outside the embedded default, or with a weak one, naming the variable', async () => {
    const store = await openEventStore(db.url, { schema: 'gateway_fresh' });
    try {
      const env = { NATS_URL: nats.url, EVENTSTORE_URL: db.url, ...TEST_KEYS, DATA_DIR: config.dataDir };
      const principalPrivateKey = encodePrincipalKeys(generatePrincipalKeys()).privateKey;
      for (const [adminPassword, expected] of [
        [undefined, /ADMIN_PASSWORD: is required at the first start/],
        ['change-me-now-please', /ADMIN_PASSWORD: is too weak/],
        ['short', /ADMIN_PASSWORD: is too weak/],
      ] as const) {
        const distributed = readConfig(
          'distributed',
          { ...env, ADMIN_PASSWORD: adminPassword, PRINCIPAL_PRIVATE_KEY: principalPrivateKey },
          { signsPrincipals: true },
        );
        const attempt = startGateway({ backbone: { ...parts, store }, config: distributed });
        await expect(attempt).rejects.toBeInstanceOf(ConfigError);
        await expect(attempt).rejects.toThrow(expected);
      }
    } finally {
      await store.close();
    }
  });

  it('embedded with no ADMIN_PASSWORD: makes a strong one, shows it once, keeps only its hash', async () => {
    const store = await openEventStore(db.url, { schema: 'gateway_embedded' });
    const shown: string[] = [];
    const embedded = testConfig({ ADMIN_PASSWORD: '' });
    try {
      const first = await startGateway({
        backbone: { ...parts, store },
        config: embedded,
        options: { announce: (text) => shown.push(text) },
      });
      await first.close();
      const second = await startGateway({
        backbone: { ...parts, store },
        config: embedded,
        options: { announce: (text) => shown.push(text) },
      });
      try {
        expect(shown).toHaveLength(1);
        const password = /パスワード: (\S+)/.exec(shown[0])![1];
        expect(password.length).toBeGreaterThanOrEqual(20);
        expect((await signIn('admin', password, '192.0.2.200', second.url)).status).toBe(201);
        const stored = JSON.stringify((await store.readStream('staff-user-admin')).map((e) => e.data));
        expect(stored).not.toContain(password);
      } finally {
        await second.close();
      }
    } finally {
      await store.close();
    }
  });
});
