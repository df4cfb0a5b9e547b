// R54 across the whole system (embedded, stores on a real PostgreSQL, mail through a real
// SMTP server): two seekers use the API, a staff erasure of one of them reaches the
// gateway (SeekerErased destroys their device-data key), and an approved disclosure then
// shows that seeker's device data as erased while the other's still opens. The audit
// trail still replays and verifies.
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { EligibilityPatterns } from '@soudan/eligibility-contracts';
import { createLogger, embeddedPrincipalKeys, readConfig } from '@soudan/platform';
import {
  createTestDatabase,
  eventually,
  freePort,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { jstDateOf } from '@soudan/time';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';

/** Asks the services as the gateway would for whoever the request names (the embedded pair's key). */
const asGateway = (system: EmbeddedSystem) => system.rpc.signing(signAsRequestsSay(embeddedPrincipalKeys().privateKey));

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const TARO = {
  number: '16070-11223344',
  email: 'taro.erase@example.jp',
  ip: '203.0.113.81',
  agent: 'TaroBrowser/4.0 (erasure probe)',
};
const HANAKO = {
  number: '16070-55667788',
  email: 'hanako.keep@example.jp',
  ip: '203.0.113.82',
  agent: 'HanakoBrowser/4.0 (erasure probe)',
};

describe('erasure reaches device data (R54, R52)', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let smtp: SmtpSink;
  let system: EmbeddedSystem;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const today = jstDateOf(new Date());

  const { call, session } = apiClient(() => system.url);

  const signIn = async (seeker: typeof TARO, name: string) => {
    const added = await call('POST', '/staff/seekers', {
      token: tokens.sato,
      body: { jobSeekerNumber: seeker.number, name, email: seeker.email, officeCode: '16070', status: 'registered' },
    });
    expect(added.status).toBe(201);
    ids[seeker.number] = added.body.seekerId;
    expect(
      (await call('POST', '/auth/seeker/link', { body: { jobSeekerNumber: seeker.number, email: seeker.email } }))
        .status,
    ).toBe(202);
    const mail = await smtp.waitFor(
      (m) => m.headers.get('x-soudan-template') === 'sign-in-link' && JSON.stringify(m.to).includes(seeker.email),
    );
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
    const access = (await call('POST', '/auth/seeker/session', { body: { token } })).body.accessToken as string;
    expect(
      (
        await call('GET', '/reservations', {
          token: access,
          headers: { 'user-agent': seeker.agent, 'x-forwarded-for': seeker.ip },
        })
      ).status,
    ).toBe(200);
  };

  beforeAll(async () => {
    [server, smtp] = await Promise.all([startPostgres(), startSmtpSink()]);
    db = await createTestDatabase(server, 'soudan_erasure_http');
    const config = readConfig('embedded', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-erasure-http-')),
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      SMTP_URL: smtp.url,
      EVENTSTORE_URL: db.url,
      TRUST_PROXY: '1',
    });
    system = await startEmbeddedSystem(
      config,
      createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    );
    tokens.admin = await session('admin', ADMIN_PASSWORD);
    for (const [username, roles] of [
      ['sato', ['supervisor']],
      ['kato', ['supervisor']],
      ['mori', ['auditor']],
    ] as const) {
      expect(
        (
          await call('POST', '/staff/users', {
            token: tokens.admin,
            body: { username, password: `Hayatsuki-peak-${username.length}7-2026!`, roles },
          })
        ).status,
      ).toBe(201);
      tokens[username] = await session(username, `Hayatsuki-peak-${username.length}7-2026!`);
    }
    await signIn(TARO, '立山 太郎');
    await signIn(HANAKO, '立山 花子');
  });

  afterAll(async () => {
    await system?.close();
    await smtp?.close();
    await db?.drop().catch(() => undefined);
    await server?.stop();
  });

  /** An approved disclosure of the day, every seeker in scope. */
  const approvedDisclosure = async () => {
    const created = await call('POST', '/audit/disclosures', {
      token: tokens.sato,
      body: { authority: '富山県警察本部', legalBasis: '刑事訴訟法第197条第2項', scope: { from: today, to: today } },
    });
    expect(created.status).toBe(201);
    expect((await call('POST', `/audit/disclosures/${created.body.id}/approval`, { token: tokens.kato })).status).toBe(
      200,
    );
    return created.body.id as string;
  };
  const deviceOf = (records: any[], seeker: typeof TARO) =>
    records
      .filter((r) => r.data.principal?.seekerId === ids[seeker.number] && r.data.route === '/api/v1/reservations')
      .map((r) => r.device);

  it('R54: after a seeker is erased, a disclosure shows their device data as erased and another seeker’s as it was; the trail still verifies', async () => {
    const id = await approvedDisclosure();
    const shown = async () =>
      (await call('GET', `/audit/disclosures/${id}?limit=1000`, { token: tokens.kato })).body.records as any[];
    const before = await eventually(
      async () => {
        const records = await shown();
        return deviceOf(records, TARO).length > 0 && deviceOf(records, HANAKO).length > 0 ? records : undefined;
      },
      { what: 'both seekers’ requests in the audit trail' },
    );
    expect(deviceOf(before, TARO)).toEqual([{ ip: TARO.ip, userAgent: TARO.agent }]);

    const erased = await asGateway(system).request(EligibilityPatterns.eraseSeeker, {
      jobSeekerNumber: TARO.number,
      actor: 'staff:sato',
      reason: 'request',
    });
    expect(erased).toEqual({ seekerId: ids[TARO.number], erased: true });

    const after = await eventually(
      async () => {
        const records = await shown();
        return deviceOf(records, TARO)[0]?.erased ? records : undefined;
      },
      { what: 'Taro’s device data erased in the disclosure' },
    );
    expect(deviceOf(after, TARO)).toEqual([{ erased: true }]);
    expect(deviceOf(after, HANAKO)).toEqual([{ ip: HANAKO.ip, userAgent: HANAKO.agent }]);
    // Staff requests were sealed with the general key and still open.
    expect(after.filter((r) => r.data.principal?.kind === 'staff').every((r) => typeof r.device?.ip === 'string')).toBe(
      true,
    );

    // R53: the record of the erasure is in the trail, which replays and verifies as before.
    const erasure = await eventually(
      async () => {
        const page = await call('GET', '/audit/events?category=eligibility&limit=1000', { token: tokens.mori });
        return page.body.events.find((e: any) => e.type === 'SeekerErased' && e.data.seekerId === ids[TARO.number]);
      },
      { what: 'SeekerErased in the audit trail' },
    );
    expect(erasure.data).toMatchObject({ reason: 'request', erasedBy: 'staff:sato' });
    const everything = await call('GET', '/audit/events?limit=1000', { token: tokens.mori });
    expect(everything.body.events.map((e: any) => Number(e.position))).toEqual(
      everything.body.events.map((_: unknown, i: number) => i),
    );
    expect(JSON.stringify(everything.body)).not.toContain(TARO.ip);
    expect((await call('GET', '/audit/integrity', { token: tokens.mori })).body).toMatchObject({ ok: true });
  });
});
