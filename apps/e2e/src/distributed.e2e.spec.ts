// Every app as its own process on a real nats-server and PostgreSQL, driven over HTTP.
// The nats-server runs with the deployment's authorization (deploy/nats/auth.conf): each
// process connects as its own user, so the whole journey, the kills and restarts below
// also show that the permissions give every service what it needs and no more.
import {
  createTestDatabase,
  eventually,
  freePort,
  startPostgres,
  startSecuredNatsServer,
  startSmtpSink,
  type SmtpSink,
  type TestDatabase,
  type BusUser,
  type SecuredNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { D1, jaSlot, utc } from './support/dates';
import { secondOfficeJourney } from './support/offices';
import { principalEnvFor, principalKeysForRun } from './support/principal-keys';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';
import {
  ADMIN_PASSWORD,
  auditedEvent,
  badInputChecks,
  DESIRED_SLOTS,
  get,
  idempotencyChecks,
  post,
  requestReservation,
  signInAll,
  tokenInMailText,
  validRequest,
  type Sessions,
} from './support/journey';

const SERVICES = ['scheduling', 'eligibility', 'notification', 'audit'];

describe('distributed: each service its own process on NATS + PostgreSQL', () => {
  let nats: SecuredNatsServer;
  let pgServer: TestPostgresServer;
  let db: TestDatabase;
  let smtp: SmtpSink;
  let baseUrl: string;
  const apps = new Map<string, AppProcess>();
  let env: Record<string, string>;
  let sessions: Sessions;
  const bearer = () => ({ authorization: `Bearer ${sessions.seeker}` });

  const principalKeys = principalKeysForRun();
  const start = (name: string) => {
    const entry = `apps/${name}/src/main.ts`;
    apps.set(
      name,
      startApp(`distributed-${name}`, entry, {
        ...env,
        ...principalEnvFor(principalKeys, name),
        NATS_URL: nats.urlFor(name as BusUser),
      }),
    );
  };

  beforeAll(async () => {
    [nats, pgServer, smtp] = await Promise.all([startSecuredNatsServer(), startPostgres(), startSmtpSink()]);
    db = await createTestDatabase(pgServer, 'soudan_e2e');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // The gateway owns a store too (staff accounts, sign-in tokens, the access record): it
    // takes EVENTSTORE_URL like the others, and ADMIN_PASSWORD for its first start.
    env = {
      EVENTSTORE_URL: db.url,
      SMTP_URL: smtp.url,
      PORT: String(port),
      DATA_DIR: `${nats.storeDir}-data`,
      RPC_TIMEOUT_MS: '3000',
      PSEUDONYM_KEY: 'c'.repeat(64),
      ENCRYPTION_KEY: 'd'.repeat(64),
      ADMIN_PASSWORD,
    };
    for (const name of [...SERVICES, 'gateway']) start(name);
    await waitForHealthy(baseUrl);
    sessions = await signInAll(baseUrl, async (email) => {
      const mail = await smtp.waitFor(
        (m) => m.headers.get('x-soudan-template') === 'sign-in-link' && JSON.stringify(m.to).includes(email),
      );
      return tokenInMailText(mail.text)!;
    });
  });

  afterAll(async () => {
    await Promise.all([...apps.values()].map((a) => a.stop()));
    await smtp?.close();
    await db?.drop();
    await nats?.stop();
    await pgServer?.stop();
  });

  it('reports every service and its dependencies as up', async () => {
    const health = await get(baseUrl, '/health');
    expect(health.status).toBe(200);
    for (const name of SERVICES)
      expect(health.body.services[name]).toEqual({ status: 'up', checks: { eventStore: 'up', eventBus: 'up' } });
    expect(health.body.messaging).toBe('nats');
  });

  it('walks a request through gateway -> scheduling -> JetStream -> notification (SMTP) and audit', async () => {
    const { id } = await requestReservation(baseUrl, sessions.seeker, { email: 'walk@example.jp' });
    const mail = await smtp.waitFor((m) => m.headers.get('x-soudan-reservation') === id);
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談のお申込みを受け付けました');
    expect(mail.text).toContain('滑川 太郎 様');
    expect(mail.text).toContain(`第1希望: ${jaSlot(D1, '10:00')}`);
    const audited = await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.stream === `reservation-${id}` && e.type === 'ReservationRequested',
    );
    expect(audited.data.desiredSlots).toEqual(DESIRED_SLOTS.map(utc));
    const sent = await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.type === 'NotificationSent' && e.data.reservationId === id,
    );
    expect(sent.data.template).toBe('request-received');
  });

  it('R71: a second office side by side over NATS: its seeker books its own slot and is mailed in its name', async () => {
    await secondOfficeJourney(baseUrl, sessions.admin, {
      signInLink: (email) =>
        smtp.waitFor(
          (m) => m.headers.get('x-soudan-template') === 'sign-in-link' && JSON.stringify(m.to).includes(email),
        ),
      aboutReservation: (id) => smtp.waitFor((m) => m.headers.get('x-soudan-reservation') === id),
    });
  });

  it('answers bad input with api.md error bodies, never a 500', async () => {
    await badInputChecks(baseUrl, sessions);
  });

  it('returns the same reservation for the same Idempotency-Key and sends one mail', async () => {
    await idempotencyChecks(baseUrl, sessions);
  });

  it('sends the mail once even when the notification service is killed (-9) and restarted', async () => {
    await apps.get('notification')!.kill();
    const { id } = await requestReservation(baseUrl, sessions.seeker, { email: 'restart@example.jp' });
    start('notification');
    await smtp.waitFor((m) => m.headers.get('x-soudan-reservation') === id, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages.filter((m) => m.headers.get('x-soudan-reservation') === id)).toHaveLength(1);
  });

  it('answers 503 with a code when NATS is down, writes nothing, and recovers when it is back', async () => {
    await nats.kill();
    const refused = await post(baseUrl, '/reservations', validRequest({ email: 'down@example.jp' }), {
      'idempotency-key': 'while-nats-down',
      ...bearer(),
    });
    expect(refused.status).toBe(503);
    expect(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']).toContain(refused.body.code);
    await nats.restart();
    await waitForHealthy(baseUrl, 60_000);
    const { id } = await eventually(
      async () => {
        const r = await post(baseUrl, '/reservations', validRequest({ email: 'back@example.jp' }), {
          'idempotency-key': 'after-nats-back',
          ...bearer(),
        });
        return r.status === 201 ? r.body : undefined;
      },
      { timeoutMs: 60_000, what: 'a request accepted after NATS restarted' },
    );
    await smtp.waitFor((m) => m.headers.get('x-soudan-reservation') === id, 60_000);
    expect(smtp.messages.some((m) => m.to && JSON.stringify(m.to).includes('down@example.jp'))).toBe(false);
  });

  it('answers 503 when the scheduling service is gone, instead of hanging', async () => {
    await apps.get('scheduling')!.kill();
    const started = Date.now();
    const refused = await post(baseUrl, '/reservations', validRequest({ email: 'gone@example.jp' }), bearer());
    expect(refused.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    start('scheduling');
    await waitForHealthy(baseUrl, 60_000);
  });
});
