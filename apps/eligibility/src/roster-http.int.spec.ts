// The roster, suspensions and erasure over HTTP through the gateway, in the default
// one-process system (`npm start`: every service in-process, in-process bus) started as
// a process on a temp DATA_DIR, its store on a test PostgreSQL database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import pg from 'pg';
import {
  createTestDatabase,
  eventually,
  freePort,
  startPostgres,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';

/** JSON answers, taken apart by expect(). */
type Json = any;

const ROOT = resolve(import.meta.dirname, '../../..');
const ADMIN_PASSWORD = 'Kurobe-Gorge-Trolley-93k!';

let server: TestPostgresServer;
let db: TestDatabase;
let system: ChildProcess;
let base: string;
let output = '';
let supervisor: string;
let counsellor: string;

async function http(
  method: string,
  path: string,
  options: { token?: string; json?: unknown; csv?: Buffer | string; language?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.csv !== undefined) headers['content-type'] = 'text/csv';
  if (options.language) headers['accept-language'] = options.language;
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.csv,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
}

async function eligibilityEvents(): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM eligibility.events')).rows[0].n;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await startPostgres();
  db = await createTestDatabase(server, 'soudan_roster_http');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  system = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      '--import',
      './tools/register.mjs',
      'apps/standalone/src/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-roster-http-')),
        EVENTSTORE_URL: db.url,
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  system.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  system.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<never>((_, reject) =>
    system.once('exit', (code) => reject(new Error(`the system exited (${code}): ${output.slice(-2000)}`))),
  );
  await Promise.race([
    exited,
    eventually(async () => ((await fetch(`${base}/api/v1/health`)).status === 200 ? true : undefined), {
      timeoutMs: 90_000,
      what: `the system answering on ${base}`,
    }),
  ]);
  exited.catch(() => undefined);
  supervisor = (await http('POST', '/auth/staff/session', { json: { username: 'admin', password: ADMIN_PASSWORD } }))
    .body.accessToken;
  expect(
    (
      await http('POST', '/staff/users', {
        token: supervisor,
        json: { username: 'yamada', password: 'Counsellor-Pass-77q!', roles: ['counsellor'] },
      })
    ).status,
  ).toBe(201);
  counsellor = (
    await http('POST', '/auth/staff/session', { json: { username: 'yamada', password: 'Counsellor-Pass-77q!' } })
  ).body.accessToken;
});

afterAll(async () => {
  if (system && system.exitCode === null) {
    await new Promise((r) => {
      system.once('exit', r);
      system.kill('SIGTERM');
    });
  }
  await db?.drop().catch(() => undefined);
  await server?.stop();
});

