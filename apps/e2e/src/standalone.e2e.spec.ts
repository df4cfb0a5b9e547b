// The single process of `npm start` (embedded PGlite, in-process bus, .eml outbox),
// driven over HTTP, killed with -9 and started again on the same data.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { eventually, freePort } from '@soudan/testing';
import { D2, jaSlot } from './support/dates';
import { officeMatrix } from './support/office-matrix';
import { secondOfficeJourney } from './support/offices';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';
import {
  ADMIN_PASSWORD,
  auditedEvent,
  badInputChecks,
  get,
  idempotencyChecks,
  post,
  requestReservation,
  signInAll,
  tokenInMailText,
  type Sessions,
} from './support/journey';

async function outboxMail(dataDir: string, reservationId: string) {
  return eventually(
    async () => {
      const dir = join(dataDir, 'outbox');
      if (!existsSync(dir)) return undefined;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
        const mail = await simpleParser(readFileSync(join(dir, file)));
        if (mail.headers.get('x-soudan-reservation') === reservationId) return { file, mail };
      }
      return undefined;
    },
    { timeoutMs: 60_000, what: `an .eml for ${reservationId} in ${dataDir}/outbox` },
  );
}

describe('embedded: the whole system in one process (npm start)', () => {
  let dataDir: string;
  let baseUrl: string;
  let app: AppProcess;
  let env: Record<string, string>;
  let sessions: Sessions;

  /** The sign-in link mailed to `email`, from the .eml outbox. */
  const outboxLinkToken = (email: string) =>
    eventually(
      async () => {
        const dir = join(dataDir, 'outbox');
        if (!existsSync(dir)) return undefined;
        for (const file of readdirSync(dir).filter((f) => f.startsWith('sign-in-') && f.endsWith('.eml'))) {
          const mail = await simpleParser(readFileSync(join(dir, file)));
          if (JSON.stringify(mail.to).includes(email)) return tokenInMailText(mail.text);
        }
        return undefined;
      },
      { timeoutMs: 30_000, what: `a sign-in mail to ${email} in the outbox` },
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-standalone-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), DATA_DIR: dataDir, ADMIN_PASSWORD };
    app = startApp('standalone-npm-start', ['npm', 'start', '--silent'], env);
    await waitForHealthy(baseUrl);
    sessions = await signInAll(baseUrl, outboxLinkToken);
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('reports every service up on the in-process bus', async () => {
    const health = await get(baseUrl, '/health');
    expect(health.status).toBe(200);
    expect(health.body.messaging).toBe('in-process');
    expect(Object.keys(health.body.services).sort()).toEqual(['audit', 'eligibility', 'notification', 'scheduling']);
  });

  it('walks a request to a Japanese .eml in the outbox and into the audit history', async () => {
    const { id } = await requestReservation(baseUrl, sessions.seeker, { email: 'embedded@example.jp' });
    const { mail } = await outboxMail(dataDir, id);
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談のお申込みを受け付けました');
    expect(mail.text).toContain(`第2希望: ${jaSlot(D2, '14:30')}`);
    const audited = await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.stream === `reservation-${id}` && e.type === 'ReservationRequested',
    );
    // R54: the event names the seeker by pseudonym; the address stays in eligibility's erasable store.
    expect(audited.data.seekerId).toEqual(expect.any(String));
    expect(JSON.stringify(audited.data)).not.toContain('embedded@example.jp');
  });

  it('answers bad input with api.md error bodies', async () => {
    await badInputChecks(baseUrl, sessions);
  });

  it('keeps Idempotency-Key retries to one reservation', async () => {
    await idempotencyChecks(baseUrl, sessions);
  });

  it('R70: the national administrator keeps the office registry; the configured office is in it from the start', async () => {
    const admin = { authorization: `Bearer ${sessions.admin}` };
    const send = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const listed = await get(baseUrl, '/offices', admin);
    expect(listed.status).toBe(200);
    expect(listed.body.offices.map((o: any) => [o.settings.code, o.settings.name])).toEqual([
      ['16070', 'ハローワーク滑川'],
    ]);
    expect((await get(baseUrl, '/offices', { authorization: `Bearer ${sessions.auditor}` })).status).toBe(403);

    const toyama = {
      name: 'ハローワーク富山',
      phone: '076-431-8609',
      email: '16010hw01@mhlw.go.jp',
      meetingBaseUrl: 'https://meet.soudan.example/room',
      publicBaseUrl: 'https://soudan.example.jp',
    };
    const created = await send('PUT', '/offices/16010', toyama);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      outcome: 'registered',
      office: { settings: { code: '16010', defaultCapacity: 1 } },
    });
    expect(await send('PUT', '/offices/16010', toyama)).toMatchObject({ status: 200, body: { outcome: 'unchanged' } });
    const refused = await send('PUT', '/offices/16010', { ...toyama, phone: '0764318609', hours: { open: '16:00' } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OFFICE_SETTINGS_INVALID');
    expect(Object.keys(refused.body.details.fields).sort()).toEqual(['hours.close', 'phone']);
    expect((await send('PUT', '/offices/1601x', toyama)).body.code).toBe('VALIDATION_FAILED');

    const file = [
      { code: '16010', ...toyama, closures: ['2027-02-12'] },
      { code: '16020', ...toyama, name: 'ハローワーク高岡', phone: '0766-21-1515' },
    ];
    const preview = await post(baseUrl, '/offices/import?dryRun=true', file, admin);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, applied: false, counts: { registered: 1, changed: 1 } });
    const bad = await post(baseUrl, '/offices/import', [...file, { code: '16030', ...toyama, email: 'nobody' }], admin);
    expect(bad.status).toBe(422);
    expect(bad.body.details.rows.filter((r: any) => r.outcome === 'refused').map((r: any) => r.row)).toEqual([3]);
    expect((await get(baseUrl, '/offices', admin)).body.offices).toHaveLength(2);
    const applied = await post(baseUrl, '/offices/import', file, admin);
    expect(applied.body).toMatchObject({ applied: true, counts: { registered: 1, changed: 1, refused: 0 } });
    const toyamaNow = await get(baseUrl, '/offices/16010', admin);
    expect(toyamaNow.body).toMatchObject({ changes: 1, settings: { closures: ['2027-02-12'] } });

    // R50, R51: each change is in the audit record, under its own category.
    const changed = await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.type === 'OfficeSettingsChanged' && e.data.code === '16010',
    );
    expect(changed.data.changed).toEqual(['closures']);
    const byCategory = await get(baseUrl, '/audit/events?category=office&limit=50', {
      authorization: `Bearer ${sessions.auditor}`,
    });
    expect(byCategory.body.events.map((e: any) => e.data.code).sort()).toEqual(['16010', '16010', '16020', '16070']);
  });

  let secondOffice: { reservationId: string } | undefined;

  it('R71: a seeker of a second office sees its slots, terms and phone, books there, and is mailed in its name', async () => {
    secondOffice = await secondOfficeJourney(baseUrl, sessions.admin, {
      signInLink: (email) =>
        eventually(
          async () => {
            const dir = join(dataDir, 'outbox');
            for (const file of readdirSync(dir).filter((f) => f.startsWith('sign-in-') && f.endsWith('.eml'))) {
              const mail = await simpleParser(readFileSync(join(dir, file)));
              if (JSON.stringify(mail.to).includes(email)) return mail;
            }
            return undefined;
          },
          { timeoutMs: 30_000, what: `the sign-in mail to ${email}` },
        ),
      aboutReservation: async (id) => (await outboxMail(dataDir, id)).mail,
    });
  });

  it("R72, R74: members of one office, role by role, reach none of the second office's reservations, seekers, accounts, alerts, reports or disclosures on any staff or audit route", async () => {
    expect(secondOffice).toBeDefined();
    const { id } = await requestReservation(baseUrl, sessions.seeker, { email: 'matrix@example.jp' });
    await officeMatrix({
      baseUrl,
      adminToken: sessions.admin,
      homeReservationId: id,
      otherReservationId: secondOffice!.reservationId,
      otherJobSeekerNumber: '13010-00000071',
    });
  });

  it('survives kill -9: history is kept, and work accepted before the crash is finished after restart', async () => {
    const before = await requestReservation(baseUrl, sessions.seeker, { email: 'before-crash@example.jp' });
    await auditedEvent(baseUrl, sessions.auditor, (e) => e.stream === `reservation-${before.id}`);
    const last = await requestReservation(baseUrl, sessions.seeker, { email: 'just-before-crash@example.jp' });
    await app.kill();

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = startApp('standalone-after-kill', 'apps/standalone/src/main.ts', { ...env, PORT: String(port) });
    await waitForHealthy(baseUrl);

    await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.stream === `reservation-${before.id}` && e.type === 'ReservationRequested',
    );
    await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.stream === `reservation-${last.id}` && e.type === 'ReservationRequested',
    );
    const { file } = await outboxMail(dataDir, last.id);
    expect(readdirSync(join(dataDir, 'outbox')).filter((f) => f === file)).toHaveLength(1);
    const after = await requestReservation(baseUrl, sessions.seeker, { email: 'after-crash@example.jp' });
    await outboxMail(dataDir, after.id);
    // R70: the registry is kept. The restart listens on another port, so the address its
    // links start with changed: that, and only that, is recorded for the configured office.
    const offices = await get(baseUrl, '/offices', { authorization: `Bearer ${sessions.admin}` });
    expect(offices.body.offices.map((o: any) => [o.settings.code, o.changes])).toEqual([
      ['13010', 0],
      ['16010', 1],
      ['16020', 0],
      ['16070', 1],
    ]);
    const moved = await auditedEvent(
      baseUrl,
      sessions.auditor,
      (e) => e.type === 'OfficeSettingsChanged' && e.data.code === '16070',
    );
    expect(moved.data).toMatchObject({
      changed: ['publicBaseUrl'],
      settings: { publicBaseUrl: `http://localhost:${port}` },
    });
  });

  it('stops cleanly on SIGTERM: exit code 0 after its stores are closed, and no lock left on its data directory', async () => {
    // The process started after the kill -9 above is node itself (no npm in between).
    expect(existsSync(join(dataDir, 'event-store.lock'))).toBe(true);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(existsSync(join(dataDir, 'event-store.lock'))).toBe(false);
  });
});
