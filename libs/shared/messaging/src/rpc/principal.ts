// The acting person of a request, as the gateway vouches for it (issue 9: the bus is a
// trust boundary). NATS permissions say who may send a command at all; this says for
// whom: the gateway signs who is signed in, the pattern and a hash of the payload with an
// Ed25519 key only it holds, and every service checks that with the public key before a
// handler runs (principal.guard.ts). A service that could publish the subject, or anyone
// holding the gateway's NATS password, still cannot make up a principal, move one to
// another request or change the payload under it.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { ActingRule, ActorPart } from '@soudan/rpc-contract';

/** The NATS (or in-process) header that carries the signed principal. */
export const PRINCIPAL_HEADER = 'x-soudan-principal';

/** Long enough for any request to be delivered; short, so a copied header is soon worthless. */
export const PRINCIPAL_TTL_MS = 60_000;
/** How far ahead of a service's clock a gateway's may be (NTP keeps hosts well within it). */
export const PRINCIPAL_SKEW_MS = 30_000;

export type PrincipalSubject =
  | { kind: 'staff'; username: string; roles: string[] }
  | { kind: 'seeker'; seekerId: string; jobSeekerNumber: string }
  | { kind: 'anonymous' };

export interface PrincipalClaims {
  /** Key id: which gateway key signed (rotation: services may know two). */
  kid: string;
  sub: PrincipalSubject;
  /** The pattern the principal was signed for. */
  pat: string;
  /** base64url SHA-256 of the payload as JSON. */
  ph: string;
  /** Issued at and expires at, ms since the epoch. */
  iat: number;
  exp: number;
}

export type PrincipalRefusal =
  | 'missing'
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'other-pattern'
  | 'other-payload'
  | 'kind-not-allowed'
  | 'actor-mismatch'
  | 'no-contract';

/** Refused by the service: the stable code PRINCIPAL_INVALID (403), the reason in details. */
export class PrincipalError extends Error {
  readonly code = 'PRINCIPAL_INVALID';
  readonly status = 403;
  readonly details: { reason: PrincipalRefusal; field?: string };

  constructor(
    readonly reason: PrincipalRefusal,
    message: string,
    field?: string,
  ) {
    super(message);
    this.name = 'PrincipalError';
    this.details = field === undefined ? { reason } : { reason, field };
  }
}

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * What the signature covers of a payload: its JSON, which is what the wire carries and
 * what a handler sees parsed back (JSON.stringify of JSON.parse of a JSON text is that text).
 */
export function payloadHash(payload: unknown): string {
  const json = payload === undefined ? '' : (JSON.stringify(payload) ?? '');
  return b64url(createHash('sha256').update(json).digest());
}

/** The name events and access records give a principal (`staff:<username>`, `seeker:<id>`, `anonymous`). */
export function actorName(subject: PrincipalSubject): string {
  if (subject.kind === 'staff') return `staff:${subject.username}`;
  if (subject.kind === 'seeker') return `seeker:${subject.seekerId}`;
  return 'anonymous';
}

/** A short, stable id of a public key: the first 66 bits of the SHA-256 of its DER form. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return b64url(
    createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest(),
  ).slice(0, 11);
}

export function generatePrincipalKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what} is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

// An env file or a Kubernetes secret often carries a PEM with its line breaks as "\n".
const unescape = (raw: string) => raw.trim().replace(/\\n/g, '\n');

/** PRINCIPAL_PRIVATE_KEY: a PKCS#8 PEM, or its DER in base64. */
export function parsePrivateKey(raw: string): KeyObject {
  const text = unescape(raw);
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  return ed25519(key, 'the private key');
}

/**
 * PRINCIPAL_PUBLIC_KEY: one or more SPKI PEM blocks, or DERs in base64 separated by commas
 * or spaces. Two during a rotation: the gateway's old key and its new one.
 */
export function parsePublicKeys(raw: string): KeyObject[] {
  const text = unescape(raw);
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g);
  const keys = pems
    ? pems.map((pem) => createPublicKey(pem))
    : text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((part) => createPublicKey({ key: Buffer.from(part, 'base64'), format: 'der', type: 'spki' }));
  if (keys.length === 0) throw new Error('no public key found');
  return keys.map((key, i) => ed25519(key, `public key ${i + 1}`));
}

