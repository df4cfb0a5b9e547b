// What other services may know of the gateway: how it seals device identification data
// (R52) and the request-reply pattern that opens a seeker's sealed device data for an
// approved disclosure. The gateway seals what belongs to a seeker with a key of that
// seeker's own, kept in a table where a delete is a delete; erasing the seeker destroys
// it (R54), and from then on the pattern answers `{ erased: true }` for their records.

export const GATEWAY_CONTEXT = 'gateway';

export { GatewayPatterns } from './patterns';

/** AES-256-GCM as stored in events: every part base64url; `kid` names the key and is the additional authenticated data. */
export interface SealedDeviceData {
  alg: 'A256GCM';
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

/** The one key of everything that belongs to no seeker (staff, anonymous requests): derived from ENCRYPTION_KEY. */
export const GENERAL_DEVICE_DATA_KID = 'device-data-v1';

const SEEKER_KID = /^seeker-device-v1:([0-9a-f]{32}):([A-Za-z0-9_-]{8,64})$/;

/** The `kid` of device data sealed with a seeker's own key: which seeker, which of their keys. */
export function seekerDeviceDataKid(seekerId: string, keyId: string): string {
  const kid = `seeker-device-v1:${seekerId}:${keyId}`;
  if (!SEEKER_KID.test(kid))
    throw new Error('a seeker device-data kid needs a 32-hex seeker id and a base64url key id');
  return kid;
}

/** The seeker and key a sealed value names, when it was sealed with a seeker's own key. */
export function seekerKeyOf(sealed: unknown): { seekerId: string; keyId: string } | undefined {
  const kid = typeof sealed === 'object' && sealed !== null ? (sealed as { kid?: unknown }).kid : undefined;
  const match = typeof kid === 'string' ? SEEKER_KID.exec(kid) : null;
  return match ? { seekerId: match[1], keyId: match[2] } : undefined;
}

/** Sealed values per request at most. */
export const MAX_UNSEAL_BATCH = 1_000;

export interface UnsealDeviceDataRequest {
  /** The approved disclosure the values are opened for (kept in the gateway's log line of the request). */
  disclosureId: string;
  /** Sealed values as events carry them: the object (access record) or its JSON text (join link). */
  sealed: unknown[];
}

export type UnsealedDeviceData =
  | { ip: string | null; userAgent: string | null }
  /** R54: the seeker was erased; their key is gone and nothing can open the value any more. */
  | { erased: true }
  /** Altered, or not sealed by this gateway. */
  | { error: 'UNREADABLE' };

export interface UnsealDeviceDataResult {
  /** One answer per value asked, in their order. */
  devices: UnsealedDeviceData[];
}
export * from './api';
export * from './errors';
