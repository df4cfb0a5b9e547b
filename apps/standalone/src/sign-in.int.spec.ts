// Sign-in end to end on the whole system in one process, mail through a real SMTP
// server: admin signs in and adds staff, a seeker on the roster gets the link mail,
// exchanges it and uses the token; every request lands in the audit history as an
// access event with device data pseudonymized (R50, R52).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, readConfig } from '@soudan/platform';
import {
  createTestDatabase,
  eventually,
  freePort,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestPostgresServer,
} from '@soudan/testing';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';

describe('sign-in end to end (embedded system, SMTP)', () => {
  let system: EmbeddedSystem;
  let smtp: SmtpSink;
  let pg: TestPostgresServer;

  const { call } = apiClient(() => system.url);

  beforeAll(async () => {
    // The event store is PostgreSQL: the embedded PGlite store is driven by the e2e tests
    // (npm start) and hostile-text.int.spec.ts; inside jest's VM modules it starts slowly.
    [smtp, pg] = await Promise.all([startSmtpSink(), startPostgres()]);
    const config = readConfig('embedded', {
      EVENTSTORE_URL: (await createTestDatabase(pg, 'soudan_sign_in')).url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-sign-in-')),
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      SMTP_URL: smtp.url,
    });
    system = await startEmbeddedSystem(
      config,
      createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    );
  });

  afterAll(async () => {
    await system?.close();
    await smtp?.close();
    await pg?.stop();
  });

  it('admin signs in and adds a counsellor and an auditor, who sign in with their roles', async () => {
    const admin = await call('POST', '/auth/staff/session', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(admin.status).toBe(201);
    expect(admin.body.roles).toEqual(['admin', 'supervisor']);
    for (const [username, roles] of [
      ['kawai', ['counsellor']],
      ['mori', ['auditor']],
    ] as const) {
      expect(
        (
          await call('POST', '/staff/users', {
            token: admin.body.accessToken,
            body: { username, password: `Toyama-bay-${username.length}-2026!`, roles },
          })
        ).status,
      ).toBe(201);
      const session = await call('POST', '/auth/staff/session', {
        body: { username, password: `Toyama-bay-${username.length}-2026!` },
      });
      expect(session.body.roles).toEqual(roles);
    }
  });

  it('mails the link to a seeker on the roster (Japanese, link, expiry), not to anyone else; the token opens their reservations once', async () => {
    const admin = (await call('POST', '/auth/staff/session', { body: { username: 'admin', password: ADMIN_PASSWORD } }))
      .body.accessToken;
    const added = await call('POST', '/staff/seekers', {
      token: admin,
      body: {
        jobSeekerNumber: '16070-24681357',
        name: '早月 みどり',
        email: 'midori@example.jp',
        officeCode: '16070',
        status: 'registered',
      },
    });
    expect([200, 201]).toContain(added.status);

    expect(
      (
        await call('POST', '/auth/seeker/link', {
          body: { jobSeekerNumber: '16070-99999999', email: 'nobody@example.jp' },
        })
      ).status,
    ).toBe(202);
    expect(
      (
        await call('POST', '/auth/seeker/link', {
          body: { jobSeekerNumber: '16070-24681357', email: 'midori@example.jp' },
        })
      ).status,
    ).toBe(202);
    const mail = await smtp.waitFor(
      (m) =>
        m.headers.get('x-soudan-template') === 'sign-in-link' && JSON.stringify(m.to).includes('midori@example.jp'),
    );
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談 ログイン用リンクのお知らせ');
    expect(mail.text).toContain('早月 みどり 様');
    expect(mail.text).toMatch(/■ 有効期限: \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（15分間・1回限り有効）/);
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];

    const session = await call('POST', '/auth/seeker/session', { body: { token } });
    expect(session.status).toBe(201);
    const mine = await call('GET', '/reservations', { token: session.body.accessToken });
    expect(mine.status).toBe(200);
    expect((await call('POST', '/auth/seeker/session', { body: { token } })).body.code).toBe('INVALID_TOKEN');

    // POST /reservations takes the number from the sign-in; someone else's number is refused.
    const forOther = await call('POST', '/reservations', {
      token: session.body.accessToken,
      body: {
        jobSeekerNumber: '16070-11111111',
        name: '早月 みどり',
        email: 'midori@example.jp',
        desiredSlots: ['2030-01-08T10:00:00+09:00'],
        topic: '相談',
        onlineReason: '子育て',
        ...readySeeker(),
      },
    });
    expect(forOther.status).toBe(403);
    expect(forOther.body.code).toBe('FORBIDDEN');

    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes('nobody@example.jp'))).toHaveLength(0);
  });

  it('R50, R52: the auditor sees every access, refused ones included, with pseudonyms instead of addresses', async () => {
    expect((await call('GET', '/audit/events', { headers: { 'user-agent': 'ProbeBrowser/1.0' } })).status).toBe(401);
    const auditor = (
      await call('POST', '/auth/staff/session', { body: { username: 'mori', password: 'Toyama-bay-4-2026!' } })
    ).body.accessToken;
    const refused = await eventually(
      async () => {
        const page = await call('GET', '/audit/events?category=access&limit=1000', { token: auditor });
        return page.body.events.find(
          (e: { type: string; data: { status: number; route: string } }) =>
            e.type === 'AccessRecorded' && e.data.status === 401 && e.data.route === '/api/v1/audit/events',
        );
      },
      { what: 'the refused access in the audit history', timeoutMs: 30_000 },
    );
    expect(refused.context).toBe('gateway');
    expect(refused.data.principal).toEqual({ kind: 'anonymous' });
    expect(refused.data.device.ip).toMatch(/^ip_/);
    expect(refused.data.device.userAgent).toMatch(/^ua_/);
    expect(JSON.stringify(refused.data)).not.toContain('127.0.0.1');
    expect(JSON.stringify(refused.data)).not.toContain('ProbeBrowser');

    // R54: a job seeker number in a path is recorded as the seeker's pseudonymous id, the one eligibility uses.
    const admin = (await call('POST', '/auth/staff/session', { body: { username: 'admin', password: ADMIN_PASSWORD } }))
      .body.accessToken;
    const seeker = await call('GET', '/staff/seekers/16070-24681357', { token: admin });
    expect(seeker.status).toBe(200);
    const looked = await eventually(
      async () => {
        const page = await call('GET', '/audit/events?category=access&limit=1000', { token: auditor });
        return page.body.events.find(
          (e: { type: string; data: { route: string } }) =>
            e.type === 'AccessRecorded' && e.data.route === '/api/v1/staff/seekers/:no',
        );
      },
      { what: 'the roster lookup in the audit history', timeoutMs: 30_000 },
    );
    expect(looked.data.params.no).toBe(`seeker:${seeker.body.seekerId}`);
    expect(looked.data.principal).toEqual({
      kind: 'staff',
      username: 'admin',
      roles: ['admin', 'supervisor'],
      offices: ['*'],
    });
  });
});