describe('roster over HTTP (npm start)', () => {
  it('R40: staff add a seeker (201), the same entry again changes nothing (200), bad fields are named (400)', async () => {
    const entry = {
      jobSeekerNumber: '16070-50000001',
      name: '富山 太郎',
      email: 'toyama@example.jp',
      officeCode: '16070',
      status: 'registered',
    };
    const added = await http('POST', '/staff/seekers', { token: counsellor, json: entry });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      jobSeekerNumber: '16070-50000001',
      outcome: 'registered',
      seekerId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const again = await http('POST', '/staff/seekers', {
      token: counsellor,
      json: { ...entry, jobSeekerNumber: '１６０７０－５００００００１' },
    });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
    const bad = await http('POST', '/staff/seekers', {
      token: counsellor,
      json: { ...entry, jobSeekerNumber: '1607-5', email: 'nope' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { jobSeekerNumber: ['JOB_SEEKER_NUMBER_INVALID'], email: ['EMAIL_INVALID'] } },
    });
    expect((await http('POST', '/staff/seekers', { json: entry })).status).toBe(401);
  });

  it('imports a UTF-8 file and a Shift_JIS file', async () => {
    const utf8 = await http('POST', '/staff/seekers/import', {
      token: counsellor,
      csv: 'jobSeekerNumber,name,email,officeCode,status\r\n16070-50000002,"高岡, 花子",hanako@example.jp,16070,registered\r\n16070-50000003,"射水 次郎",jiro@example.jp,16070,pre_registration_approved\r\n',
    });
    expect(utf8.status).toBe(200);
    expect(utf8.body).toMatchObject({ imported: 2, unchanged: 0, rejected: [], encoding: 'utf-8' });
    const sjis = await http('POST', '/staff/seekers/import', {
      token: supervisor,
      csv: iconv.encode(
        '求職番号,氏名,メールアドレス,安定所番号,登録状況\r\n１６０７０－５００００００４,氷見　三郎,saburo@example.jp,１６０７０,登録済\r\n16070-50000002,"高岡, 花子",hanako@example.jp,16070,登録済\r\n',
        'cp932',
      ),
    });
    expect(sjis.status).toBe(200);
    expect(sjis.body).toMatchObject({ imported: 1, unchanged: 1, rejected: [], encoding: 'shift_jis' });
    const saburo = await http('GET', '/staff/seekers/16070-50000004', { token: counsellor });
    expect(saburo.body).toMatchObject({ name: '氷見 三郎', status: 'registered', onRoster: true, erased: false });
  });

  it('malformed CSV (wrong encoding, missing columns, 10 MB of garbage) gets a clear 4xx and changes nothing', async () => {
    const before = await eligibilityEvents();
    const binary = Buffer.alloc(64 * 1024);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 40503) & 0xff;
    const garbage = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    const answers = [
      await http('POST', '/staff/seekers/import', { token: counsellor, csv: binary }),
      await http('POST', '/staff/seekers/import', {
        token: counsellor,
        csv: 'jobSeekerNumber,name\r\n16070-50000009,誰か\r\n',
      }),
      await http('POST', '/staff/seekers/import', { token: counsellor, csv: garbage }),
      await http('POST', '/staff/seekers/import', {
        token: counsellor,
        csv: 'jobSeekerNumber,name,email,officeCode,status\n16070-50000010,"unclosed,x@example.jp,16070,registered\n',
      }),
    ];
    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [400, 'CSV_ENCODING_INVALID'],
      [422, 'ROSTER_HEADER_INVALID'],
      [400, 'CSV_ENCODING_INVALID'],
      [400, 'CSV_MALFORMED'],
    ]);
    expect(answers[1].body.message).toMatch(/求職番号,氏名,メールアドレス,安定所番号,登録状況/);
    expect(await eligibilityEvents()).toBe(before);
  });

  it('R42: a supervisor suspends (201), the same again (200), lifts early (200); counsellors may not', async () => {
    const path = '/staff/seekers/16070-50000002/suspension';
    expect(
      (await http('POST', path, { token: counsellor, json: { reason: '無断欠席が続いたため', until: '2099-03-31' } }))
        .status,
    ).toBe(403);
    const suspended = await http('POST', path, {
      token: supervisor,
      json: { reason: '無断欠席が続いたため', until: '2099-03-31' },
    });
    expect(suspended.status).toBe(201);
    expect(suspended.body).toMatchObject({
      outcome: 'suspended',
      suspension: { until: '2099-03-31', endsAt: '2099-03-31T15:00:00.000Z', decidedBy: 'staff:admin' },
    });
    expect(
      (await http('POST', path, { token: supervisor, json: { reason: '無断欠席が続いたため', until: '2099-03-31' } }))
        .status,
    ).toBe(200);
    expect((await http('GET', '/staff/seekers/16070-50000002', { token: counsellor })).body.suspension).toMatchObject({
      active: true,
      until: '2099-03-31',
    });
    expect(
      (await http('POST', path, { token: supervisor, json: { reason: '理由', until: 'next month' } })).status,
    ).toBe(400);
    expect(
      (await http('POST', path, { token: supervisor, json: { reason: '理由', until: '2001-01-01' } })).body.code,
    ).toBe('SUSPENSION_END_NOT_IN_FUTURE');
    expect((await http('DELETE', path, { token: counsellor })).status).toBe(403);
    expect((await http('DELETE', path, { token: supervisor })).status).toBe(200);
    expect((await http('GET', '/staff/seekers/16070-50000002', { token: counsellor })).body.suspension).toBeUndefined();
    const again = await http('DELETE', path, { token: supervisor, language: 'en' });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'SUSPENSION_NOT_FOUND', message: 'This job seeker is not suspended.' });
    expect(
      (
        await http('POST', '/staff/seekers/16070-59999999/suspension', {
          token: supervisor,
          json: { reason: '理由', until: '2099-01-01' },
        })
      ).status,
    ).toBe(404);
  });

  it('R19: reviews are listed for staff and dismissing needs an open one', async () => {
    expect(await http('GET', '/staff/no-show-reviews', { token: counsellor })).toEqual({
      status: 200,
      body: { reviews: [] },
    });
    const dismissal = await http('POST', '/staff/seekers/16070-50000003/review/dismissal', {
      token: supervisor,
      json: {},
    });
    expect(dismissal).toMatchObject({ status: 404, body: { code: 'REVIEW_NOT_FOUND' } });
  });

  it('R54: a supervisor erases a seeker; the entry shows erased, its personal data gone', async () => {
    expect((await http('DELETE', '/staff/seekers/16070-50000003', { token: counsellor })).status).toBe(403);
    const erased = await http('DELETE', '/staff/seekers/16070-50000003', { token: supervisor });
    expect(erased).toMatchObject({ status: 200, body: { erased: true } });
    const view = await http('GET', '/staff/seekers/16070-50000003', { token: counsellor });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ erased: true, onRoster: false });
    expect(view.body.name).toBeUndefined();
    expect(view.body.email).toBeUndefined();
    expect((await http('DELETE', '/staff/seekers/16070-59999999', { token: supervisor })).status).toBe(404);
  });

  it('documents the routes in the OpenAPI description', async () => {
    const document = (await (await fetch(`${base}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/staff/seekers',
        '/api/v1/staff/seekers/import',
        '/api/v1/staff/seekers/{no}/suspension',
        '/api/v1/staff/seekers/{no}/review/dismissal',
        '/api/v1/staff/seekers/{no}',
        '/api/v1/staff/no-show-reviews',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/staff/seekers/import'].post.requestBody?.content ?? {})).toEqual([
      'text/csv',
    ]);
  });
});
