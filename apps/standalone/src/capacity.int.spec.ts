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
  eventually,
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

  describe('the office calendar: hours and closed days (R70, R2, R3)', () => {
    const calendar = (token: string, body?: Record<string, unknown>) =>
      body === undefined ? call('GET', '/staff/calendar', { token }) : call('PUT', '/staff/calendar', { token, body });
    const slotsOn = async (date: string) =>
      (
        (await call('GET', `/availability?from=${date}&to=${date}`, { token: seeker })).body.slots as {
          start: string;
        }[]
      ).map((slot) => slot.start);

    it('R70, R2: a supervisor closes one day of their office; it offers no slot that day, and the rest of the settings stay', async () => {
      const day = new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 6);
      expect(await slotsOn(day)).not.toEqual([]);
      const before = await calendar(counsellor);
      expect(before.body).toEqual({
        office: HOME,
        hours: { open: '10:00', close: '16:00', slotMinutes: 30 },
        closures: [],
      });

      const closed = await calendar(supervisor, { closures: [day] });
      expect([closed.status, closed.body.outcome, closed.body.changed]).toEqual([200, 'changed', ['closures']]);
      expect(closed.body.office.settings).toMatchObject({ code: HOME, phone: expect.any(String), closures: [day] });
      expect((await calendar(counsellor)).body.closures).toEqual([day]);
      await eventually(async () => ((await slotsOn(day)).length === 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: 'the closed day without slots',
      });
      // The same list again changes nothing; the hours were left as they were.
      const again = await calendar(supervisor, { closures: [day] });
      expect([again.status, again.body.outcome]).toEqual([200, 'unchanged']);
      expect((await calendar(supervisor, { closures: [] })).body.changed).toEqual(['closures']);
      await eventually(async () => ((await slotsOn(day)).length > 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: 'the day open again',
      });
    });

    it("R70, R3: a supervisor changes the office's hours; the public page and the slots follow", async () => {
      const day = new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 7);
      const changed = await calendar(supervisor, { hours: { open: '09:00', close: '12:00', slotMinutes: 60 } });
      expect([changed.status, changed.body.changed]).toEqual([200, ['hours']]);
      expect((await call('GET', `/office?code=${HOME}`)).body.hours).toEqual({
        open: '09:00',
        close: '12:00',
        slotMinutes: 60,
      });
      await eventually(
        async () => {
          const starts = await slotsOn(day);
          return starts.length === 3 && starts[0] === `${day}T00:00:00.000Z` ? starts : undefined;
        },
        { timeoutMs: 10_000, what: 'three one-hour slots from 09:00 JST' },
      );
      expect((await calendar(supervisor, { hours: { open: '10:00', close: '16:00', slotMinutes: 30 } })).status).toBe(
        200,
      );
    });

    it('R70: hours that do not divide into slots, an impossible date and wrong types are refused; nothing changes', async () => {
      const uneven = await calendar(supervisor, { hours: { open: '10:00', close: '16:10', slotMinutes: 30 } });
      expect([uneven.status, uneven.body.code]).toEqual([422, 'OFFICE_SETTINGS_INVALID']);
      const impossible = await calendar(supervisor, { closures: ['2027-02-30'] });
      expect([impossible.status, impossible.body.code]).toEqual([422, 'OFFICE_SETTINGS_INVALID']);
      for (const body of [
        { closures: '2027-02-12' },
        { hours: { open: '10', close: '16:00', slotMinutes: 30 } },
        { closures: [20270212] },
      ]) {
        const answer = await calendar(supervisor, body);
        expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect((await calendar(supervisor)).body).toEqual({
        office: HOME,
        hours: { open: '10:00', close: '16:00', slotMinutes: 30 },
        closures: [],
      });
    });

    it('R72: only supervisors change it, for their own offices; a seeker reads nothing', async () => {
      const counsellorPut = await calendar(counsellor, { closures: [] });
      expect([counsellorPut.status, counsellorPut.body.code]).toEqual([403, 'FORBIDDEN']);
      const other = await calendar(supervisor, { office: OTHER, closures: [] });
      expect([other.status, other.body.code]).toEqual([403, 'OFFICE_FORBIDDEN']);
      const otherRead = await call('GET', `/staff/calendar?office=${OTHER}`, { token: counsellor });
      expect([otherRead.status, otherRead.body.code]).toEqual([403, 'OFFICE_FORBIDDEN']);
      expect((await calendar(seeker)).status).toBe(403);
    });
  });
});
