// Issue 9: services take the acting person from what the gateway signed, not from a field.
import { generateKeyPairSync } from 'node:crypto';
import { actsForNoOne, seekerActs, staffActs, type ActingRule } from '@soudan/rpc-contract';
import {
  checkActing,
  encodePrincipalKeys,
  generatePrincipalKeys,
  parsePrivateKey,
  parsePublicKeys,
  payloadHash,
  PrincipalError,
  PrincipalSigner,
  PrincipalVerifier,
  type PrincipalSubject,
} from './principal';

const gateway = generatePrincipalKeys();
const T0 = Date.parse('2026-12-01T09:00:00Z');
const sato: PrincipalSubject = { kind: 'staff', username: 'sato', roles: ['supervisor'] };
const taro: PrincipalSubject = { kind: 'seeker', seekerId: 's-taro', jobSeekerNumber: '16070-12345678' };
const offer = { reservationId: 'r-1', slots: ['2026-12-10T14:00:00+09:00'], actor: 'staff:sato' };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PrincipalError) {
      expect(error).toMatchObject({ code: 'PRINCIPAL_INVALID', status: 403 });
      return error.reason;
    }
    throw error;
  }
  return 'accepted';
}

describe('signed principal (sign, verify)', () => {
  let now = T0;
  const signer = new PrincipalSigner(gateway.privateKey, () => now);
  const verifier = new PrincipalVerifier([gateway.publicKey], () => now);
  beforeEach(() => {
    now = T0;
  });

  it('accepts what the gateway signed for this pattern and payload, and says who', () => {
    const token = signer.sign(sato, 'scheduling.staff.offer', offer);
    now += 5_000;
    const claims = verifier.verify(token, 'scheduling.staff.offer', JSON.parse(JSON.stringify(offer)));
    expect(claims).toMatchObject({ sub: sato, pat: 'scheduling.staff.offer', iat: T0, exp: T0 + 60_000 });
  });

  it('refuses a request without a principal', () => {
    expect(refusal(() => verifier.verify(undefined, 'scheduling.staff.offer', offer))).toBe('missing');
  });

  it('refuses a payload changed under the signature (another reservation)', () => {
    const token = signer.sign(sato, 'scheduling.staff.offer', offer);
    expect(refusal(() => verifier.verify(token, 'scheduling.staff.offer', { ...offer, reservationId: 'r-2' }))).toBe(
      'other-payload',
    );
  });

  it('refuses a principal moved to another pattern', () => {
    const token = signer.sign(sato, 'scheduling.staff.offer', offer);
    expect(refusal(() => verifier.verify(token, 'scheduling.staff.cancel', offer))).toBe('other-pattern');
  });

  it('refuses an expired principal, and one dated far ahead', () => {
    const token = signer.sign(sato, 'scheduling.staff.offer', offer);
    now = T0 + 60_000;
    expect(refusal(() => verifier.verify(token, 'scheduling.staff.offer', offer))).toBe('expired');
    now = T0 - 31_000;
    expect(refusal(() => verifier.verify(token, 'scheduling.staff.offer', offer))).toBe('not-yet-valid');
    now = T0 - 29_000;
    expect(refusal(() => verifier.verify(token, 'scheduling.staff.offer', offer))).toBe('accepted');
  });

  it('refuses a principal signed with another key, even one that claims the gateway key id', () => {
    const other = generatePrincipalKeys();
    const forged = new PrincipalSigner(other.privateKey, () => now).sign(sato, 'scheduling.staff.offer', offer);
    expect(refusal(() => verifier.verify(forged, 'scheduling.staff.offer', offer))).toBe('unknown-key');
    // Same claims (the gateway's kid), someone else's signature.
    const [body] = signer.sign(sato, 'scheduling.staff.offer', offer).split('.');
    const [, otherSignature] = forged.split('.');
    expect(refusal(() => verifier.verify(`${body}.${otherSignature}`, 'scheduling.staff.offer', offer))).toBe(
      'bad-signature',
    );
  });

  it('refuses claims rewritten after signing (another person under the same signature)', () => {
    const [body, signature] = signer.sign(taro, 'scheduling.reservation.cancel-by-seeker', {}).split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const swapped = Buffer.from(JSON.stringify({ ...claims, sub: { ...taro, seekerId: 's-hanako' } })).toString(
      'base64url',
    );
    expect(
      refusal(() => verifier.verify(`${swapped}.${signature}`, 'scheduling.reservation.cancel-by-seeker', {})),
    ).toBe('bad-signature');
    expect(refusal(() => verifier.verify('not a principal', 'x', {}))).toBe('malformed');
  });

  it('knows both keys during a rotation', () => {
    const next = generatePrincipalKeys();
    const both = new PrincipalVerifier([gateway.publicKey, next.publicKey], () => now);
    for (const key of [gateway.privateKey, next.privateKey]) {
      const token = new PrincipalSigner(key, () => now).sign(sato, 'p', offer);
      expect(both.verify(token, 'p', offer).sub).toEqual(sato);
    }
  });

  it('hashes a payload the same after the JSON round trip the wire makes', () => {
    const payload = { b: 1, a: 'ｶﾅ\u{1F600}', n: null, u: undefined, d: new Date(T0), list: [1.5, -0, 1e21] };
    expect(payloadHash(JSON.parse(JSON.stringify(payload)))).toBe(payloadHash(payload));
    expect(payloadHash(undefined)).toBe(payloadHash(undefined));
  });
});

