// What a caller of createGatewayApp may tune in code (never from the environment): the
// limits, so tests can reach them quickly, and the benchmark's switch for a baseline
// without authentication.
import type { AccessRecorderOptions } from './access-record';
import type { Principal } from './roles';
import { type SeekerSignInLimits, type StaffLimits } from '@soudan/identity-infra';

export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');
/** The SharedLimit on reservation requests per seeker (a flood from a signed-in account). */
export const SEEKER_REQUEST_LIMIT = Symbol('SEEKER_REQUEST_LIMIT');

export interface GatewayOptions {
  /** false: every route is open and no token is read. Only for the benchmark's baseline. */
  authentication?: boolean;
  /** With authentication off: the caller every request is taken to be (routes that need one still work). */
  fixedPrincipal?: Principal;
  /** Requests per client address per minute, over all routes (default: RATE_LIMIT_PER_MINUTE, 1200). */
  requestsPerIpPerMinute?: number;
  /** Reservation requests per seeker per hour (default: SEEKER_REQUESTS_PER_HOUR, 30). */
  requestsPerSeekerPerHour?: number;
  staffLimits?: Partial<StaffLimits>;
  seekerLimits?: Partial<SeekerSignInLimits>;
  accessRecords?: AccessRecorderOptions;
  /** Access-token lifetime in seconds (default 30 minutes). */
  accessTokenTtlSeconds?: number;
  /** How the generated first admin password is shown; default: stdout, once. */
  announce?: (text: string) => void;
  /** A built web app (apps/web, e.g. dist/apps/web) to serve at `/`, with history fallback. */
  webRoot?: string;
}
