// The access record's events (R50) and the streams they go to.
import { GENERAL_DEVICE_DATA_KID } from '@soudan/gateway-contracts';
import type { Sealed } from './crypto';
import type { Principal } from './roles';

export const GATEWAY_CONTEXT = 'gateway';
export const ACCESS_STREAM_PREFIX = 'access-';
export const accessStream = (at: string) => `${ACCESS_STREAM_PREFIX}${at.slice(0, 10)}`;
/** The general key's kid (staff and anonymous requests); a seeker's own key has a kid naming the seeker. */
export const DEVICE_DATA_KID = GENERAL_DEVICE_DATA_KID;

export const GatewayEventTypes = {
  AccessRecorded: 'AccessRecorded',
  AccessRecordsDropped: 'AccessRecordsDropped',
  /** The audit copy of a staff account's change (staff-users.ts), never a hash. */
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
  device: { ip: string; userAgent: string | null; sealed: Sealed | null };
  correlationId?: string;
  /**
   * Only on a record the store refused as it was (R50, access-record-writer.ts): why, and
   * which strings were replaced (`minimal`: only the gateway's own values were kept).
   */
  repaired?: { reason: string; fields?: string[]; form?: 'minimal' };
}

export interface AccessRecordsDroppedV1 {
  count: number;
  from: string;
  to: string;
}

export interface AccessInput {
  at: Date;
  method: string;
  route: string | null;
  path: string;
  params: Record<string, string>;
  status: number;
  principal?: Principal;
  durationMs: number;
  ip: string;
  userAgent?: string;
  correlationId?: string;
}

export function outcomeOf(status: number): AccessRecordedV1['outcome'] {
  if (status < 400) return 'allowed';
  if (status === 401 || status === 403 || status === 429) return 'refused';
  return status < 500 ? 'invalid' : 'failed';
}