describe('acting fields agree with the principal (contracts declare them)', () => {
  const check = (rule: ActingRule<never>, subject: PrincipalSubject, payload: object) =>
    refusal(() => checkActing(rule, subject, payload));

  it('a staff action names the signed-in member of staff', () => {
    expect(check(staffActs, sato, offer)).toBe('accepted');
    expect(check(staffActs, sato, { ...offer, actor: 'staff:tanaka' })).toBe('actor-mismatch');
    expect(check(staffActs, sato, { reservationId: 'r-1' })).toBe('actor-mismatch');
  });

  it("a seeker's request names that seeker, in actor and seekerId", () => {
    const mine = { reservationId: 'r-1', actor: 'seeker:s-taro', seekerId: 's-taro' };
    expect(check(seekerActs, taro, mine)).toBe('accepted');
    // Another seeker's id under taro's principal: the message of another user.
    expect(check(seekerActs, taro, { ...mine, actor: 'seeker:s-hanako', seekerId: 's-hanako' })).toBe('actor-mismatch');
    expect(check(seekerActs, taro, { ...mine, seekerId: 's-hanako' })).toBe('actor-mismatch');
    // Without seekerId scheduling would take the caller for staff and show any reservation.
    expect(check(seekerActs, taro, { reservationId: 'r-1', actor: 'seeker:s-taro' })).toBe('actor-mismatch');
  });

  it('refuses a kind the contract does not allow (a seeker principal on a staff action)', () => {
    expect(check(staffActs, taro, { ...offer, actor: 'seeker:s-taro' })).toBe('kind-not-allowed');
    expect(check(seekerActs, { kind: 'anonymous' }, { actor: 'anonymous' })).toBe('kind-not-allowed');
  });

  it('a staff principal may not carry a seekerId declared as the seeker-own field', () => {
    const rule = { acts: 'person', fields: { actor: 'actor', seekerId: 'seekerId' } } as const;
    expect(check(rule, sato, { actor: 'staff:sato', seekerId: 's-taro' })).toBe('actor-mismatch');
    expect(check(rule, sato, { actor: 'staff:sato' })).toBe('accepted');
  });

  it('a query that acts for no one needs no fields', () => {
    expect(check(actsForNoOne('test'), { kind: 'anonymous' }, { actor: 'staff:anyone' })).toBe('accepted');
  });
});

describe('principal keys from the environment', () => {
  it('reads PEM (also with escaped line breaks) and base64 DER, and several public keys', () => {
    const pair = generatePrincipalKeys();
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const encoded = encodePrincipalKeys(pair);
    expect(parsePrivateKey(pem).asymmetricKeyType).toBe('ed25519');
    expect(parsePrivateKey(pem.replace(/\n/g, '\\n')).asymmetricKeyType).toBe('ed25519');
    expect(parsePrivateKey(encoded.privateKey).asymmetricKeyType).toBe('ed25519');
    const other = encodePrincipalKeys(generatePrincipalKeys());
    expect(parsePublicKeys(`${encoded.publicKey},${other.publicKey}`)).toHaveLength(2);
    const pems = [pair.publicKey, generatePrincipalKeys().publicKey]
      .map((k) => k.export({ type: 'spki', format: 'pem' }).toString())
      .join('');
    expect(parsePublicKeys(pems)).toHaveLength(2);
  });

  it('refuses a key that is not Ed25519', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => parsePrivateKey(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      /not Ed25519/,
    );
    expect(() => new PrincipalVerifier([])).toThrow(/at least one/);
  });
});
