// Seeker sign-in by e-mailed link, against a real nats-server and PostgreSQL.
import { performance } from 'node:perf_hooks';
import { decodeJwt } from 'jose';
import { eventually } from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { createLogger } from '@soudan/platform';
import { Writable } from 'node:stream';
import {
  call,
  startGateway,
  stubEligibility,
  stubNotification,
  testConfig,
  tokenFromLink,
  type RosterEntry,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';
import { askForLink } from './testing/seekers';
import { startServers, type GatewayTestServers } from './testing/servers';

const TARO: RosterEntry = {
  jobSeekerNumber: '16070-12345678',
  email: 'taro@example.jp',
  seekerId: 'skr_taro',
  name: '滑川 太郎',
};
const HANAKO: RosterEntry = {
  jobSeekerNumber: '16070-87654321',
  email: 'hanako@example.jp',
  seekerId: 'skr_hanako',
  name: '滑川 花子',
};

const JIRO: RosterEntry = {
  jobSeekerNumber: '16070-55556666',
  email: 'jiro@example.jp',
  seekerId: 'skr_jiro',
  name: '滑川 次郎',
};
/**
 * Most tests here ask for many links for one seeker; the per-account limit (5 in 15
 * minutes by default, kept in the store for every replica) is tested on its own, with JIRO.
 */
const MANY_LINKS = { seekerLimits: { linksPerAccount: { limit: 10_000, windowMs: 15 * 60_000 } } };

let ipCounter = 0;
/** A fresh client address per call (TRUST_PROXY=1 believes X-Forwarded-For), unless one is given. */
const from = (ip = `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`) => ({ 'x-forwarded-for': ip });

describe('seeker sign-in by e-mailed link', () => {
  let servers: GatewayTestServers;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let eligibility: Awaited<ReturnType<typeof stubEligibility>>;
  let notification: Awaited<ReturnType<typeof stubNotification>>;
  const config = testConfig({ TRUST_PROXY: '1' });

  const linkFor = (entry: RosterEntry, ip?: string) => askForLink(gateway.url, notification.mails, entry, from(ip));

  beforeAll(async () => {
    servers = await startServers('soudan_gw_seeker');
    parts = await servers.backbone();
    eligibility = await stubEligibility(parts.mode, [TARO, HANAKO, JIRO]);
    notification = await stubNotification(parts.mode);
    gateway = await startGateway({ backbone: parts, config, options: MANY_LINKS });
  });

  afterAll(async () => {
    await gateway?.close();
    await eligibility?.close();
    await notification?.close();
    await servers?.stop();
  });

  it('answers 202 with no body whether or not the seeker is on the roster, in the same time, and mails only the registered one', async () => {
    const registered: number[] = [];
    const unknown: number[] = [];
    const before = notification.mails.length;
    // The roster lookup is made slow: an answer that waited for it would take longer than LOOKUP_MS.
    const LOOKUP_MS = 400;
    eligibility.matchDelayMs = LOOKUP_MS;
    // Interleaved, so both kinds see the same background work and the same machine load.
    for (let i = 0; i < 40; i++) {
      for (const [entry, sink] of [
        [TARO, registered],
        // One number off the roster, asked for as often as TARO's: both count against a limit row that exists.
        [{ ...TARO, jobSeekerNumber: '16070-10000000' }, unknown],
      ] as const) {
        const t0 = performance.now();
        const answer = await call(gateway.url, 'POST', '/auth/seeker/link', {
          body: { jobSeekerNumber: entry.jobSeekerNumber, email: entry.email },
          headers: from(),
        });
        sink.push(performance.now() - t0);
        expect(answer.status).toBe(202);
        expect(answer.body).toBeUndefined();
      }
    }
    eligibility.matchDelayMs = 0;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // The lookup happens after the answer: neither kind waits for it, and the two medians differ by
    // noise only (a margin wide enough for a loaded 2-core CI machine, far below the lookup's time).
    expect(median(registered)).toBeLessThan(LOOKUP_MS);
    expect(median(unknown)).toBeLessThan(LOOKUP_MS);
    expect(Math.abs(median(registered) - median(unknown))).toBeLessThan(
      Math.max(LOOKUP_MS / 4, 0.5 * Math.min(median(registered), median(unknown))),
    );
    await eventually(() => (notification.mails.length - before >= 40 ? true : undefined), {
      what: '40 mails to the registered seeker',
    });
    expect(notification.mails.slice(before).every((m) => m.email === TARO.email)).toBe(true);
    // The unknown number's lookups run after their answers too: wait for them as for the mails.
    await eventually(() => (eligibility.asked.length >= 80 ? true : undefined), {
      what: 'every one of the 80 requests looked up',
    });
  });

  it('exchanges the link once for a seeker access token that opens seeker routes', async () => {
    const token = await linkFor(HANAKO);
    const session = await call(gateway.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() });
    expect(session.status).toBe(201);
    expect(Object.keys(session.body)).toEqual(['accessToken', 'officeCode']);
    // R71: the seeker's office is the first five digits of their number.
    expect(session.body.officeCode).toBe('16070');
    const claims = decodeJwt(session.body.accessToken);
    expect(claims).toMatchObject({
      kind: 'seeker',
      jobSeekerNumber: HANAKO.jobSeekerNumber,
      seekerId: HANAKO.seekerId,
      roles: ['seeker'],
      sub: `seeker:${HANAKO.seekerId}`,
    });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(30 * 60);

    // The seeker route is let through (no scheduling service runs here, so it answers 503).
    const mine = await call(gateway.url, 'GET', '/reservations', { token: session.body.accessToken });
    expect([401, 403]).not.toContain(mine.status);

    const reused = await call(gateway.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() });
    expect(reused.status).toBe(401);
    expect(reused.body).toEqual({ code: 'INVALID_TOKEN', message: expect.any(String), details: {} });
  });

  it('keeps a used link used across a restart and between replicas, and lets only one of two racing exchanges win', async () => {
    const replica = await startGateway({ backbone: parts, config, options: MANY_LINKS });
    try {
      const token = await linkFor(TARO);
      expect(
        (await call(replica.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() })).status,
      ).toBe(201);
      expect(
        (await call(gateway.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() })).body.code,
      ).toBe('INVALID_TOKEN');

      const racing = await linkFor(TARO);
      const answers = await Promise.all(
        [gateway, replica, gateway, replica].map((g) =>
          call(g.url, 'POST', '/auth/seeker/session', { body: { token: racing }, headers: from() }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 401, 401, 401]);
    } finally {
      await replica.close();
    }
    const token = await linkFor(TARO);
    expect((await call(gateway.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() })).status).toBe(
      201,
    );
    await gateway.close();
    gateway = await startGateway({ backbone: parts, config, options: MANY_LINKS });
    const afterRestart = await call(gateway.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() });
    expect(afterRestart.status).toBe(401);
    expect(afterRestart.body.code).toBe('INVALID_TOKEN');
  });

  it('refuses a link after 15 minutes with TOKEN_EXPIRED', async () => {
    const clock = new ManualClock('2026-12-01T01:00:00Z');
    const timed = await startGateway({ backbone: parts, config, clock, options: MANY_LINKS });
    try {
      const before = notification.mails.length;
      await call(timed.url, 'POST', '/auth/seeker/link', {
        body: { jobSeekerNumber: TARO.jobSeekerNumber, email: TARO.email },
        headers: from(),
      });
      const mail = await eventually(() => notification.mails[before]);
      expect(mail.expiresAt).toBe('2026-12-01T01:15:00.000Z');
      clock.advance(15 * 60_000);
      const late = await call(timed.url, 'POST', '/auth/seeker/session', {
        body: { token: tokenFromLink(mail.link) },
        headers: from(),
      });
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('TOKEN_EXPIRED');
      expect(late.body.message).toBe('ログインの有効期限が切れました。もう一度ログインしてください。');
    } finally {
      await timed.close();
    }
  });

  it('refuses forged, truncated, padded and oversized link tokens without a 500', async () => {
    const token = await linkFor(TARO);
    const cases: Array<[string, unknown, number, string]> = [
      ['forged', 'A'.repeat(43), 401, 'INVALID_TOKEN'],
      ['truncated', token.slice(0, 42), 401, 'INVALID_TOKEN'],
      ['one character changed', `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`, 401, 'INVALID_TOKEN'],
      ['padded', `${token}=`, 401, 'INVALID_TOKEN'],
      ['with a newline', `${token}\r\n`, 401, 'INVALID_TOKEN'],
      ['oversized', 'x'.repeat(5000), 400, 'VALIDATION_FAILED'],
      ['not a string', 12345, 400, 'VALIDATION_FAILED'],
    ];
    for (const [, value, status, code] of cases) {
      const answer = await call(gateway.url, 'POST', '/auth/seeker/session', {
        body: { token: value },
        headers: from(),
      });
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    }
    // The real one still works: failed guesses do not burn it.
    expect((await call(gateway.url, 'POST', '/auth/seeker/session', { body: { token }, headers: from() })).status).toBe(
      201,
    );
  });

  it('stores only a hash of the token, and nobody in clear', async () => {
    const token = await linkFor(HANAKO);
    const stored = JSON.stringify(await parts.store.readAll({ limit: 100_000 }), (_k, v) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(HANAKO.jobSeekerNumber);
    expect(stored).not.toContain(HANAKO.email);
    expect(stored).toContain('sign-in-token-');
  });

  it('refuses CR/LF in the e-mail field (header injection) with 400 before asking the roster', async () => {
    const asked = eligibility.asked.length;
    for (const email of ['taro@example.jp\r\nBcc: victim@example.jp', 'taro@example.jp\nX: y']) {
      const answer = await call(gateway.url, 'POST', '/auth/seeker/link', {
        body: { jobSeekerNumber: TARO.jobSeekerNumber, email },
        headers: from(),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(answer.body.details.fields)).toEqual(['email']);
    }
    // A NUL is refused before any validation: no store could keep it (R50).
    const nul = await call(gateway.url, 'POST', '/auth/seeker/link', {
      body: { jobSeekerNumber: TARO.jobSeekerNumber, email: 'a\u0000@example.jp' },
      headers: from(),
    });
    expect(nul).toMatchObject({ status: 400, body: { code: 'UNSTORABLE_TEXT', details: { field: 'body.email' } } });
    await new Promise((r) => setTimeout(r, 200));
    expect(eligibility.asked.length).toBe(asked);
  });

  it('limits link requests per account whatever the address (429 with Retry-After); the seeker signs in with a link the flood mailed', async () => {
    const limited = await startGateway({ backbone: parts, config });
    const attacker = '203.0.113.7';
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    const before = notification.mails.length;
    try {
      for (let i = 0; i < 12; i++) {
        // A fresh IPv6 address each time: per-address limits alone would never stop this.
        const answer = await call(limited.url, 'POST', '/auth/seeker/link', {
          body: { jobSeekerNumber: JIRO.jobSeekerNumber, email: JIRO.email },
          headers: from(`2001:db8:7::${i + 1}`),
        });
        statuses.push(answer.status);
        if (answer.status === 429) refused = answer;
      }
    } finally {
      await limited.close();
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(refused!.body).toEqual({
      code: 'RATE_LIMITED',
      message: expect.any(String),
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Five mails, no more, reached the seeker's own mailbox: any of them signs in.
    const mails = await eventually(() => {
      const sent = notification.mails.slice(before).filter((m) => m.email === JIRO.email);
      return sent.length >= 5 ? sent : undefined;
    });
    expect(mails).toHaveLength(5);
    const session = await call(gateway.url, 'POST', '/auth/seeker/session', {
      body: { token: tokenFromLink(mails[4].link) },
      headers: from('198.51.100.20'),
    });
    expect(session.status).toBe(201);

    // Floods of made-up tokens from the attacker's address end in 429 too, never a 500.
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(gateway.url, 'POST', '/auth/seeker/session', {
          body: { token: `${'g'.repeat(40)}${String(i).padStart(3, '0')}` },
          headers: from(attacker),
        }),
      ),
    );
    expect(guesses.every((g) => g.status === 401 || g.status === 429)).toBe(true);
    expect(guesses.some((g) => g.status === 429)).toBe(true);
  });

  it('treats an unavailable eligibility service as no match: still 202, no mail, a warning in the log', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'test',
      level: 'warn',
      destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }),
    });
    const lonely = await startGateway({ backbone: parts, config, logger, options: MANY_LINKS });
    await eligibility.close();
    try {
      const before = notification.mails.length;
      const answer = await call(lonely.url, 'POST', '/auth/seeker/link', {
        body: { jobSeekerNumber: TARO.jobSeekerNumber, email: TARO.email },
        headers: from(),
      });
      expect(answer.status).toBe(202);
      await eventually(() => (lines.some((l) => l.includes('treated as no match')) ? true : undefined), {
        what: 'the warning',
      });
      expect(notification.mails.length).toBe(before);
      expect(lines.join('')).not.toContain(TARO.email);
    } finally {
      await lonely.close();
      eligibility = await stubEligibility(parts.mode, [TARO, HANAKO, JIRO]);
    }
  });
});
