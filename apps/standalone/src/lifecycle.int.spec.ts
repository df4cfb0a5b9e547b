// The reservation lifecycle over HTTP, as seekers and staff use it, on the whole system
// in one process: sign-in, request, offer with holds, consent, the join link, the day's
// schedule, cancellation, capacity and terms; and every bad input of the scheduling
// issue answered with its 4xx code and nothing changed.
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { createLogger, readConfig } from '@soudan/platform';
import { BusinessCalendar, isNationalHoliday, jstDateOf } from '@soudan/time';
import { eventually, freePort } from '@soudan/testing';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const calendar = new BusinessCalendar();

/** The first business day at least `lead` business days after today (JST), at hh:mm JST. */
function slotOn(lead: number, hhmm: string, skip = 0): string {
  let date = calendar.addBusinessDays(jstDateOf(new Date()), lead);
  for (let i = 0; i < skip; i += 1) date = calendar.addBusinessDays(date, 1);
  return `${date}T${hhmm}:00+09:00`;
}

describe('reservation lifecycle over HTTP (embedded system)', () => {
  let system: EmbeddedSystem;
  let dataDir: string;
  let base: string;

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // HTML pages (the join link) stay text.
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  /** Sign-in links already exchanged: a second sign-in takes the next mail. */
  const usedLinks = new Set<string>();

  const staffToken = async (username: string, password: string) => {
    const r = await call('POST', '/api/v1/auth/staff/session', undefined, { username, password });
    expect(r.status).toBe(201);
    return r.body.accessToken as string;
  };

  const seekerToken = async (admin: string, jobSeekerNumber: string, email: string) => {
    const added = await call('POST', '/api/v1/staff/seekers', admin, {
      jobSeekerNumber,
      name: '滑川 花子',
      email,
      officeCode: '16070',
      status: 'registered',
    });
    expect([200, 201]).toContain(added.status);
    expect((await call('POST', '/api/v1/auth/seeker/link', undefined, { jobSeekerNumber, email })).status).toBe(202);
    const token = await eventually(
      async () => {
        const dir = join(dataDir, 'outbox');
        if (!existsSync(dir)) return undefined;
        for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
          const mail = await simpleParser(readFileSync(join(dir, file)));
          const to = JSON.stringify(mail.to ?? '');
          const match = /token=([A-Za-z0-9_.~-]+)/.exec(mail.text ?? '');
          if (to.includes(email) && match && !usedLinks.has(match[1])) return match[1];
        }
        return undefined;
      },
      { timeoutMs: 20_000, what: `sign-in mail to ${email}` },
    );
    usedLinks.add(token);
    const session = await call('POST', '/api/v1/auth/seeker/session', undefined, { token });
    expect(session.status).toBe(201);
    return session.body.accessToken as string;
  };

  const request = (overrides: Record<string, unknown> = {}) => ({
    name: '滑川 花子',
    email: 'hanako@example.jp',
    desiredSlots: [slotOn(3, '10:00')],
    topic: '面接の練習をしたい',
    onlineReason: '子育て中のため',
    ...readySeeker(),
    ...overrides,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-lifecycle-'));
    const config = readConfig('embedded', {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      RPC_TIMEOUT_MS: '5000',
    });
    system = await startEmbeddedSystem(
      config,
      createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    );
    base = system.url;
  });

  afterAll(async () => {
    await system?.close();
  });

  it('R4, R12-R15, R17: request, offer with holds, consent, join link, schedule, cancellation', async () => {
    const admin = await staffToken('admin', ADMIN_PASSWORD);
    expect(
      (
        await call('POST', '/api/v1/staff/users', admin, {
          username: 'sato',
          password: 'Hayatsuki-river-42!',
          roles: ['supervisor'],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/api/v1/staff/users', admin, {
          username: 'tanaka',
          password: 'Katakai-river-42!!',
          roles: ['counsellor'],
        })
      ).status,
    ).toBe(201);
    const supervisor = await staffToken('sato', 'Hayatsuki-river-42!');
    const counsellor = await staffToken('tanaka', 'Katakai-river-42!!');
    const seeker = await seekerToken(admin, '16070-00000001', 'hanako@example.jp');

    const slotA = slotOn(3, '10:00');
    const slotB = slotOn(3, '10:30');
    const created = await call('POST', '/api/v1/reservations', seeker, request({ desiredSlots: [slotA, slotB] }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      status: 'requested',
      number: expect.stringMatching(/^\w{3}-\w{3}$/),
    });
    const id = created.body.id as string;

    const mine = await call('GET', '/api/v1/reservations', seeker);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(id);

    const listed = await call('GET', '/api/v1/staff/reservations?status=requested', counsellor);
    expect(listed.status).toBe(200);
    const row = listed.body.reservations.find((r: { id: string }) => r.id === id);
    expect(row).toEqual(expect.objectContaining({ status: 'requested', overdue: false }));

    // R12: only a supervisor offers; the offer holds both places.
    expect(
      (await call('POST', `/api/v1/staff/reservations/${id}/offer`, counsellor, { slots: [slotA, slotB] })).status,
    ).toBe(403);
    const offered = await call('POST', `/api/v1/staff/reservations/${id}/offer`, supervisor, { slots: [slotA, slotB] });
    expect(offered.status).toBe(200);
    expect(offered.body.status).toBe('offered');
    const date = slotA.slice(0, 10);
    const remaining = async (slot: string) => {
      const a = await call('GET', `/api/v1/availability?from=${date}&to=${date}`);
      return a.body.slots.find((s: { start: string }) => s.start === new Date(slot).toISOString()).remaining as number;
    };
    expect(await remaining(slotA)).toBe(0);
    expect(await remaining(slotB)).toBe(0);

    const terms = await call('GET', '/api/v1/terms/current');
    expect(terms.status).toBe(200);
    expect(terms.body.body).toContain('オンライン職業相談等利用規約');

    // Bad consents change nothing.
    const wrongTerms = await call('POST', `/api/v1/reservations/${id}/consent`, seeker, {
      slot: slotA,
      termsVersion: 'not-a-version',
    });
    expect(wrongTerms.status).toBe(422);
    expect(wrongTerms.body.code).toBe('TERMS_VERSION_MISMATCH');
    const notOffered = await call('POST', `/api/v1/reservations/${id}/consent`, seeker, {
      slot: slotOn(3, '11:00'),
      termsVersion: terms.body.version,
    });
    expect(notOffered.status).toBe(422);
    expect(notOffered.body.code).toBe('SLOT_NOT_OFFERED');
    expect((await call('GET', `/api/v1/reservations/${id}`, seeker)).body.status).toBe('offered');

    // R13: consent confirms, with a meeting URL; the other hold is released.
    const consent = await call('POST', `/api/v1/reservations/${id}/consent`, seeker, {
      slot: slotA,
      termsVersion: terms.body.version,
    });
    expect(consent.status).toBe(200);
    expect(consent.body).toEqual({ status: 'confirmed' });
    const confirmed = await call('GET', `/api/v1/reservations/${id}`, seeker);
    expect(confirmed.body).toEqual(
      expect.objectContaining({
        status: expect.stringMatching(/confirmed|invited/),
        slot: new Date(slotA).toISOString(),
        termsVersion: terms.body.version,
      }),
    );
    expect(confirmed.body.meetingUrl).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
    expect(await remaining(slotA)).toBe(0);
    expect(await remaining(slotB)).toBe(1);

    // R15: the join link works from 15 minutes before the start; before that, a page says when.
    const joinPath = new URL(confirmed.body.meetingUrl).pathname;
    const early = await call('GET', joinPath);
    expect(early.status).toBe(200);
    expect(String(early.body)).toContain('まだ入室できません');
    expect((await call('GET', '/join/not-a-real-token-at-all')).status).toBe(404);

    const schedule = await call('GET', `/api/v1/staff/schedule?date=${date}`, counsellor);
    expect(schedule.status).toBe(200);
    expect(schedule.body.sessions.map((s: { id: string }) => s.id)).toContain(id);
    // "Sessions of the day with seeker": the counsellor sees who is coming.
    expect(schedule.body.sessions.find((s: { id: string }) => s.id === id)).toMatchObject({ seekerName: '滑川 花子' });

    // Another seeker cannot see it: 404, not 403.
    const other = await seekerToken(admin, '16070-00000002', 'jiro@example.jp');
    expect((await call('GET', `/api/v1/reservations/${id}`, other)).status).toBe(404);

    // R17: online cancellation before the day; twice is a conflict.
    const cancelled = await call('POST', `/api/v1/reservations/${id}/cancellation`, seeker, {
      reason: '都合が悪くなったため',
    });
    expect(cancelled.status).toBe(200);
    expect((await call('GET', `/api/v1/reservations/${id}`, seeker)).body.status).toBe('cancelled');
    const again = await call('POST', `/api/v1/reservations/${id}/cancellation`, seeker, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_CANCELLED');
    expect(await remaining(slotA)).toBe(1);
  });

  it('R2, R3, R5: refuses past dates, 10:15, weekends, holidays, 29 Dec and unknown ids with their codes, changing nothing', async () => {
    const admin = await staffToken('admin', ADMIN_PASSWORD);
    const seeker = await seekerToken(admin, '16070-00000003', 'saburo@example.jp');
    const before = await call('GET', '/api/v1/reservations', seeker);
    let saturday = jstDateOf(new Date(Date.now() + 7 * 86_400_000));
    while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6)
      saturday = jstDateOf(new Date(Date.parse(`${saturday}T00:00:00Z`) + 86_400_000));
    // Next year's 29 December (R2) and the first national holiday on a weekday at least two
    // weeks ahead, so the cases mean the same on whatever day the suite runs.
    const nextYear = Number(jstDateOf(new Date()).slice(0, 4)) + 1;
    let holiday = jstDateOf(new Date(Date.now() + 14 * 86_400_000));
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    while (!isNationalHoliday(holiday) || weekday(holiday) === 0 || weekday(holiday) === 6)
      holiday = jstDateOf(new Date(Date.parse(`${holiday}T00:00:00Z`) + 86_400_000));
    const cases: Array<[string, string, number]> = [
      ['2020-04-01T10:00:00+09:00', 'SLOT_IN_PAST', 422],
      [slotOn(3, '10:15'), 'OUTSIDE_HOURS', 422],
      [slotOn(3, '16:00'), 'OUTSIDE_HOURS', 422],
      [`${saturday}T10:00:00+09:00`, 'NOT_BUSINESS_DAY', 422],
      [`${nextYear}-12-29T10:00:00+09:00`, 'NOT_BUSINESS_DAY', 422],
      [`${holiday}T10:00:00+09:00`, 'NOT_BUSINESS_DAY', 422],
      [slotOn(1, '10:00'), 'LEAD_TIME', 422],
    ];
    for (const [slot, code, status] of cases) {
      const r = await call(
        'POST',
        '/api/v1/reservations',
        seeker,
        request({ email: 'saburo@example.jp', desiredSlots: [slot] }),
      );
      expect({ slot, status: r.status, code: r.body.code }).toEqual({ slot, status, code });
    }
    expect((await call('GET', '/api/v1/reservations', seeker)).body).toEqual(before.body);
    const unknown = await call('GET', '/api/v1/reservations/00000000-0000-4000-8000-000000000000', seeker);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('RESERVATION_NOT_FOUND');
    expect(
      (await call('POST', '/api/v1/reservations/nope/consent', seeker, { slot: slotOn(3, '10:00'), termsVersion: 'x' }))
        .status,
    ).toBe(404);
    const badDate = await call('GET', '/api/v1/availability?from=2026-02-30&to=2026-03-01');
    expect(badDate.status).toBe(400);
  });

  it('R11, R40-R42: refuses a request from a seeker who is not ready or is suspended (whose token the suspension ends), with reasons to act on, until it is lifted', async () => {
    const admin = await staffToken('admin', ADMIN_PASSWORD);
    let seeker = await seekerToken(admin, '16070-00000011', 'juichi@example.jp');
    const mine = () => call('GET', '/api/v1/reservations', seeker);
    const before = await mine();
    const reasonsOf = (r: { body: any }) => (r.body.details?.reasons ?? []).map((x: { code: string }) => x.code);

    const noCamera = await call(
      'POST',
      '/api/v1/reservations',
      seeker,
      request({ email: 'juichi@example.jp', devices: { camera: false, microphone: true, speaker: true } }),
    );
    expect(noCamera.status).toBe(422);
    expect(noCamera.body.code).toBe('NOT_ELIGIBLE');
    expect(reasonsOf(noCamera)).toContain('DEVICE_NOT_READY');

    const publicWifi = await call(
      'POST',
      '/api/v1/reservations',
      seeker,
      request({ email: 'juichi@example.jp', environment: { ...request().environment, noPublicWifi: false } }),
    );
    expect(publicWifi.status).toBe(422);
    expect(reasonsOf(publicWifi)).toContain('ENVIRONMENT_NOT_CONFIRMED');

    const until = calendar.addBusinessDays(jstDateOf(new Date()), 20);
    const suspension = await call('POST', '/api/v1/staff/seekers/16070-00000011/suspension', admin, {
      reason: '無断欠席が続いたため',
      until,
    });
    expect([200, 201]).toContain(suspension.status);
    // Issue 9: the suspension ends the token the seeker held; a suspended seeker signs in
    // again (to see and cancel their reservations) and may not request.
    const ended = await eventually(
      async () => {
        const answer = await mine();
        return answer.status === 401 ? answer : undefined;
      },
      { what: 'the token ended by the suspension' },
    );
    expect(ended.body.code).toBe('TOKEN_REVOKED');
    seeker = await seekerToken(admin, '16070-00000011', 'juichi@example.jp');
    const suspended = await call('POST', '/api/v1/reservations', seeker, request({ email: 'juichi@example.jp' }));
    expect(suspended.status).toBe(422);
    expect(suspended.body.code).toBe('SUSPENDED');
    expect(JSON.stringify(suspended.body.details)).toContain(until);
    expect((await mine()).body).toEqual(before.body);

    expect([200, 204]).toContain(
      (await call('DELETE', '/api/v1/staff/seekers/16070-00000011/suspension', admin)).status,
    );
    const lifted = await call('POST', '/api/v1/reservations', seeker, request({ email: 'juichi@example.jp' }));
    expect(lifted.status).toBe(201);
  });

  it('R4, R30, R31: supervisors set capacity and publish terms that take effect later', async () => {
    const admin = await staffToken('admin', ADMIN_PASSWORD);
    const slot = slotOn(4, '13:00');
    const date = slot.slice(0, 10);
    const set = await call('PUT', '/api/v1/staff/capacity', admin, { date, slots: { '13:00': 3 } });
    expect(set.status).toBe(200);
    const availability = await call('GET', `/api/v1/availability?from=${date}&to=${date}`);
    expect(
      availability.body.slots.find((s: { start: string }) => s.start === new Date(slot).toISOString()).remaining,
    ).toBe(3);
    expect((await call('PUT', '/api/v1/staff/capacity', admin, { date, slots: { '13:15': 3 } })).body.code).toBe(
      'OUTSIDE_HOURS',
    );

    const effectiveFrom = `${calendar.addBusinessDays(jstDateOf(new Date()), 10)}T00:00:00+09:00`;
    const published = await call('POST', '/api/v1/staff/terms', admin, {
      version: '2027-test',
      effectiveFrom,
      body: '新しい規約',
      changeSummary: '第5条を改定',
    });
    expect(published.status).toBe(201);
    const current = await call('GET', '/api/v1/terms/current');
    expect(current.body.version).toBe('2023-04-01');
    expect(current.body.upcoming).toEqual([expect.objectContaining({ version: '2027-test' })]);
    const past = await call('POST', '/api/v1/staff/terms', admin, {
      version: '2020-x',
      effectiveFrom: '2020-01-01T00:00:00+09:00',
      body: 'x',
      changeSummary: 'x',
    });
    expect(past.status).toBe(422);
    expect(past.body.code).toBe('EFFECTIVE_DATE_NOT_IN_FUTURE');
  });
});
