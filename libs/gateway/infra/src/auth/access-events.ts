// The access record's events (R50) and the streams they go to.
import { GENERAL_DEVICE_DATA_KID } from '@soudan/gateway-contracts';
import {
  ACCESS_STREAM_PREFIX,
  accessStream,
  IDENTITY_EVENTS_CONTEXT,
  IdentityEventTypes,
  type AccessPrincipal,
  type AccessRecordedV1,
  type AccessRecordsDroppedV1,
} from '@soudan/identity-contracts';
import type { Principal } from './roles';

/**
 * The access record's types are identity's contracts (@soudan/identity-contracts); the
 * context, stream names and event types stay `gateway`'s as stored (see there).
 */
export const GATEWAY_CONTEXT = IDENTITY_EVENTS_CONTEXT;
export { ACCESS_STREAM_PREFIX, accessStream };
/** The general key's kid (staff and anonymous requests); a seeker's own key has a kid naming the seeker. */
export const DEVICE_DATA_KID = GENERAL_DEVICE_DATA_KID;

export { IdentityEventTypes };
export type { AccessPrincipal, AccessRecordedV1, AccessRecordsDroppedV1 };

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
