// R50, R52: every request, allowed or refused, is recorded in the gateway's store and
// published as events.gateway.AccessRecorded on JetStream; device data only sealed and
// pseudonymized, and never in a log line. Real nats-server and PostgreSQL.
import { Writable } from 'node:stream';
import { createLogger } from '@soudan/platform';
import type { EventEnvelope } from '@soudan/messaging';
import type { EventRelay } from '@soudan/messaging';
import {
  createTestDatabase,
  eventually,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { createGatewayRelay } from '../gateway.app';
import { IdentityEventTypes, DEVICE_DATA_KID, type AccessRecordedV1 } from './access-record';
import { deriveKey, KEY_PURPOSES, open, pseudonym } from '@soudan/identity-infra';
import {
  backbone,
  call,
  startGateway,
  TEST_ADMIN_PASSWORD,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';

const AGENT = 'Mozilla/5.0 (TestPhone; soudan-access-record-probe)';
const IP = '198.51.100.123';

describe('access record (R50, R52)', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let relay: EventRelay;
  const published: EventEnvelope[] = [];
  const logLines: string[] = [];
  const config = testConfig({ TRUST_PROXY: '1' });

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_access');
    parts = await backbone(nats.url, db.url);
    await parts.bus.consume({ durableName: 'access-record-test', subjects: ['events.gateway.>'] }, async (event) => {
      published.push(event);
    });
    // Everything the gateway logs, down to debug, is searched for device data below.
    const logger = createLogger({
      name: 'gateway',
      level: 'debug',
      destination: new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }),
    });
    gateway = await startGateway({
      backbone: parts,
      config,
      logger,
      options: { accessRecords: { flushIntervalMs: 50 } },
    });
    relay = createGatewayRelay(gateway.runtime);
    relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await gateway?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  const headers = { 'user-agent': AGENT, 'x-forwarded-for': IP };
  const recorded = (predicate: (data: AccessRecordedV1) => boolean) =>
    eventually(
      () =>
        published.find((e) => e.type === IdentityEventTypes.AccessRecorded && predicate(e.data as AccessRecordedV1)),
      { what: 'an AccessRecorded event on JetStream' },
    );

  it('records a refused anonymous request with the route pattern, the resource id, the outcome and sealed device data', async () => {
    const id = '2b7e1516-28ae-4d2a-a6ab-f7158809cf4f';
    const answer = await call(gateway.url, 'GET', `/reservations/${id}`, { headers });
    expect(answer.status).toBe(401);
    const event = await recorded((d) => d.params.id === id);
    const data = event.data as AccessRecordedV1;
    expect(event.context).toBe('gateway');
    expect(event.streamId).toMatch(/^access-\d{4}-\d{2}-\d{2}$/);
    expect(data).toMatchObject({
      method: 'GET',
      route: '/api/v1/reservations/:id',
      params: { id },
      status: 401,
      outcome: 'refused',
      principal: { kind: 'anonymous' },
    });
    expect(event.metadata.actor).toBe('anonymous');
    expect(event.metadata.correlationId).toBe(answer.headers.get('x-correlation-id'));

    // R52: pseudonyms beside the sealed raw values; the raw values nowhere in clear.
    expect(data.device.ip).toBe(pseudonym(config.pseudonymKey, 'ip', IP));
    expect(data.device.userAgent).toBe(pseudonym(config.pseudonymKey, 'ua', AGENT));
    expect(data.device.sealed).toMatchObject({ alg: 'A256GCM', kid: DEVICE_DATA_KID });
    expect(JSON.stringify(event)).not.toContain(IP);
    expect(JSON.stringify(event)).not.toContain('TestPhone');
    expect(JSON.parse(open(deriveKey(config.encryptionKey, KEY_PURPOSES.deviceData), data.device.sealed!))).toEqual({
      ip: IP,
      userAgent: AGENT,
    });
    // Only the key opens it.
    expect(() => open(deriveKey(config.pseudonymKey, KEY_PURPOSES.deviceData), data.device.sealed!)).toThrow();
  });

  it('records who signed in and what they were allowed, a 404 for an unknown path and a 400', async () => {
    const session = await call(gateway.url, 'POST', '/auth/staff/session', {
      headers,
      body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(session.status).toBe(201);
    await recorded((d) => d.route === '/api/v1/auth/staff/session' && d.status === 201 && d.principal.kind === 'staff');
    const mine = await call(gateway.url, 'POST', '/staff/users', {
      headers,
      token: session.body.accessToken,
      body: { username: 'x' },
    });
    expect(mine.status).toBe(400);
    const invalid = await recorded((d) => d.route === '/api/v1/staff/users');
    expect(invalid.data).toMatchObject({
      status: 400,
      outcome: 'invalid',
      principal: { kind: 'staff', username: 'admin', roles: ['admin', 'supervisor'] },
    });
    expect(invalid.metadata.actor).toBe('staff:admin');

    await call(gateway.url, 'GET', '/no/such/route?email=someone@example.jp', { headers });
    const unknown = await recorded((d) => d.route === null && d.status === 404);
    expect(unknown.data).toMatchObject({ path: '/api/v1/no/such/route', params: {} });
    expect(JSON.stringify(unknown.data)).not.toContain('someone@example.jp');
  });

  it('records a body refused before any route (413) and a media type refused (415)', async () => {
    await call(gateway.url, 'POST', '/auth/staff/session', {
      headers,
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(100_000) }),
    });
    await recorded((d) => d.status === 413);
    await call(gateway.url, 'POST', '/auth/staff/session', {
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'hello',
    });
    await recorded((d) => d.status === 415);
  });

  it('records each request of a burst as its own event', async () => {
    const before = published.length;
    await Promise.all(Array.from({ length: 60 }, () => call(gateway.url, 'GET', '/audit/events', { headers })));
    await eventually(
      () =>
        published.slice(before).filter((e) => (e.data as AccessRecordedV1).route === '/api/v1/audit/events').length >=
        60
          ? true
          : undefined,
      {
        what: '60 access events',
      },
    );
    const stored = await parts.store.readAll({ limit: 10_000 });
    const burst = stored.filter(
      (e) => e.type === 'AccessRecorded' && (e.data as AccessRecordedV1).route === '/api/v1/audit/events',
    );
    expect(burst).toHaveLength(60);
  });

  it('R52: never writes the client address or user agent to a log line', async () => {
    await call(gateway.url, 'GET', '/health', { headers });
    await call(gateway.url, 'POST', '/auth/staff/session', { headers, body: '{"broken": ' });
    const all = logLines.join('');
    expect(all).not.toContain(IP);
    expect(all).not.toContain('TestPhone');
  });
});
