// The roster import through the gateway's HTTP edge, distributed as in production: the
// gateway here, the eligibility service as its own process (apps/eligibility), both on a
// real nats-server and PostgreSQL. Shift_JIS files with bad rows, both modes, re-import,
// and files that are not CSV at all.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import pg from 'pg';
import { EligibilityPatterns } from '@soudan/eligibility-contracts';
import { encodePrincipalKeys } from '@soudan/messaging';
import { embeddedPrincipalKeys } from '@soudan/platform';
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
  TEST_ADMIN_PASSWORD,
  TEST_KEYS,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from '../auth/testing/harness';

/** JSON answers, taken apart by expect(). */
type Json = any;

const ROOT = resolve(import.meta.dirname, '../../../../..');

const HEADER_JA = '求職番号,氏名,メールアドレス,安定所番号,登録状況';
/** As an office exports it from Excel: Shift_JIS, CRLF, full-width digits, Japanese labels, quoted commas; lines 3 and 5 are bad. */
const ROSTER_SJIS = iconv.encode(
  [
    HEADER_JA,
    '１６０７０－２１０００００１,滑川　一郎,ichiro@example.jp,１６０７０,登録済',
    '16070-2100000X,滑川 二郎,jiro@example.jp,16070,登録済',
    '16070ー21000003,"滑川, 三郎",saburo@example.jp,16070,仮登録承認',
    '16070-21000004,,not-an-address,16070,退会',
    '16070-21000005,滑川 五郎,goro@example.jp,16070,registered',
  ].join('\r\n') + '\r\n',
  'cp932',
);
const GOOD_NUMBERS = ['16070-21000001', '16070-21000003', '16070-21000005'];

