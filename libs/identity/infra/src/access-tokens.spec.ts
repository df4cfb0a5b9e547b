import { SignJWT, UnsecuredJWT } from 'jose';
import { AppError } from '@soudan/platform';
import { ManualClock } from '@soudan/time';
import { AccessTokens, accessTokenKey, AUDIENCE, ISSUER } from './access-tokens';
import type { Principal } from '@soudan/identity-contracts';

const KEY = new Uint8Array(32).fill(3);
const STAFF: Principal = { kind: 'staff', username: 'tanaka', roles: ['counsellor'], generation: 3 };
const SEEKER: Principal = { kind: 'seeker', jobSeekerNumber: '16070-12345678', seekerId: 'skr_1', roles: ['seeker'] };

const NOW_S = Date.parse('2026-12-01T00:00:00Z') / 1000;

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: unknown) => (e instanceof AppError ? `${e.status} ${e.code}` : String(e)),
  );

describe('access tokens', () => {
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  const tokens = new AccessTokens(KEY, clock);

  it('round-trips staff and seeker principals; a seeker’s says when the sign-in began, to the millisecond', async () => {
    await expect(tokens.verify(await tokens.issue(STAFF))).resolves.toEqual(STAFF);
    clock.set('2026-12-01T00:00:00.456Z');
    await expect(tokens.verify(await tokens.issue(SEEKER))).resolves.toEqual({
      ...SEEKER,
      signedInAt: Date.parse('2026-12-01T00:00:00.456Z'),
    });
    // From a link: when its roster match began, which is before the token is issued.
    const matched = Date.parse('2026-11-30T23:50:00.789Z');
    await expect(tokens.verify(await tokens.issue({ ...SEEKER, signedInAt: matched }))).resolves.toEqual({
      ...SEEKER,
      signedInAt: matched,
    });
    // Never later than the issue itself.
    const later = await tokens.issue({ ...SEEKER, signedInAt: Date.parse('2027-01-01T00:00:00Z') });
    await expect(tokens.verify(later)).resolves.toMatchObject({ signedInAt: Date.parse('2026-12-01T00:00:00.456Z') });
    clock.set('2026-12-01T00:00:00Z');
  });

  it('reads a seeker token from before sign-in times as signed in at the start of its iat second, never later', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({
        kind: 'seeker',
        roles: ['seeker'],
        jobSeekerNumber: '16070-12345678',
        seekerId: 'skr_1',
        ...claims,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('seeker:skr_1')
        .setJti(`j-${JSON.stringify(claims)}`)
        .setIssuedAt(NOW_S)
        .setExpirationTime(NOW_S + 600)
        .sign(KEY);
    await expect(tokens.verify(await sign({}))).resolves.toEqual({ ...SEEKER, signedInAt: NOW_S * 1000 });
    await expect(tokens.verify(await sign({ signedInAt: 'soon' }))).resolves.toEqual({
      ...SEEKER,
      signedInAt: NOW_S * 1000,
    });
    await expect(tokens.verify(await sign({ signedInAt: NOW_S * 1000 + 60_000 }))).resolves.toEqual({
      ...SEEKER,
      signedInAt: NOW_S * 1000 + 999,
    });
  });

  it("reads a staff token issued before accounts had generations as the account's first generation", async () => {
    const older = await new SignJWT({ kind: 'staff', roles: ['auditor'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('staff:kato')
      .setJti('j-older')
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 600)
      .sign(KEY);
    await expect(tokens.verify(older)).resolves.toEqual({
      kind: 'staff',
      username: 'kato',
      roles: ['auditor'],
      generation: 0,
    });
  });

  it('expires after 30 minutes (TOKEN_EXPIRED), and only a well-signed token can be "expired"', async () => {
    const token = await tokens.issue(STAFF);
    clock.advance(29 * 60_000);
    await expect(tokens.verify(token)).resolves.toEqual(STAFF);
    clock.advance(60_001);
    await expect(codeOf(tokens.verify(token))).resolves.toBe('401 TOKEN_EXPIRED');
    const forgedOld = await new AccessTokens(new Uint8Array(32).fill(9), new ManualClock('2020-01-01T00:00:00Z')).issue(
      STAFF,
    );
    await expect(codeOf(tokens.verify(forgedOld))).resolves.toBe('401 INVALID_TOKEN');
    clock.set('2026-12-01T00:00:00Z');
  });

  it.each([
    [
      'tampered payload',
      async (t: string) =>
        t.replace(
          /\.([^.]+)\./,
          (_m, p: string) =>
            `.${Buffer.from(Buffer.from(p, 'base64url').toString().replace('counsellor', 'admin')).toString('base64url')}.`,
        ),
    ],
    ['truncated', async (t: string) => t.slice(0, -10)],
    ['no signature', async (t: string) => t.split('.').slice(0, 2).join('.') + '.'],
    ['empty', async () => ''],
    ['huge', async () => 'a'.repeat(10_000)],
    [
      'alg none',
      async () =>
        new UnsecuredJWT({ kind: 'staff', roles: ['admin'] })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('staff:x')
          .encode(),
    ],
    [
      'another key',
      async () =>
        new SignJWT({ kind: 'staff', roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('staff:mallory')
          .setJti('j')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new Uint8Array(32)),
    ],
    [
      'another audience',
      async () =>
        new SignJWT({ kind: 'staff', roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience('elsewhere')
          .setSubject('staff:x')
          .setJti('j')
          .setIssuedAt(NOW_S)
          .setExpirationTime(NOW_S + 600)
          .sign(KEY),
    ],
    [
      'unknown role',
      async () =>
        new SignJWT({ kind: 'staff', roles: ['root'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('staff:x1x')
          .setJti('j')
          .setIssuedAt(NOW_S)
          .setExpirationTime(NOW_S + 600)
          .sign(KEY),
    ],
    [
      'seeker without a number',
      async () =>
        new SignJWT({ kind: 'seeker', roles: ['seeker'], seekerId: 's' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('seeker:s')
          .setJti('j')
          .setIssuedAt(NOW_S)
          .setExpirationTime(NOW_S + 600)
          .sign(KEY),
    ],
  ])('refuses a %s token with INVALID_TOKEN', async (_name, make) => {
    const token = await make(await tokens.issue(STAFF));
    await expect(codeOf(tokens.verify(token))).resolves.toBe('401 INVALID_TOKEN');
  });

  it('takes TOKEN_KEY when given, else derives a key from PSEUDONYM_KEY that is not the pseudonym key itself', () => {
    const pseudonymKey = Buffer.alloc(32, 1);
    const derived = accessTokenKey({ pseudonymKey });
    expect(derived).toHaveLength(32);
    expect(derived.equals(pseudonymKey)).toBe(false);
    expect(accessTokenKey({ pseudonymKey }).equals(derived)).toBe(true);
    expect(accessTokenKey({ pseudonymKey, tokenKey: Buffer.alloc(32, 2) })).toEqual(Buffer.alloc(32, 2));
  });
});
