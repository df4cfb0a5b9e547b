// What other services may know of identity: the access record's events (R50) and the
// audit copy of staff accounts' changes, with the streams they are stored in. Identity
// owns staff accounts, sign-in, access tokens and the access record; the gateway is its
// HTTP edge and hosts its store. Changing a shape here means a new schemaVersion.
//
// The names below were the gateway's before identity became a context of its own, and
// they stay exactly as they were: stored histories are read by these stream names and
// event types, and the audit service consumes `events.gateway.AccessRecorded` and
// `events.gateway.StaffAccountChanged` (its categories and every stored audit record name
// the context `gateway`). Renaming any of them would orphan what is already stored.
import type { SealedDeviceData } from '@soudan/gateway-contracts';

export * from './principals';
export * from './staff-accounts';
export * from './errors';

/**
 * The context identity's events are published under (`events.gateway.<EventType>`) and
 * that stored audit records name: still `gateway`, for the stored histories (see above).
 */
export const IDENTITY_EVENTS_CONTEXT = 'gateway';

export const ACCESS_STREAM_PREFIX = 'access-';
/** One stream of access records per UTC day: `access-<yyyy-mm-dd>`. */
export const accessStream = (at: string) => `${ACCESS_STREAM_PREFIX}${at.slice(0, 10)}`;

/** The event types identity publishes (as stored; see above). */
export const IdentityEventTypes = {
  AccessRecorded: 'AccessRecorded',
  AccessRecordsDropped: 'AccessRecordsDropped',
  /** The audit copy of a staff account's change (StaffAccountChangedV1), never a hash. */
  StaffAccountChanged: 'StaffAccountChanged',
} as const;

export type AccessPrincipal =
  | { kind: 'anonymous' }
  | { kind: 'seeker'; seekerId: string }
  /** `offices` (R72, R74): whose auditors see the record; absent on records from before offices. */
  | { kind: 'staff'; username: string; roles: string[]; offices?: string[] };

/** `events.gateway.AccessRecorded`, schemaVersion 1. */
export interface AccessRecordedV1 {
  at: string;
  method: string;
  /** The route pattern, e.g. `/api/v1/reservations/:id`; null when no route matched. */
  route: string | null;
  /** The path asked for, only when no route matched (cut to 200 characters). */
  path?: string;
  /**
   * Which resource (R50): the route's parameters. Secrets among them (`token`) only as a
   * hash prefix; a job seeker number as the seeker's pseudonymous id (`seeker:<seekerId>`, R54).
   */
  params: Record<string, string>;
  status: number;
  outcome: 'allowed' | 'refused' | 'invalid' | 'failed';
  principal: AccessPrincipal;
  durationMs: number;
  /**
   * R52: pseudonyms to show, and the raw values sealed for a disclosure. R54: null when
   * the request was a seeker's made after their erasure (a token still valid): nothing
   * raw is kept of an erased seeker.
   */
  device: { ip: string; userAgent: string | null; sealed: SealedDeviceData | null };
  correlationId?: string;
  /**
   * Only on a record the store refused as it was (R50, access-record-writer.ts): why, and
   * which strings were replaced (`minimal`: only the gateway's own values were kept).
   */
  repaired?: { reason: string; fields?: string[]; form?: 'minimal' };
}

/** `events.gateway.AccessRecordsDropped`, schemaVersion 1: records lost while the store was down. */
export interface AccessRecordsDroppedV1 {
  count: number;
  from: string;
  to: string;
}
