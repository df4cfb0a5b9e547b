// R52: the gateway seals device identification data (client address, user agent) with
// AES-256-GCM. What belongs to nobody in particular (staff, anonymous requests) is sealed
// under a key derived from ENCRYPTION_KEY for the purpose "device data v1"
// (libs/identity/infra/src/crypto.ts, KEY_PURPOSES.deviceData): a disclosure opens it
// here, with the same derivation. What belongs to a seeker is sealed with that seeker's
// own key, which only the gateway holds and destroys when the seeker is erased (R54): a
// disclosure asks the gateway to open it (`gateway.device-data.unseal`, Disclosures).
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { seekerKeyOf } from '@soudan/gateway-contracts';

const SALT = 'soudan';
const DEVICE_DATA_PURPOSE = 'device data v1';

export function deviceDataKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey, SALT, DEVICE_DATA_PURPOSE, 32));
}

export type OpenedDevice = { ip: string | null; userAgent: string | null } | { erased: true } | { error: 'UNREADABLE' };

/** The seeker whose own key sealed this value (object or JSON text); undefined for the general key or anything else. */
export function sealedForSeeker(sealed: unknown): string | undefined {
  if (typeof sealed !== 'string') return seekerKeyOf(sealed)?.seekerId;
  try {
    return seekerKeyOf(JSON.parse(sealed) as unknown)?.seekerId;
  } catch {
    return undefined;
  }
}

interface Sealed {
  alg: string;
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

const isSealed = (value: unknown): value is Sealed =>
  !!value &&
  typeof value === 'object' &&
  ['alg', 'kid', 'iv', 'ct', 'tag'].every((k) => typeof (value as Record<string, unknown>)[k] === 'string');

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
    const plain = Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
    const opened = JSON.parse(plain) as { ip?: unknown; userAgent?: unknown };
    return {
      ip: typeof opened.ip === 'string' ? opened.ip : null,
      userAgent: typeof opened.userAgent === 'string' ? opened.userAgent : null,
    };
  } catch {
    return { error: 'UNREADABLE' };
  }
}
