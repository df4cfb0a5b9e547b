// R63 end to end: a seeker chooses easy Japanese with PUT /seeker/preferences and the next
// mails (the sign-in link, the request receipt, the offer) arrive in easy Japanese at a
// real SMTP server; a request that names no language keeps the choice. Staff tokens and
// bad values are refused as on the other seeker routes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ParsedMail } from 'mailparser';
import { createLogger, readConfig } from '@soudan/platform';
import {
  createTestDatabase,
  freePort,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestPostgresServer,
} from '@soudan/testing';
import { BusinessCalendar, jstDateOf } from '@soudan/time';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';
import { reservationRequest, TEST_SEEKER } from './testing/sign-in';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const calendar = new BusinessCalendar();

function slotOn(lead: number, hhmm: string): string {
  return `${calendar.addBusinessDays(jstDateOf(new Date()), lead)}T${hhmm}:00+09:00`;
}

describe('R63: the seeker language preference (embedded system, SMTP)', () => {
  let system: EmbeddedSystem;
  let smtp: SmtpSink;
  let pg: TestPostgresServer;
  let admin: string;
  const { call, session } = apiClient(() => system.url);
  const to = (mail: ParsedMail, email: string) => JSON.stringify(mail.to).includes(email);
  const template = (mail: ParsedMail) => mail.headers.get('x-soudan-template');

  /** Asks for a sign-in link and waits for the mail that came after `seen` mails to that address. */
  async function signInMail(email: string, jobSeekerNumber: string): Promise<ParsedMail> {
    const seen = smtp.messages.filter((m) => template(m) === 'sign-in-link' && to(m, email)).length;
    expect((await call('POST', '/auth/seeker/link', { body: { jobSeekerNumber, email } })).status).toBe(202);
    await smtp.waitFor(() => smtp.messages.filter((m) => template(m) === 'sign-in-link' && to(m, email)).length > seen);
    return smtp.messages.filter((m) => template(m) === 'sign-in-link' && to(m, email))[seen];
  }

  async function signIn(mail: ParsedMail): Promise<string> {
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
    const signedIn = await call('POST', '/auth/seeker/session', { body: { token } });
    expect(signedIn.status).toBe(201);
    return signedIn.body.accessToken as string;
  }

  beforeAll(async () => {
    // The event store is PostgreSQL: the embedded PGlite store is driven by the e2e tests
    // (npm start) and hostile-text.int.spec.ts; inside jest's VM modules it starts slowly.
    [smtp, pg] = await Promise.all([startSmtpSink(), startPostgres()]);
    const config = readConfig('embedded', {
      EVENTSTORE_URL: (await createTestDatabase(pg, 'soudan_preferences')).url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-preferences-')),
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      SMTP_URL: smtp.url,
    });
    system = await startEmbeddedSystem(
      config,
      createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    );
    admin = await session('admin', ADMIN_PASSWORD);
    const added = await call('POST', '/staff/seekers', {
      token: admin,
      body: { ...TEST_SEEKER, officeCode: '16070', status: 'registered' },
    });
    expect([200, 201]).toContain(added.status);
  });

  afterAll(async () => {
    await system?.close();
    await smtp?.close();
    await pg?.stop();
  });

  it('R63: GET and PUT /seeker/preferences: Japanese until chosen, then the choice; bad values and staff refused', async () => {
    const first = await signInMail(TEST_SEEKER.email, TEST_SEEKER.jobSeekerNumber);
    expect(first.text).toContain(`${TEST_SEEKER.name} 様`);
    const seeker = await signIn(first);

    expect(await call('GET', '/seeker/preferences', { token: seeker })).toEqual({
      status: 200,
      body: { language: 'ja' },
    });
    expect((await call('GET', '/seeker/preferences')).status).toBe(401);
    const staff = await call('GET', '/seeker/preferences', { token: admin });
    expect([staff.status, staff.body.code]).toEqual([403, 'FORBIDDEN']);
    const staffPut = await call('PUT', '/seeker/preferences', { token: admin, body: { language: 'en' } });
    expect([staffPut.status, staffPut.body.code]).toEqual([403, 'FORBIDDEN']);

    for (const body of [{ language: 'fr' }, { language: 'JA' }, {}, { language: ['ja'] }]) {
      const bad = await call('PUT', '/seeker/preferences', { token: seeker, body });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(Object.keys(bad.body.details.fields)).toContain('language');
    }
    expect((await call('GET', '/seeker/preferences', { token: seeker })).body).toEqual({ language: 'ja' });

    for (const language of ['en', 'ja-easy', 'ja-easy']) {
      expect(await call('PUT', '/seeker/preferences', { token: seeker, body: { language } })).toEqual({
        status: 200,
        body: { language },
      });
      expect((await call('GET', '/seeker/preferences', { token: seeker })).body).toEqual({ language });
    }
  });

  it('R63: after PUT ja-easy the next sign-in link, request receipt and offer arrive in easy Japanese', async () => {
    const link = await signInMail(TEST_SEEKER.email, TEST_SEEKER.jobSeekerNumber);
    expect(link.subject).toBe('【ハローワーク滑川】オンライン相談にログインするためのリンク');
    expect(link.text).toContain(`${TEST_SEEKER.name} さん`);
    expect(link.text).toMatch(/■ 使える時間: \d{4}年\d{1,2}月\d{1,2}日（.よう日） \d{1,2}時(\d{1,2}分)?まで/);
    const seeker = await signIn(link);

    // No language in the request: the one chosen stays (the web app sends it; curl may not).
    const slot = slotOn(3, '10:00');
    const created = await call('POST', '/reservations', { token: seeker, body: reservationRequest(slot) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const ofReservation = (name: string) => (m: ParsedMail) =>
      template(m) === name && m.headers.get('x-soudan-reservation') === id;
    const receipt = await smtp.waitFor(ofReservation('request-received'));
    expect(receipt.subject).toBe('【ハローワーク滑川】オンライン相談の申し込みを受け付けました');
    expect(receipt.text).toContain('  1: ');
    expect(receipt.text).toContain('時から');
    expect((await call('GET', '/seeker/preferences', { token: seeker })).body).toEqual({ language: 'ja-easy' });

    const offer = await call('POST', `/staff/reservations/${id}/offer`, { token: admin, body: { slots: [slot] } });
    expect(offer.status).toBe(200);
    const offerMail = await smtp.waitFor(ofReservation('reservation-offered'));
    expect(offerMail.subject).toBe('【ハローワーク滑川】オンライン相談：日と時間を選んで、返事をしてください');
    expect(offerMail.text).toContain(`${TEST_SEEKER.name} さん`);
    expect(offerMail.text).toMatch(/返事のしめきり: \d{4}年\d{1,2}月\d{1,2}日（.よう日） 23時59分/);
    expect(offerMail.text).not.toContain('様');
  });

  it('R63: a request that names a language changes the choice like PUT does', async () => {
    const seeker = await signIn(await signInMail(TEST_SEEKER.email, TEST_SEEKER.jobSeekerNumber));
    const created = await call('POST', '/reservations', {
      token: seeker,
      body: reservationRequest(slotOn(3, '11:00'), { language: 'en' }),
    });
    expect(created.status).toBe(201);
    const receipt = await smtp.waitFor(
      (m) => template(m) === 'request-received' && m.headers.get('x-soudan-reservation') === created.body.id,
    );
    expect(receipt.text).toMatch(/^Dear /);
    expect((await call('GET', '/seeker/preferences', { token: seeker })).body).toEqual({ language: 'en' });
  });
});