describe('roster import through the gateway (distributed: eligibility in its own process)', () => {
  let nats: TestNatsServer;
  let server: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let eligibility: ChildProcess;
  let admin: string;
  let counsellor: string;
  let output = '';

  const eventCount = async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query('SELECT count(*)::int AS n FROM eligibility.events')).rows[0].n as number;
    } finally {
      await client.end();
    }
  };
  const auditorToken = async () => {
    await call(gateway.url, 'POST', '/staff/users', {
      token: admin,
      body: { username: 'mori', password: 'Auditor-Pass-93k!x', roles: ['auditor'] },
    });
    return (
      await call(gateway.url, 'POST', '/auth/staff/session', {
        body: { username: 'mori', password: 'Auditor-Pass-93k!x' },
      })
    ).body.accessToken as string;
  };
  const upload = (
    body: Buffer | string,
    options: { mode?: string; token?: string; type?: string; language?: string } = {},
  ) =>
    fetch(`${gateway.url}/api/v1/staff/seekers/import${options.mode ? `?mode=${options.mode}` : ''}`, {
      method: 'POST',
      headers: {
        'content-type': options.type ?? 'text/csv',
        authorization: `Bearer ${options.token ?? admin}`,
        ...(options.language ? { 'accept-language': options.language } : {}),
      },
      body,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Json }));

  /**
   * An upload the gateway refuses part-way and answers with `Connection: close`: the answer
   * is read as soon as it comes, whatever happens to the rest of the body (fetch would
   * report the closed connection instead when it is still sending).
   */
  const uploadUntilAnswered = (body: Buffer) =>
    new Promise<{ status: number; body: Json }>((done, fail) => {
      const request = httpRequest(`${gateway.url}/api/v1/staff/seekers/import`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          'content-length': String(body.length),
          authorization: `Bearer ${admin}`,
        },
      });
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          done({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json });
          request.destroy();
        });
      });
      // A write that fails once the gateway has closed: the answer it sent first still counts.
      request.on('error', (error) => setTimeout(() => (answered ? undefined : fail(error)), 1000));
      request.end(body);
    });

  beforeAll(async () => {
    [nats, server] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(server, 'soudan_roster');
    eligibility = spawn(
      process.execPath,
      ['--no-warnings=ExperimentalWarning', '--import', './tools/register.mjs', 'apps/eligibility/src/main.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          NATS_URL: nats.url,
          EVENTSTORE_URL: db.url,
          ...TEST_KEYS,
          // The public key of the gateway this test runs in-process (issue 9: signed principals).
          PRINCIPAL_PUBLIC_KEY: encodePrincipalKeys(embeddedPrincipalKeys()).publicKey,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    eligibility.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    eligibility.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    parts = await backbone(nats.url, db.url);
    await eventually(() => parts.rpc.request(EligibilityPatterns.health, {}, { timeoutMs: 1000 }), {
      timeoutMs: 60_000,
      what: `eligibility process answering (${output})`,
    });
    gateway = await startGateway({ backbone: parts, config: testConfig({ RPC_TIMEOUT_MS: '10000' }) });
    admin = (
      await call(gateway.url, 'POST', '/auth/staff/session', {
        body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      })
    ).body.accessToken;
    const created = await call(gateway.url, 'POST', '/staff/users', {
      token: admin,
      body: { username: 'tanaka', password: 'Counsellor-Pass-48x!', roles: ['counsellor'] },
    });
    expect(created.status).toBe(201);
    counsellor = (
      await call(gateway.url, 'POST', '/auth/staff/session', {
        body: { username: 'tanaka', password: 'Counsellor-Pass-48x!' },
      })
    ).body.accessToken;
  });

  afterAll(async () => {
    await gateway?.close();
    if (eligibility && eligibility.exitCode === null) {
      await new Promise((r) => {
        eligibility.once('exit', r);
        eligibility.kill('SIGTERM');
      });
    }
    await parts?.close();
    await db?.drop().catch(() => undefined);
    await server?.stop();
    await nats?.stop();
  });

  it('all-or-nothing (default): a Shift_JIS file with bad rows is refused with every bad row by line, and nothing is imported', async () => {
    const before = await eventCount();
    const answer = await upload(ROSTER_SJIS);
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('ROSTER_IMPORT_REJECTED');
    expect(answer.body.message).toMatch(/取り込みを行いませんでした/);
    expect(answer.body.details.rejected.map((r: { line: number }) => r.line)).toEqual([3, 5]);
    expect(answer.body.details.rejected[1].reasons.map((r: { code: string }) => r.code)).toEqual([
      'NAME_REQUIRED',
      'EMAIL_INVALID',
      'STATUS_INVALID',
    ]);
    expect(answer.body.details.rejected[0].reasons[0]).toMatchObject({
      code: 'JOB_SEEKER_NUMBER_INVALID',
      field: 'jobSeekerNumber',
      message: expect.stringContaining('求職番号'),
    });
    expect(await eventCount()).toBe(before);
    expect((await call(gateway.url, 'GET', `/staff/seekers/${GOOD_NUMBERS[0]}`, { token: admin })).status).toBe(404);
  });

  it('good-rows: imports the good rows of the same file and reports the bad ones', async () => {
    const answer = await upload(ROSTER_SJIS, { mode: 'good-rows', token: counsellor });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      imported: 3,
      unchanged: 0,
      registered: 3,
      rejectedCount: 2,
      encoding: 'shift_jis',
      rows: 5,
    });
    expect(answer.body.rejected.map((r: { line: number }) => r.line)).toEqual([3, 5]);
    const saburo = await call(gateway.url, 'GET', '/staff/seekers/16070-21000003', { token: counsellor });
    expect(saburo.status).toBe(200);
    expect(saburo.body).toMatchObject({
      jobSeekerNumber: '16070-21000003',
      name: '滑川, 三郎',
      email: 'saburo@example.jp',
      status: 'pre_registration_approved',
      officeCode: '16070',
      onRoster: true,
    });
    expect(
      (await call(gateway.url, 'GET', '/staff/seekers/１６０７０－２１０００００１', { token: counsellor })).body.name,
    ).toBe('滑川 一郎');
  });

  it('re-importing the same file changes nothing: no new events', async () => {
    const before = await eventCount();
    const answer = await upload(ROSTER_SJIS, { mode: 'good-rows' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ imported: 0, unchanged: 3, rejectedCount: 2 });
    expect(await eventCount()).toBe(before);
  });

  it('a corrected file updates only the rows that changed', async () => {
    const corrected = Buffer.from(
      '\uFEFFjobSeekerNumber,name,email,officeCode,status\n' +
        '16070-21000001,滑川 一郎,ichiro@example.jp,16070,registered\n' +
        '16070-21000005,滑川 五郎,goro.new@example.jp,16070,registered\n' +
        '16070-21000006,"滑川 六郎",rokuro@example.jp,16070,pre_registration_approved\n',
      'utf8',
    );
    const answer = await upload(corrected);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      imported: 2,
      registered: 1,
      updated: 1,
      unchanged: 1,
      rejected: [],
      encoding: 'utf-8',
    });
  });

  it('files that are not a roster CSV get a clear 4xx and change nothing', async () => {
    const before = await eventCount();
    const garbage = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    // One at a time: each answer is read before the next upload starts.
    const cases: Array<[string, () => Promise<{ status: number; body: Json }>, number, string]> = [
      ['10 MB of binary garbage', () => upload(garbage), 400, 'CSV_ENCODING_INVALID'],
      ['10 MB of printable garbage', () => upload(Buffer.alloc(10 * 1024 * 1024, 'x,"y\n')), 400, 'CSV_MALFORMED'],
      ['missing columns', () => upload('求職番号,氏名\n16070-21000009,滑川 九郎\n'), 422, 'ROSTER_HEADER_INVALID'],
      ['an empty file', () => upload(''), 400, 'CSV_EMPTY'],
      ['over 20 MB', () => uploadUntilAnswered(Buffer.alloc(21 * 1024 * 1024, 'a')), 413, 'PAYLOAD_TOO_LARGE'],
      [
        'JSON instead of CSV',
        () => upload(JSON.stringify({ rows: [] }), { type: 'application/json' }),
        415,
        'CSV_CONTENT_TYPE_REQUIRED',
      ],
      ['plain text', () => upload('a,b', { type: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['an unknown mode', () => upload(ROSTER_SJIS, { mode: 'some-rows' }), 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, send, status, code] of cases) {
      const answer = await send();
      expect({ what, status: answer.status, code: answer.body.code }).toEqual({ what, status, code });
    }
    const header = await upload('求職番号,氏名\n', { language: 'en' });
    expect(header.body.details.missing).toEqual(['email', 'officeCode', 'status']);
    expect(header.body.message).toMatch(/header row/);
    expect(await eventCount()).toBe(before);
  });

  it('the import is for staff only', async () => {
    const anonymous = await fetch(`${gateway.url}/api/v1/staff/seekers/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: ROSTER_SJIS,
    });
    expect(anonymous.status).toBe(401);
  });

  it('an upload by someone not allowed to import is answered before its body is read (while the client is still sending)', async () => {
    const total = 20 * 1024 * 1024;
    for (const [token, expected] of [
      [undefined, 401],
      ['not-a-token', 401],
      // An auditor is signed in but may not import.
      [await auditorToken(), 403],
    ] as const) {
      const answer = await new Promise<{ status: number; sent: number }>((done, fail) => {
        let sent = 0;
        const request = httpRequest(`${gateway.url}/api/v1/staff/seekers/import`, {
          method: 'POST',
          headers: {
            'content-type': 'text/csv',
            'content-length': String(total),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        });
        request.on('response', (response) => {
          response.resume();
          done({ status: response.statusCode ?? 0, sent });
          request.destroy();
        });
        request.on('error', (error) => (sent > 0 ? undefined : fail(error)));
        // The first 64 KB of the 20 MB, then nothing until an answer comes.
        const chunk = Buffer.alloc(64 * 1024, 'a');
        request.write(chunk, () => (sent += chunk.length));
      });
      expect(answer).toEqual({ status: expected, sent: 64 * 1024 });
    }
  });
});
