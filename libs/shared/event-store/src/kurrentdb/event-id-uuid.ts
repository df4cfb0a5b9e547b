import { createHash } from 'node:crypto';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when KurrentDB would hand the id back unchanged (it stores ids as UUIDs and prints them lower-case). */
export function isCanonicalUuid(id: string): boolean {
  return CANONICAL_UUID.test(id);
}

// A fixed namespace of our own, so ids derived here never collide with UUIDs derived
// by another system from the same text.
const NAMESPACE = 'soudan:event-id:';

/**
 * KurrentDB requires UUID event ids; ours are any unique string. The UUID is derived
 * from the id (name-based, version 5 layout over SHA-1), so a retry of the same event
 * gets the same UUID and KurrentDB's own idempotence check still recognises it.
 */
export function eventIdToUuid(id: string): string {
  if (isCanonicalUuid(id)) return id;
  const bytes = createHash('sha1')
    .update(NAMESPACE + id, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
