// GET /staff/capacity (R4) across the whole system, every hop a real NATS message and the
// stores on PostgreSQL: what a supervisor sets with PUT /staff/capacity reads back as
// scheduling's model holds it, for the offices the reader works for only (R72), and only
// for staff.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, readConfig } from '@soudan/platform';
import {
  createTestDatabase,
  freePort,
  startNatsServer,
  startPostgres,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { BusinessCalendar, jstDateOf } from '@soudan/time';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';
import { signInAdminAndSeeker } from './testing/sign-in';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const PASSWORD = 'Hayatsuki-Katakai-Bridge-3%';
const HOME = '16070'; // the configured office (Namerikawa)
const OTHER = '13010';
const quiet = () =>
  createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('GET /staff/capacity (R4, R72) over NATS and PostgreSQL', () => {
  let pg: TestPostgresServer;
  let nats: TestNatsServer;
  let system: EmbeddedSystem;
  let admin: string;
  let seeker: string;
  let supervisor: string;
  let counsellor: string;
  const { call, session } = apiClient(() => system.url);
  const read = (token: string, office?: string) =>
    call('GET', `/staff/capacity${office ? `?office=${office}` : ''}`, { token });

  beforeAll(async () => {
    [pg, nats] = await Promise.all([startPostgres(), startNatsServer()]);
    const dataDir = mkdtempSync(join(tmpdir(), 'soudan-capacity-'));
    const config = readConfig('embedded', {
      EVENTSTORE_URL: (await createTestDatabase(pg, 'soudan_capacity_read')).url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      INBOUND_SMTP_PORT: 'off',
    });
    system = await startEmbeddedSystem(config, quiet(), undefined, { natsUrl: nats.url });
    ({ admin, seeker } = await signInAdminAndSeeker(system.url, dataDir, ADMIN_PASSWORD));
    for (const [username, roles] of [
      ['kanda-supervisor', ['supervisor']],
      ['kanda-counsellor', ['counsellor']],
    ] as const) {
      const made = await call('POST', '/staff/users', {
        token: admin,
        body: { username, password: PASSWORD, roles, offices: [HOME] },
      });
      expect(made.status).toBe(201);
    }
    supervisor = await session('kanda-supervisor', PASSWORD);
    counsellor = await session('kanda-counsellor', PASSWORD);
  });

  afterAll(async () => {
    await system?.close();
    await nats?.stop();
    await pg?.stop();
  });

  it('R4: starts with nothing set, every slot at the default', async () => {
    const answer = await read(supervisor);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      office: HOME,
      defaultCapacity: 1,
      slotTimes: expect.arrayContaining(['10:00', '10:30', '15:30']),
      weekdays: {},
      dates: {},
    });
  });

  it('R4: reads back a weekday and a date as set, each in place of what it had; a past date is not listed', async () => {
    const date = new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 5);
    const put = (body: Record<string, unknown>) => call('PUT', '/staff/capacity', { token: supervisor, body });
    expect((await put({ weekday: 3, slots: { '10:00': 3, '10:30': 3 } })).status).toBe(200);
    expect((await put({ weekday: 3, slots: { '10:00': 2, '10:30': 0 } })).status).toBe(200);
    expect((await put({ date, slots: { '13:00': 4 } })).status).toBe(200);
    expect((await put({ date: '2020-01-06', slots: { '13:00': 4 } })).status).toBe(200);

    const expected = {
      office: HOME,
      defaultCapacity: 1,
      weekdays: { '3': { '10:00': 2, '10:30': 0 } },
      dates: { [date]: { '13:00': 4 } },
      slotTimes: expect.arrayContaining(['10:00', '13:00']),
    };
    // Right after the writes, whoever reads: the supervisor, a counsellor, the office named.
    expect((await read(supervisor)).body).toEqual(expected);
    expect((await read(counsellor)).body).toEqual(expected);
    expect((await read(supervisor, HOME)).body).toEqual(expected);
    // A national role names the office or reads the configured one.
    expect((await read(admin, HOME)).body).toEqual(expected);
    expect((await read(admin)).body).toEqual(expected);
  });

  it("R72: another office's capacity is 403 OFFICE_FORBIDDEN, to a supervisor and a counsellor alike", async () => {
    for (const token of [supervisor, counsellor]) {
      const answer = await read(token, OTHER);
      expect([answer.status, answer.body.code]).toEqual([403, 'OFFICE_FORBIDDEN']);
    }
    const bad = await read(supervisor, '1607');
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('R4, R72: a seeker may not read it (403), nor anyone signed out (401)', async () => {
    const answer = await read(seeker);
    expect([answer.status, answer.body.code]).toEqual([403, 'FORBIDDEN']);
    const signedOut = await call('GET', '/staff/capacity');
    expect(signedOut.status).toBe(401);
  });
});
