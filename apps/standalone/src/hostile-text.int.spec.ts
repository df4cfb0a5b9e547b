// R50 tried from outside with hostile text, on the whole system as `npm start` runs it,
// its stores on PostgreSQL and on PGlite: text no store can keep (a NUL character, an
// unpaired UTF-16 surrogate) in bodies, paths and query strings of every kind of route,
// a roster file with a NUL byte, a route parameter whose cut would split an emoji. Each
// is refused (400 UNSTORABLE_TEXT) or made storable, and afterwards every access is still
// recorded, reaches the audit trail, and /audit/integrity checks a trail that holds them.
// A record the store refuses anyway is split from its batch, stored in a safe form and
// raised to staff in GET /staff/alerts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AccessRecorder, type AccessRecordedV1 } from '@soudan/gateway-infra';
import { createLogger, readConfig } from '@soudan/platform';
import { createTestDatabase, eventually, freePort, startPostgres, type TestPostgresServer } from '@soudan/testing';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const PASSWORD = 'Hayatsuki-peak-57-2026!';

describe.each(['PostgreSQL', 'PGlite'] as const)('R50: hostile text against the access record (%s)', (storeKind) => {
  let server: TestPostgresServer | undefined;
  let system: EmbeddedSystem;
  const tokens: Record<string, string> = {};
  const { call, session } = apiClient(() => system.url);
  const logLines: string[] = [];

  beforeAll(async () => {
    const env: Record<string, string> = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-hostile-')),
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
    };
    if (storeKind === 'PostgreSQL') {
      server = await startPostgres();
      env.EVENTSTORE_URL = (await createTestDatabase(server)).url;
    }
    const destination = new Writable({
      write: (chunk, _e, done) => {
        logLines.push(String(chunk));
        done();
      },
    });
    system = await startEmbeddedSystem(readConfig('embedded', env), createLogger({ name: 'test', destination }));
    tokens.admin = await session('admin', ADMIN_PASSWORD);
    for (const [username, roles] of [
      ['sato', ['supervisor']],
      ['mori', ['auditor']],
    ] as const) {
      await call('POST', '/staff/users', { token: tokens.admin, body: { username, password: PASSWORD, roles } });
      tokens[username] = await session(username, PASSWORD);
    }
  });

  afterAll(async () => {
    await system?.close();
    await server?.stop();
  });

  /** A request as a client can send it: the raw JSON text (escapes and all) and any path. */
  const raw = async (method: string, path: string, body?: string, token?: string, type = 'application/json') => {
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': type } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const accessRecords = async () => {
    const events: any[] = [];
    for (let from = 0; ;) {
      const page = await call('GET', `/audit/events?category=access&limit=1000&from=${from}`, { token: tokens.mori });
      expect(page.status).toBe(200);
      events.push(...page.body.events);
      if (page.body.events.length < 1000) return events;
      from = Number(page.body.next);
    }
  };

  it('R50: refuses a NUL or an unpaired surrogate in any body, path or query with 400 UNSTORABLE_TEXT, naming the field', async () => {
    const cases: Array<[string, Promise<{ status: number; body: any }>, string]> = [
      [
        'sign-in body, lone surrogate',
        raw('POST', '/api/v1/auth/staff/session', '{"username":"a\\ud800","password":"x"}'),
        'body.username',
      ],
      [
        'sign-in body, NUL',
        raw('POST', '/api/v1/auth/staff/session', '{"username":"a\\u0000","password":"x"}'),
        'body.username',
      ],
      [
        'link request',
        raw('POST', '/api/v1/auth/seeker/link', '{"jobSeekerNumber":"16070-12345678","email":"a@b.jp\\udfff"}'),
        'body.email',
      ],
      [
        'a key of the body',
        raw('POST', '/api/v1/auth/staff/session', '{"us\\u0000er":"a","password":"x"}'),
        'body.us?er',
      ],
      [
        'terms body',
        raw(
          'POST',
          '/api/v1/staff/terms',
          JSON.stringify({ version: 'v9', effectiveFrom: '2027-04-01T00:00:00+09:00', body: 'x' }).replace(
            '"x"',
            '"x\\u0000"',
          ),
          tokens.sato,
        ),
        'body.body',
      ],
      [
        'staff note',
        raw(
          'POST',
          `/api/v1/staff/reservations/${randomUUID()}/cancellation`,
          '{"channel":"phone","note":"電話\\ud83d"}',
          tokens.sato,
        ),
        'body.note',
      ],
      [
        'roster entry',
        raw(
          'POST',
          '/api/v1/staff/seekers',
          '{"jobSeekerNumber":"16070-12345678","name":"滑川\\u0000太郎","email":"t@example.jp","officeCode":"16070","status":"registered"}',
          tokens.sato,
        ),
        'body.name',
      ],
      ['path parameter', raw('GET', '/api/v1/reservations/abc%00def', undefined, tokens.sato), 'path'],
      ['unknown path', raw('GET', '/api/v1/nothing/%00', undefined), 'path'],
      ['join link', raw('GET', '/join/%00'), 'path'],
      ['query string', raw('GET', '/api/v1/staff/reservations?status=%00', undefined, tokens.sato), 'query.status'],
    ];
    for (const [what, answer, field] of cases) {
      const { status, body } = await answer;
      expect({ what, status, code: body.code, field: body.details?.field }).toEqual({
        what,
        status: 400,
        code: 'UNSTORABLE_TEXT',
        field,
      });
      expect(body.message).toMatch(/使用できない文字/);
    }
  });

  it('R50: a roster file with a NUL byte is refused before anything is stored', async () => {
    const csv = Buffer.from(
      '求職番号,氏名,メールアドレス,安定所番号,登録状況\n16070-11112222,滑川\u0000花子,h@example.jp,16070,registered\n',
    );
    const answer = await raw('POST', '/api/v1/staff/seekers/import', csv as unknown as string, tokens.sato, 'text/csv');
    expect(answer).toMatchObject({ status: 400, body: { code: 'CSV_ENCODING_INVALID' } });
  });

  it('R50: a route parameter cut inside an emoji, and hostile requests, are recorded; later accesses still are, and the trail checks', async () => {
    const longId = `${'a'.repeat(199)}%F0%9F%98%80`;
    expect((await raw('GET', `/api/v1/reservations/${longId}`, undefined, tokens.sato)).status).toBe(403);
    const marker = `after-hostile-${randomUUID()}`;
    for (let i = 0; i < 5; i++)
      expect((await call('GET', '/health', { headers: { 'x-correlation-id': `${marker}-${i}` } })).status).toBeLessThan(
        600,
      );
    const records = await eventually(
      async () => {
        const all = await accessRecords();
        const later = all.filter((e) => String(e.data.correlationId ?? '').startsWith(marker));
        if (later.length < 5) throw new Error(`only ${later.length} of the later accesses in the trail`);
        return all;
      },
      { what: 'the accesses after the hostile requests in the audit trail', timeoutMs: 30_000 },
    );
    const refused = records.filter((e) => e.data.status === 400 && e.data.outcome === 'invalid');
    expect(refused.length).toBeGreaterThanOrEqual(11);
    const cut = records.find((e) => e.data.route === '/api/v1/reservations/:id' && e.data.status === 403);
    expect(cut.data.params.id).toBe('a'.repeat(199));
    const integrity = await call('GET', '/audit/integrity', { token: tokens.mori });
    expect(integrity.body).toMatchObject({ ok: true });
    expect(integrity.body.checked).toBeGreaterThanOrEqual(records.length);
  });

  it('R50: a record the store refuses is split from its batch, stored in a safe form and shown in GET /staff/alerts until resolved', async () => {
    const recorder = system.gateway.get(AccessRecorder);
    const marker = `batch-${randomUUID()}`;
    const record = (n: number, path = '/api/v1/health'): AccessRecordedV1 => ({
      at: new Date().toISOString(),
      method: 'GET',
      route: null,
      path,
      params: {},
      status: 404,
      outcome: 'invalid',
      principal: { kind: 'anonymous' },
      durationMs: 1,
      device: { ip: 'ip_test', userAgent: null, sealed: null },
      correlationId: `${marker}-${n}`,
    });
    // Unlike record(), enqueue() takes the data as it is: this is what a defect would let through.
    recorder.enqueue(record(0), 'system:test');
    recorder.enqueue(record(1, '/api/v1/\u0000\ud800'), 'system:test');
    recorder.enqueue(record(2), 'system:test');
    await recorder.flush();

    const alerts = await eventually(
      async () => {
        const answer = await call('GET', '/staff/alerts', { token: tokens.sato });
        const found = answer.body.accessRecord?.filter((a: any) => a.kind === 'repaired-record');
        if (!found?.length) throw new Error('no alert yet');
        return found;
      },
      { what: 'the repaired record among the staff alerts' },
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^ar-[0-9a-f]{24}$/),
        reason: 'UNSTORABLE_TEXT',
        form: 'repaired',
        fields: ['data.path'],
      }),
    ]);
    const trail = await eventually(
      async () => {
        const mine = (await accessRecords()).filter((e) => String(e.data.correlationId ?? '').startsWith(marker));
        if (mine.length < 3) throw new Error(`${mine.length} of 3`);
        return mine;
      },
      { what: 'the whole batch in the audit trail' },
    );
    expect(trail.map((e) => e.data.correlationId).sort()).toEqual([0, 1, 2].map((n) => `${marker}-${n}`));
    const repaired = trail.find((e) => e.data.correlationId === `${marker}-1`);
    expect(repaired.data.path).toBe('/api/v1/\ufffd\ufffd');
    expect(repaired.data.repaired).toEqual({ reason: 'UNSTORABLE_TEXT', fields: ['data.path'] });
    expect((await call('GET', '/audit/integrity', { token: tokens.mori })).body.ok).toBe(true);

    const resolved = await call('POST', `/staff/alerts/${alerts[0].id}/resolution`, {
      token: tokens.sato,
      body: { note: '不正なリクエストを確認済み' },
    });
    expect(resolved).toMatchObject({ status: 200, body: { kind: 'access-record', resolvedBy: 'staff:sato' } });
    expect((await call('GET', '/staff/alerts', { token: tokens.sato })).body.accessRecord).toEqual([]);
    expect(
      (await call('POST', `/staff/alerts/${alerts[0].id}/resolution`, { token: tokens.sato, body: {} })).body.code,
    ).toBe('ALERT_ALREADY_RESOLVED');
    // One line for the refused record, nothing like a retry loop.
    expect(logLines.filter((l) => l.includes('could not store access records')).length).toBe(0);
    expect(logLines.filter((l) => l.includes('stored in a safe form')).length).toBe(1);
  });
});
