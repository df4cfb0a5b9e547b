// Short-lived bearer tokens: a JWT (HS256) signed with TOKEN_KEY, or with a key derived
// from PSEUDONYM_KEY when TOKEN_KEY is not set, so every gateway replica of one
// deployment verifies the others' tokens with no extra secret to distribute.
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError, type SoudanConfig } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { deriveKey, KEY_PURPOSES } from './crypto';
import { STAFF_ROLES, type Principal, type StaffRole } from '@soudan/identity-contracts';

export const ISSUER = 'soudan-gateway';
export const AUDIENCE = 'soudan-api';
/** Long enough for a consultation's paperwork, short enough that a leaked token soon dies. */
export const ACCESS_TOKEN_TTL_SECONDS = 30 * 60;
/** Tokens longer than this are refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

export function accessTokenKey(config: Pick<SoudanConfig, 'tokenKey' | 'pseudonymKey'>): Buffer {
  return config.tokenKey ?? deriveKey(config.pseudonymKey, KEY_PURPOSES.accessTokens);
}

const SEEKER_NUMBER = /^\d{5}-\d{8}$/;
const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;

/** Tokens already verified, by their exact text: most requests repeat a token seen seconds ago. */
const VERIFIED_CACHE_SIZE = 10_000;

export class AccessTokens {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly key: Uint8Array,
    private readonly clock: Clock,
    readonly ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ) {}

  async issue(principal: Principal): Promise<string> {
    const nowMs = this.clock.now().getTime();
    const now = Math.floor(nowMs / 1000);
    const claims =
      principal.kind === 'seeker'
        ? {
            kind: 'seeker',
            jobSeekerNumber: principal.jobSeekerNumber,
            seekerId: principal.seekerId,
            roles: ['seeker'],
            // To the millisecond (iat has whole seconds): a sign-in right after a suspension must not look older than it.
            signedInAt: Math.min(principal.signedInAt ?? nowMs, nowMs),
          }
        : { kind: 'staff', roles: principal.roles, gen: principal.generation ?? 0 };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(principal.kind === 'seeker' ? `seeker:${principal.seekerId}` : `staff:${principal.username}`)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
  }

  /** The principal a token names; 401 INVALID_TOKEN or TOKEN_EXPIRED otherwise. */
  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw invalid('the token is too long');
    // Web Crypto's HMAC goes through the thread pool and costs more than the rest of the
    // guard; a token that verified before is the same bytes, so only its expiry can change.
    const known = this.verified.get(token);
    if (known) {
      if (this.clock.now().getTime() < known.expiresAtMs) return known.principal;
      this.verified.delete(token);
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      }));
    } catch (error) {
      // Only a token with a good signature gets this far: an expired forgery is just invalid.
      if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED', 401, 'the token has expired');
      throw invalid('the token is not valid');
    }
    const principal = principalOf(payload);
    this.verified.set(token, { principal, expiresAtMs: (payload.exp as number) * 1000 });
    if (this.verified.size > VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    return principal;
  }
}

function invalid(message: string): AppError {
  return new AppError('INVALID_TOKEN', 401, message);
}

/** A well-signed token whose claims are not ours is still refused: the key may have been reused elsewhere. */
function principalOf(payload: Record<string, unknown>): Principal {
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  if (payload.kind === 'seeker') {
    const { jobSeekerNumber, seekerId } = payload;
    if (
      typeof jobSeekerNumber === 'string' &&
      SEEKER_NUMBER.test(jobSeekerNumber) &&
      typeof seekerId === 'string' &&
      sub === `seeker:${seekerId}` &&
      seekerId.length > 0
    ) {
      return { kind: 'seeker', jobSeekerNumber, seekerId, roles: ['seeker'], signedInAt: signedInAtOf(payload) };
    }
  }
  if (payload.kind === 'staff' && sub.startsWith('staff:')) {
    const username = sub.slice('staff:'.length);
    const roles = payload.roles;
    if (
      USERNAME.test(username) &&
      Array.isArray(roles) &&
      roles.length > 0 &&
      roles.every((r) => (STAFF_ROLES as readonly string[]).includes(r as string))
    ) {
      const gen = payload.gen;
      const generation = typeof gen === 'number' && Number.isSafeInteger(gen) && gen >= 0 ? gen : 0;
      return { kind: 'staff', username, roles: roles as StaffRole[], generation };
    }
  }
  throw invalid('the token does not name a principal');
}

/**
 * When a seeker's sign-in began, in ms. A token from before the claim existed counts from
 * the start of its `iat` second, which is never later than it was issued; a claim later
 * than the token's own issue is not believed either.
 */
export function signedInAtOf(payload: Record<string, unknown>): number {
  const iatMs = (payload.iat as number) * 1000;
  const claimed = payload.signedInAt;
  return typeof claimed === 'number' && Number.isSafeInteger(claimed) && claimed >= 0
    ? Math.min(claimed, iatMs + 999)
    : iatMs;
}
