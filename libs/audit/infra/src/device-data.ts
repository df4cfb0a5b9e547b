// R52: the gateway seals device identification data (client address, user agent) with
// AES-256-GCM under a key derived from ENCRYPTION_KEY for the purpose "device data v1"
// (libs/gateway/infra/src/auth/crypto.ts, KEY_PURPOSES.deviceData). Only a disclosure
// opens it, here, with the same derivation.
import { createDecipheriv, hkdfSync } from 'node:crypto';

const SALT = 'soudan';
const DEVICE_DATA_PURPOSE = 'device data v1';

export function deviceDataKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey, SALT, DEVICE_DATA_PURPOSE, 32));
}

export type OpenedDevice = { ip: string | null; userAgent: string | null } | { error: 'UNREADABLE' };

interface Sealed {
  alg: string;
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

const isSealed = (value: unknown): value is Sealed =>
  !!value && typeof value === 'object' && ['alg', 'kid', 'iv', 'ct', 'tag'].every((k) => typeof (value as Record<string, unknown>)[k] === 'string');

/**
 * Opens a sealed `{ ip, userAgent }`, given as an object (access record) or as its JSON
 * text (join link). Anything that does not open (altered, another key) is UNREADABLE,
 * never an error that would hide the rest of the disclosure.
 */
export function openDeviceData(key: Buffer, sealed: unknown): OpenedDevice {
  try {
    const value = typeof sealed === 'string' ? (JSON.parse(sealed) as unknown) : sealed;
    if (!isSealed(value) || value.alg !== 'A256GCM') return { error: 'UNREADABLE' };
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64url'));
    decipher.setAAD(Buffer.from(value.kid));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64url')), decipher.final()]).toString('utf8');
    const opened = JSON.parse(plain) as { ip?: unknown; userAgent?: unknown };
    return { ip: typeof opened.ip === 'string' ? opened.ip : null, userAgent: typeof opened.userAgent === 'string' ? opened.userAgent : null };
  } catch {
    return { error: 'UNREADABLE' };
  }
}
