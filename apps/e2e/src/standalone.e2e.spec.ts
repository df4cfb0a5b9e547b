// The single process of `npm start` (embedded PGlite, in-process bus, .eml outbox),
// driven over HTTP, killed with -9 and started again on the same data.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { eventually, freePort } from '@soudan/testing';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';
import {
  ADMIN_PASSWORD,
  auditedEvent,
  badInputChecks,
  get,
  idempotencyChecks,
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
    rmSync(dataDir, { recursive: true, force: true });
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
    expect(mail.text).toContain('第2希望: 2026年12月10日(木) 14:30〜15:00');
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
  });
});
