// The edge's protections and documentation: security headers, CORS for the configured
// web origin only, a per-address request limit nobody normal reaches, answers in the
// caller's language down to each field, and the OpenAPI document. Real nats-server and
// PostgreSQL.
import { connect } from 'node:net';
import {
  createTestDatabase,
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
  TEST_ADMIN_PASSWORD,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';

describe('the HTTP edge', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let plain: TestGateway;
  let withOrigin: TestGateway;

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_edge');
    parts = await backbone(nats.url, db.url);
    plain = await startGateway({
      backbone: parts,
      config: testConfig({ TRUST_PROXY: '1' }),
      options: { requestsPerIpPerMinute: 30 },
    });
    withOrigin = await startGateway({
      backbone: parts,
      config: testConfig({ WEB_ORIGIN: 'https://soudan.example.jp' }),
    });
  });

  afterAll(async () => {
    await plain?.close();
    await withOrigin?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  it('sends security headers (helmet), keeps answers out of caches, and hides the framework', async () => {
    const answer = await call(plain.url, 'GET', '/audit/events', { headers: { 'x-forwarded-for': '192.0.2.1' } });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('allows no cross-origin caller by default', async () => {
    const preflight = await fetch(`${plain.url}/api/v1/auth/staff/session`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://soudan.example.jp',
        'access-control-request-method': 'POST',
        'x-forwarded-for': '192.0.2.2',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await call(plain.url, 'GET', '/health', {
      headers: { origin: 'https://evil.example', 'x-forwarded-for': '192.0.2.2' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured WEB_ORIGIN, with the headers the web app needs', async () => {
    const preflight = await fetch(`${withOrigin.url}/api/v1/reservations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://soudan.example.jp',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://soudan.example.jp');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(`${withOrigin.url}/api/v1/reservations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await call(withOrigin.url, 'GET', '/audit/events', {
      headers: { origin: 'https://soudan.example.jp' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://soudan.example.jp');
    expect(simple.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('limits requests per client address over all routes (429 RATE_LIMITED, Retry-After), and only that address', async () => {
    const answers = [];
    for (let i = 0; i < 35; i++) {
      const path = i % 2 ? '/audit/events' : '/terms/current';
      answers.push(await call(plain.url, 'GET', path, { headers: { 'x-forwarded-for': '203.0.113.50' } }));
    }
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.slice(0, 30).every((a) => a.status !== 429)).toBe(true);
    // 30 a minute is one back every 2 s: on a slow machine one may come back during the 35.
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(limited.length).toBeLessThanOrEqual(5);
    expect(limited[0].body).toEqual({
      code: 'RATE_LIMITED',
      message: '短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      (await call(plain.url, 'GET', '/audit/events', { headers: { 'x-forwarded-for': '203.0.113.51' } })).status,
    ).toBe(401);
  });

  it('words errors and each invalid field in Japanese by default and in English with Accept-Language: en', async () => {
    const body = { username: 'Bad Name', password: 'x', roles: ['seeker'] };
    const admin = (
      await call(withOrigin.url, 'POST', '/auth/staff/session', {
        body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      })
    ).body.accessToken;
    const ja = await call(withOrigin.url, 'POST', '/staff/users', { token: admin, body });
    expect(ja.status).toBe(400);
    expect(ja.body.message).toBe('入力内容に誤りがあります。各項目をご確認ください。');
    expect(ja.body.details.fields).toEqual({
      username: ['形式が正しくありません。'],
      roles: ['次のいずれかを指定してください: counsellor, supervisor, auditor, admin'],
    });
    const en = await call(withOrigin.url, 'POST', '/staff/users', {
      token: admin,
      body,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.body.message).toBe('Some fields are invalid; see details.');
    expect(en.body.details.fields.username[0]).toMatch(/^username must be/);
    expect(en.body.details.fields.roles[0]).toMatch(/each value in roles must be one of/);

    const missing = await call(withOrigin.url, 'POST', '/auth/seeker/link', {
      body: { jobSeekerNumber: '123', extra: 1 },
    });
    expect(missing.body.details.fields).toEqual({
      jobSeekerNumber: ['形式が正しくありません（例: 16070-12345678）。'],
      email: ['必須項目です。'],
      extra: ['この項目は使えません。'],
    });
    const unauthenticated = await call(withOrigin.url, 'GET', '/audit/events', {
      headers: { 'accept-language': 'en' },
    });
    expect(unauthenticated.body.message).toBe('Sign in first: this needs a bearer token.');
  });

  it('answers / with where the API is, and an unknown path, inside /api/v1 or not, with 404 in the error shape of api.md', async () => {
    const root = await fetch(`${withOrigin.url}/`);
    expect(root.status).toBe(200);
    expect(await root.json()).toMatchObject({ api: '/api/v1', docs: '/api/docs' });
    for (const path of ['/nothing-here', '/api/v1/nothing-here', '/api/v2/reservations']) {
      const response = await fetch(`${withOrigin.url}${path}`);
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        status: 404,
        type: expect.stringContaining('application/json'),
      });
      expect(await response.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: {} });
    }
  });

  it('answers a URL or headers beyond the parser limit (16 KB) with 431 HEADERS_TOO_LARGE in the error shape, and a request it cannot parse with 400', async () => {
    const long = await fetch(`${withOrigin.url}/api/v1/staff/reservations?number=${'%E3%81%82'.repeat(3000)}`);
    expect(long.status).toBe(431);
    expect(long.headers.get('content-type')).toContain('application/json');
    expect(await long.json()).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.any(String), details: {} });
    // Not HTTP at all: the parser refuses it before any route.
    const { port } = new URL(withOrigin.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GARBAGE / NOT-HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'BAD_REQUEST' });
    // The server goes on answering.
    expect((await fetch(`${withOrigin.url}/api/v1/nothing-here`)).status).toBe(404);
  });

  it('serves Swagger UI with its scripts from the same origin, without forcing https on localhost', async () => {
    const page = await fetch(`${withOrigin.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-init.js');
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const init = await fetch(`${withOrigin.url}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
  });

  it('documents every route in OpenAPI: bearer auth, roles, and the error codes of each route', async () => {
    const doc = (await call(withOrigin.url, 'GET', '/api/docs-json')).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    const staffUsers = doc.paths['/api/v1/staff/users'].post;
    expect(staffUsers.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(staffUsers.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '429']),
    );
    expect(staffUsers.responses['401'].description).toContain('UNAUTHENTICATED');
    expect(staffUsers.responses['409'].description).toContain('STAFF_USER_EXISTS');
    const link = doc.paths['/api/v1/auth/seeker/link'].post;
    expect(link.security).toBeUndefined();
    expect(Object.keys(link.responses)).toEqual(expect.arrayContaining(['202', '400', '429']));
    expect(doc.paths['/api/v1/auth/seeker/session'].post.responses['401'].description).toMatch(
      /INVALID_TOKEN.*TOKEN_EXPIRED/,
    );
    expect(doc.components.schemas.StaffSessionDto.properties).toHaveProperty('roles');
    expect(doc.components.schemas.ErrorBodyDto.required).toEqual(['code', 'message', 'details']);
    // Every body is a documented schema with its fields; every operation answers at least one documented status.
    for (const [path, operations] of Object.entries(
      doc.paths as Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
            responses: Record<string, unknown>;
          }
        >
      >,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
        if (ref)
          expect({
            path,
            method,
            fields: Object.keys(doc.components.schemas[ref.split('/').pop()!].properties ?? {}).length > 0,
          }).toEqual({ path, method, fields: true });
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      }
    }
    // Every operation that needs a role says so.
    for (const [path, operations] of Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.security)
          expect({ path, method, has401: '401' in operation.responses }).toEqual({ path, method, has401: true });
      }
    }
  });
});