/** The base64 DER forms the variables take (what `npm run keys:principal` prints). */
export function encodePrincipalKeys(keys: { privateKey: KeyObject; publicKey: KeyObject }): {
  privateKey: string;
  publicKey: string;
} {
  return {
    privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    publicKey: keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/** The gateway's half: one header value per request it sends for a person. */
export class PrincipalSigner {
  readonly kid: string;

  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = PRINCIPAL_TTL_MS,
  ) {
    ed25519(privateKey, 'the private key');
    this.kid = keyId(privateKey);
  }

  sign(subject: PrincipalSubject, pattern: string, payload: unknown): string {
    const iat = this.now();
    const claims: PrincipalClaims = {
      kid: this.kid,
      sub: subject,
      pat: pattern,
      ph: payloadHash(payload),
      iat,
      exp: iat + this.ttlMs,
    };
    const body = b64url(Buffer.from(JSON.stringify(claims)));
    return `${body}.${b64url(sign(null, Buffer.from(body), this.privateKey))}`;
  }
}

function isSubject(value: unknown): value is PrincipalSubject {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return false;
  if (v.kind === 'anonymous') return true;
  if (v.kind === 'seeker') return typeof v.seekerId === 'string' && typeof v.jobSeekerNumber === 'string';
  return (
    v.kind === 'staff' &&
    typeof v.username === 'string' &&
    Array.isArray(v.roles) &&
    v.roles.every((r) => typeof r === 'string')
  );
}

function parseClaims(body: string): PrincipalClaims | undefined {
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const ok =
      typeof c.kid === 'string' &&
      typeof c.pat === 'string' &&
      typeof c.ph === 'string' &&
      Number.isFinite(c.iat) &&
      Number.isFinite(c.exp) &&
      isSubject(c.sub);
    return ok ? (c as unknown as PrincipalClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** The services' half: the public key(s) of the gateway. */
export class PrincipalVerifier {
  private readonly keys: Map<string, KeyObject>;

  constructor(
    publicKeys: readonly KeyObject[],
    private readonly now: () => number = Date.now,
    private readonly skewMs = PRINCIPAL_SKEW_MS,
  ) {
    if (publicKeys.length === 0) throw new Error('a principal verifier needs at least one public key');
    this.keys = new Map(publicKeys.map((key) => [keyId(key), ed25519(key, 'a public key')]));
  }

  /** The claims of a principal signed for this pattern and payload; PrincipalError otherwise. */
  verify(token: string | undefined, pattern: string, payload: unknown): PrincipalClaims {
    if (!token) throw new PrincipalError('missing', `${pattern} acts for a person and needs the gateway's principal`);
    const dot = token.indexOf('.');
    const claims = dot > 0 ? parseClaims(token.slice(0, dot)) : undefined;
    if (!claims) throw new PrincipalError('malformed', 'the principal header cannot be read');
    const key = this.keys.get(claims.kid);
    if (!key) throw new PrincipalError('unknown-key', 'the principal is signed with a key this service does not know');
    const signature = Buffer.from(token.slice(dot + 1), 'base64url');
    if (!verify(null, Buffer.from(token.slice(0, dot)), key, signature))
      throw new PrincipalError('bad-signature', 'the principal signature does not verify');
    const now = this.now();
    if (claims.exp <= now) throw new PrincipalError('expired', 'the principal has expired');
    if (claims.iat > now + this.skewMs || claims.exp - claims.iat > PRINCIPAL_TTL_MS)
      throw new PrincipalError('not-yet-valid', 'the principal is dated ahead of this service or lives too long');
    if (claims.pat !== pattern)
      throw new PrincipalError('other-pattern', `the principal was signed for ${claims.pat}, not ${pattern}`);
    if (claims.ph !== payloadHash(payload))
      throw new PrincipalError('other-payload', 'the payload is not the one the principal was signed for');
    return claims;
  }
}

function part(subject: PrincipalSubject, which: ActorPart): string | undefined {
  if (which === 'actor') return actorName(subject);
  if (subject.kind !== 'seeker') return undefined;
  return which === 'seekerId' ? subject.seekerId : subject.jobSeekerNumber;
}

/**
 * The contract's rule against a verified principal: the kinds that may act, and every
 * declared actor field equal to the principal's (a seeker's own fields absent for anyone
 * else, present for the seeker: a seeker without `seekerId` would be taken for staff).
 */
export function checkActing<Req>(rule: ActingRule<Req>, subject: PrincipalSubject, payload: unknown): void {
  if (rule.acts === 'no-one') return;
  if (rule.kinds && !rule.kinds.includes(subject.kind))
    throw new PrincipalError('kind-not-allowed', `a ${subject.kind} principal may not send this`);
  const data = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  for (const [field, which] of Object.entries(rule.fields ?? {}) as Array<[string, ActorPart]>) {
    const expected = part(subject, which);
    const actual = data[field];
    if (actual === undefined && expected === undefined) continue;
    if (actual !== expected)
      throw new PrincipalError('actor-mismatch', `${field} does not name the principal the gateway signed`, field);
  }
}
