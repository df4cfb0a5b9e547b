// The gateway's keys and the two sealed formats it writes. Each purpose gets its own
// key derived with HKDF from a configured secret, so one leaked derived key opens
// nothing else, and no extra secret has to be configured or rotated in step.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const SALT = 'soudan';

/** 32 bytes for `purpose`, derived from `secret` (HKDF-SHA256). */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, purpose, 32));
}

/** Purposes, spelled out once: the audit service derives the same device-data key. */
export const KEY_PURPOSES = {
  accessTokens: 'gateway access tokens v1',
  deviceData: 'device data v1',
  /** R54: wraps each seeker's own device-data key in the gateway's key table. */
  seekerDeviceKeys: 'gateway seeker device-data keys v1',
} as const;

/** AES-256-GCM, as stored: every part base64url. `kid` names the key's purpose and version. */
export interface Sealed {
  alg: 'A256GCM';
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

export function seal(key: Buffer, kid: string, plaintext: string, aad = kid): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    kid,
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/** Throws when the key is wrong or anything was altered (GCM authenticates it all). */
export function open(key: Buffer, sealed: Sealed, aad = sealed.kid): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Keyed pseudonym: the same value gives the same pseudonym, which says nothing without the key. */
export function pseudonym(key: Buffer, kind: string, value: string): string {
  return `${kind}_${createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('base64url').slice(0, 22)}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 256 random bits, URL-safe: a sign-in link token. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
