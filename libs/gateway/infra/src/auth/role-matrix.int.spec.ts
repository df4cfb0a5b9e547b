// Every route × every kind of caller, built from the route declarations themselves, so
// a route someone adds later is in the matrix without touching this file. Real
// nats-server and PostgreSQL; no upstream service runs, so a request the guard lets
// through ends at validation (400) or as UPSTREAM_UNAVAILABLE (503), which is the point:
// it got past the guard, and nothing ever answers 500.
import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import {
  createTestDatabase,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { API_PREFIX } from '../gateway.app';
import { AccessTokens, accessTokenKey, AUDIENCE, ISSUER } from '@soudan/identity-infra';
import { listRoutes, type RouteInfo } from './route-inventory';
import { STAFF_ROLES, type Role } from './roles';
import {
  backbone,
  call,
  startGateway,
  TEST_ADMIN_PASSWORD,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';

type Caller = { name: string; token?: string; role?: Role; expect?: { status: number; code: string } };

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

describe('role matrix: every route × every caller', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let routes: RouteInfo[];
  const callers: Caller[] = [];
  const config = testConfig();

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_matrix');
    parts = await backbone(nats.url, db.url);
    gateway = await startGateway({ backbone: parts, config, options: { requestsPerIpPerMinute: 100_000 } });
    routes = listRoutes(gateway.app, API_PREFIX);

    const admin = (
      await call(gateway.url, 'POST', '/auth/staff/session', {
        body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      })
    ).body.accessToken as string;
    // One account per role, the admin role alone included, so the matrix sees what each
    // role may do by itself (tokens of accounts that do not exist are refused). National
    // accounts: what offices allow is the office matrix's (staff-offices.int.spec.ts).
    for (const role of STAFF_ROLES) {
      const username = `only-${role}`;
      const password = `Tateyama-Matrix-${STAFF_ROLES.indexOf(role)}9!x`;
      expect(
        (
          await call(gateway.url, 'POST', '/staff/users', {
            token: admin,
            body: { username, password, roles: [role], offices: ['*'] },
          })
        ).status,
      ).toBe(201);
      const session = await call(gateway.url, 'POST', '/auth/staff/session', { body: { username, password } });
      callers.push({ name: role, role, token: session.body.accessToken });
    }
    const key = accessTokenKey(config);
    const tokens = new AccessTokens(key, { now: () => new Date() });
    // Seeker sign-in by link has its own tests; here only the token matters.
    const seeker = await tokens.issue({
      kind: 'seeker',
      jobSeekerNumber: '16070-12345678',
      seekerId: 'skr_matrix',
      roles: ['seeker'],
    });
    callers.push({ name: 'seeker', role: 'seeker', token: seeker });

    const [header, payload, signature] = admin.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...claims, roles: ['admin', 'supervisor', 'auditor', 'counsellor'] }),
    ).toString('base64url');
    const expired = await new AccessTokens(key, new ManualClock(new Date(Date.now() - 2 * 3600_000))).issue({
      kind: 'staff',
      username: 'admin',
      roles: ['admin', 'supervisor'],
    });
    const invalid = { status: 401, code: 'INVALID_TOKEN' };
    callers.push(
      { name: 'no token', expect: { status: 401, code: 'UNAUTHENTICATED' } },
      { name: 'expired', token: expired, expect: { status: 401, code: 'TOKEN_EXPIRED' } },
      { name: 'tampered claims', token: `${header}.${forgedPayload}.${signature}`, expect: invalid },
      { name: 'truncated', token: admin.slice(0, -5), expect: invalid },
      { name: 'signature only cut off', token: `${header}.${payload}.`, expect: invalid },
      {
        name: 'signed with another key',
        token: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32).fill(7)),
        expect: invalid,
      },
      { name: 'alg none', token: new UnsecuredJWT(claims).encode(), expect: invalid },
      {
        name: 'HS256 keyed with a public value',
        token: `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${payload}.${createHmac(
          'sha256',
          ISSUER + AUDIENCE,
        )
          .update(`${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${payload}`)
          .digest('base64url')}`,
        expect: invalid,
      },
      { name: 'garbage', token: 'not-a-jwt', expect: invalid },
      { name: 'Basic scheme', expect: invalid },
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  it('covers every route, sign-in and staff users included', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/staff/users',
        'GET /api/v1/audit/events',
        'POST /api/v1/auth/staff/session',
      ]),
    );
    // The audit routes (auditor; disclosures: supervisor).
    expect(
      routes
        .filter((r) => r.path.startsWith('/api/v1/audit'))
        .map((r) => `${r.method} ${r.path} ${r.roles?.join(',')}`)
        .sort(),
    ).toEqual([
      'GET /api/v1/audit/disclosures supervisor',
      'GET /api/v1/audit/disclosures/:id supervisor',
      'GET /api/v1/audit/events auditor',
      'GET /api/v1/audit/integrity auditor',
      'GET /api/v1/audit/usage auditor',
      'POST /api/v1/audit/disclosures supervisor',
      'POST /api/v1/audit/disclosures/:id/approval supervisor',
    ]);
  });

  it('answers every cell as the declarations say, in api.md error shape, never 500', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, (_m, name: string) =>
        /token/i.test(name) ? 'abcdefghijklmnopqrstuvwx' : SAMPLE_ID,
      );
      for (const caller of callers) {
        const headers: Record<string, string> =
          caller.name === 'Basic scheme' ? { authorization: 'Basic YWRtaW46YWRtaW4=' } : {};
        const answer = await call(gateway.url, route.method, path, {
          token: caller.token,
          headers,
          body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined,
        });
        const cell = `${route.method} ${route.path} as ${caller.name}: ${answer.status} ${answer.body?.code ?? ''}`;
        // /health answers its own report (503 while a service is down); /join answers HTML pages.
        const errorShape =
          answer.status < 400 ||
          route.path.startsWith('/join') ||
          route.path.endsWith('/health') ||
          (typeof answer.body?.code === 'string' &&
            typeof answer.body?.message === 'string' &&
            typeof answer.body?.details === 'object');
        if (answer.status >= 500 && answer.status !== 503) failures.push(`${cell} (server error)`);
        if (!errorShape) failures.push(`${cell} (not the api.md error shape)`);
        if (route.isPublic) {
          if (answer.status === 401 || answer.status === 403) failures.push(`${cell} (public route refused)`);
          continue;
        }
        const expected =
          caller.expect ?? (route.roles!.includes(caller.role!) ? undefined : { status: 403, code: 'FORBIDDEN' });
        if (expected) {
          if (answer.status !== expected.status || answer.body?.code !== expected.code)
            failures.push(`${cell} (expected ${expected.status} ${expected.code})`);
        } else if (answer.status === 401 || answer.status === 403) {
          failures.push(`${cell} (allowed role refused)`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('tells a client without a token how to authenticate (WWW-Authenticate)', async () => {
    const answer = await call(gateway.url, 'GET', '/audit/events');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="soudan"');
    const bad = await call(gateway.url, 'GET', '/audit/events', { token: 'x.y.z' });
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
