// The audit routes of api.md over HTTP on the whole system, its stores on a real
// PostgreSQL and mail through a real SMTP server: a seeker signs in and uses the API,
// the auditor replays and verifies the record (and sees a row changed in PostgreSQL),
// reads the usage record, and two supervisors disclose the seeker's device data (R50-R53).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { createLogger, readConfig } from '@soudan/platform';
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

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const NUMBER = '16070-13572468';
const AGENT = 'TaroBrowser/3.1 (audit disclosure probe)';
const IP = '203.0.113.77';

describe('audit over HTTP (R50-R53, api.md "Audit")', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let smtp: SmtpSink;
  let system: EmbeddedSystem;
  let sql: pg.Client;
  const tokens: Record<string, string> = {};
  let seekerId: string;
  const today = jstDateOf(new Date());

  const { call, session } = apiClient(() => system.url);

  beforeAll(async () => {
    [server, smtp] = await Promise.all([startPostgres(), startSmtpSink()]);
    db = await createTestDatabase(server, 'soudan_audit_http');
    const config = readConfig('embedded', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-audit-http-')),
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
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();

    tokens.admin = await session('admin', ADMIN_PASSWORD);
    for (const [username, roles] of [
      ['sato', ['supervisor']],
      ['kato', ['supervisor']],
      ['mori', ['auditor']],
      ['ueda', ['counsellor']],
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
    const added = await call('POST', '/staff/seekers', {
      token: tokens.sato,
      body: {
        jobSeekerNumber: NUMBER,
        name: '立山 太郎',
        email: 'tateyama@example.jp',
        officeCode: '16070',
        status: 'registered',
      },
    });
    expect(added.status).toBe(201);
    seekerId = added.body.seekerId;
    expect(
      (await call('POST', '/auth/seeker/link', { body: { jobSeekerNumber: NUMBER, email: 'tateyama@example.jp' } }))
        .status,
    ).toBe(202);
    const mail = await smtp.waitFor(
      (m) =>
        m.headers.get('x-soudan-template') === 'sign-in-link' && JSON.stringify(m.to).includes('tateyama@example.jp'),
    );
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
    tokens.seeker = (await call('POST', '/auth/seeker/session', { body: { token } })).body.accessToken;
    // The seeker uses the API from their own device: the access record seals its address and browser.
    expect(
      (
        await call('GET', '/reservations', {
          token: tokens.seeker,
          headers: { 'user-agent': AGENT, 'x-forwarded-for': IP },
        })
      ).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await sql?.end().catch(() => undefined);
    await system?.close();
    await smtp?.close();
    await db?.drop().catch(() => undefined);
    await server?.stop();
  });

  const seekerAccess = () =>
    eventually(
      async () => {
        const page = await call('GET', '/audit/events?category=access&limit=1000', { token: tokens.mori });
        return page.body.events.find(
          (e: any) => e.data.principal?.seekerId === seekerId && e.data.route === '/api/v1/reservations',
        );
      },
      { what: "the seeker's access in the audit history" },
    );

  it('R53, R52: the auditor replays the access record with pseudonyms; positions count from 0 and next ends the history', async () => {
    const access = await seekerAccess();
    expect(access.data.device).toEqual({ ip: expect.stringMatching(/^ip_/), userAgent: expect.stringMatching(/^ua_/) });
    const first = await call('GET', '/audit/events?limit=1', { token: tokens.mori });
    expect(first.status).toBe(200);
    expect(first.body.events[0].position).toBe('0');
    expect(first.body.next).toBe('0');
    const everything = await call('GET', '/audit/events?limit=1000', { token: tokens.mori });
    expect(everything.body.events.map((e: any) => Number(e.position))).toEqual(
      everything.body.events.map((_: unknown, i: number) => i),
    );
    expect(JSON.stringify(everything.body)).not.toContain(IP);
    expect(JSON.stringify(everything.body)).not.toContain('TaroBrowser');
    const bad = await call('GET', '/audit/events?since=yesterday', { token: tokens.mori });
    expect(bad).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: { fields: { since: [expect.any(String)] } } },
    });
  });

  it('R53: GET /audit/integrity is ok, and shows a row changed in PostgreSQL at its position', async () => {
    await seekerAccess();
    const clean = await call('GET', '/audit/integrity', { token: tokens.mori });
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(clean.body.checked).toBeGreaterThan(0);

    const { rows } = await sql.query(
      `SELECT revision, data FROM audit.events WHERE stream_id = 'audit-trail' AND data->'data'->'principal'->>'seekerId' = $1 LIMIT 1`,
      [seekerId],
    );
    const [row] = rows;
    await sql.query(
      `UPDATE audit.events SET data = jsonb_set(data, '{data,status}', '404') WHERE stream_id = 'audit-trail' AND revision = $1`,
      [row.revision],
    );
    const tampered = await call('GET', '/audit/integrity', { token: tokens.mori });
    expect(tampered.body).toMatchObject({ ok: false, firstBadPosition: String(row.revision), problem: 'altered' });
    await sql.query(`UPDATE audit.events SET data = $2::jsonb WHERE stream_id = 'audit-trail' AND revision = $1`, [
      row.revision,
      JSON.stringify(row.data),
    ]);
    expect((await call('GET', '/audit/integrity', { token: tokens.mori })).body.ok).toBe(true);
    expect((await call('GET', '/audit/integrity?from=x', { token: tokens.mori })).status).toBe(400);
  });

  it('R50: GET /audit/usage counts a month; a bad or missing month is a 400 in the caller’s language', async () => {
    const usage = await call('GET', `/audit/usage?month=${today.slice(0, 7)}`, { token: tokens.mori });
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({
      month: today.slice(0, 7),
      timeZone: 'Asia/Tokyo',
      days: expect.any(Array),
      totals: expect.objectContaining({ requests: expect.any(Number) }),
    });
    const ja = await call('GET', '/audit/usage?month=2026-13', { token: tokens.mori });
    expect(ja).toMatchObject({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: '入力内容に誤りがあります。各項目をご確認ください。',
        details: { fields: { month: ['形式が正しくありません（例: 2026-12）。'] } },
      },
    });
    const en = await call('GET', '/audit/usage', { token: tokens.mori, headers: { 'accept-language': 'en' } });
    expect(en).toMatchObject({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'Some fields are invalid; see details.',
        details: { fields: { month: [expect.any(String)] } },
      },
    });
    expect((await call('GET', '/audit/usage?month=2026-12', { token: tokens.sato })).status).toBe(403);
  });

  it('R52: a supervisor requests, a second one approves, and only then are the seeker’s raw device data shown; each step is recorded', async () => {
    await seekerAccess();
    const body = {
      authority: '富山県警察本部',
      legalBasis: '刑事訴訟法第197条第2項',
      scope: { jobSeekerNumber: NUMBER, from: today, to: today },
    };
    expect((await call('POST', '/audit/disclosures', { token: tokens.mori, body })).status).toBe(403);
    const created = await call('POST', '/audit/disclosures', { token: tokens.sato, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'requested',
      scope: { seekerId, from: today, to: today },
      requestedBy: 'staff:sato',
    });
    expect(JSON.stringify(created.body)).not.toContain(NUMBER);
    const id = created.body.id;

    const pending = await call('GET', `/audit/disclosures/${id}`, { token: tokens.kato });
    expect(pending.status).toBe(200);
    expect(pending.body.records).toBeUndefined();

    const own = await call('POST', `/audit/disclosures/${id}/approval`, { token: tokens.sato });
    expect(own).toMatchObject({
      status: 409,
      body: { code: 'SAME_APPROVER', message: '開示は、請求を登録した方とは別の監督者が承認してください。' },
    });
    const ownEn = await call('POST', `/audit/disclosures/${id}/approval`, {
      token: tokens.sato,
      headers: { 'accept-language': 'en' },
    });
    expect(ownEn.body.message).toContain('second supervisor');
    const approved = await call('POST', `/audit/disclosures/${id}/approval`, { token: tokens.kato });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', approvedBy: 'staff:kato' } });
    expect((await call('POST', `/audit/disclosures/${id}/approval`, { token: tokens.admin })).body.code).toBe(
      'DISCLOSURE_ALREADY_APPROVED',
    );

    const shown = await call('GET', `/audit/disclosures/${id}`, { token: tokens.kato });
    expect(shown.status).toBe(200);
    const mine = shown.body.records.find((r: any) => r.data.route === '/api/v1/reservations');
    expect(mine.device).toEqual({ ip: IP, userAgent: AGENT });
    // Only this seeker's records: staff's own requests are not in a seeker's disclosure.
    expect(shown.body.records.every((r: any) => r.data.principal?.seekerId === seekerId)).toBe(true);

    const steps = await eventually(
      async () => {
        const page = await call('GET', '/audit/events?category=disclosure', { token: tokens.mori });
        return page.body.events.length >= 3 ? page.body.events : undefined;
      },
      { what: 'the disclosure steps in the audit history' },
    );
    expect(steps.map((e: any) => e.type)).toEqual([
      'DisclosureRequested',
      'DisclosureApproved',
      'DisclosureRecordsRevealed',
    ]);
    expect((await call('GET', '/audit/integrity', { token: tokens.mori })).body.ok).toBe(true);
  });

  it('R52: the second supervisor finds the request in the list, pending and then approved, without any record; counsellors and auditors are refused', async () => {
    const created = await call('POST', '/audit/disclosures', {
      token: tokens.sato,
      body: { authority: '富山県警察本部', legalBasis: '刑事訴訟法第197条第2項', scope: { from: today, to: today } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const pending = await call('GET', '/audit/disclosures?status=pending', { token: tokens.kato });
    expect(pending.status).toBe(200);
    expect(pending.body.disclosures[0]).toEqual({
      id,
      office: '16070',
      status: 'requested',
      authority: '富山県警察本部',
      legalBasis: '刑事訴訟法第197条第2項',
      scope: { from: today, to: today, office: '16070' },
      requestedBy: 'staff:sato',
      requestedAt: created.body.requestedAt,
    });
    expect((await call('POST', `/audit/disclosures/${id}/approval`, { token: tokens.kato })).status).toBe(200);
    // Opened once approved: its records (with device data) are shown there, never in the list.
    expect((await call('GET', `/audit/disclosures/${id}`, { token: tokens.kato })).body.records.length).toBeGreaterThan(
      0,
    );
    expect(
      (await call('GET', '/audit/disclosures?status=pending', { token: tokens.kato })).body.disclosures.map(
        (d: any) => d.id,
      ),
    ).not.toContain(id);
    const approved = await call('GET', '/audit/disclosures?status=approved', { token: tokens.sato });
    expect(approved.body.disclosures.find((d: any) => d.id === id)).toMatchObject({
      status: 'approved',
      approvedBy: 'staff:kato',
    });
    const all = await call('GET', '/audit/disclosures', { token: tokens.sato });
    expect(all.body.disclosures.map((d: any) => d.id)).toContain(id);
    const text = JSON.stringify(all.body);
    for (const secret of [IP, AGENT, '"records"', '"device"', NUMBER]) expect(text).not.toContain(secret);

    for (const token of [tokens.mori, tokens.ueda])
      expect(await call('GET', '/audit/disclosures', { token })).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    expect(await call('GET', '/audit/disclosures?status=requested', { token: tokens.kato })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: { fields: { status: [expect.any(String)] } } },
    });
  });

  it("R74: a supervisor of another office does not see this office's disclosures in the list, nor this office theirs", async () => {
    const password = 'Kanda-Bridge-Hongo-5%';
    const made = await call('POST', '/staff/users', {
      token: tokens.admin,
      body: { username: 'iida', password, roles: ['supervisor'], offices: ['13010'] },
    });
    expect(made.status).toBe(201);
    const iida = await session('iida', password);
    const ours = await call('POST', '/audit/disclosures', {
      token: tokens.sato,
      body: { authority: '富山県警察本部', legalBasis: '刑事訴訟法第197条第2項', scope: { from: today, to: today } },
    });
    const theirs = await call('POST', '/audit/disclosures', {
      token: iida,
      body: { authority: '警視庁', legalBasis: '刑事訴訟法第197条第2項', scope: { from: today, to: today } },
    });
    expect([ours.status, theirs.status, theirs.body.scope.office]).toEqual([201, 201, '13010']);
    const listed = async (token: string) =>
      (await call('GET', '/audit/disclosures', { token })).body.disclosures.map((d: any) => d.id);
    expect(await listed(iida)).toEqual([theirs.body.id]);
    expect(await listed(tokens.sato)).toContain(ours.body.id);
    expect(await listed(tokens.sato)).not.toContain(theirs.body.id);
    // The national administrator (a supervisor too) lists every office's.
    expect((await listed(tokens.admin)).slice(0, 2)).toEqual([theirs.body.id, ours.body.id]);
  });

  it('R52: bad disclosure input is a 400 naming the field; an unknown disclosure is a 404', async () => {
    const bad = await call('POST', '/audit/disclosures', {
      token: tokens.sato,
      body: { authority: '', legalBasis: 'x', scope: { from: '2026/12/01', to: today } },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details.fields)).toEqual(expect.arrayContaining(['authority', 'scope.from']));
    const backwards = await call('POST', '/audit/disclosures', {
      token: tokens.sato,
      body: { authority: 'a', legalBasis: 'b', scope: { from: today, to: '2000-01-01' } },
    });
    expect(backwards).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: { fields: { 'scope.to': [expect.any(String)] } } },
    });
    expect((await call('GET', '/audit/disclosures/not-a-uuid', { token: tokens.sato })).body.code).toBe(
      'DISCLOSURE_NOT_FOUND',
    );
    expect(
      (await call('GET', '/audit/disclosures/00000000-0000-4000-8000-000000000000', { token: tokens.sato })).status,
    ).toBe(404);
  });
});
