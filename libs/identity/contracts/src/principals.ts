// Who signed in, as the gateway passes it on: a job seeker or a member of staff. Events
// and records name a seeker by eligibility's pseudonymous id, never by their job seeker
// number (R54).
import type { StaffRole } from './staff-accounts';

export type SeekerPrincipal = {
  kind: 'seeker';
  jobSeekerNumber: string;
  /** Eligibility's pseudonymous id: what events and access records name (R54). */
  seekerId: string;
  roles: ['seeker'];
  /**
   * When the sign-in began (ms since the epoch): the moment before eligibility matched the
   * roster for the link this token came from. A suspension or erasure recorded after it
   * ends the token (identity-infra's seeker-token-endings.ts); absent on a principal not read from a token.
   */
  signedInAt?: number;
};
export type StaffPrincipal = {
  kind: 'staff';
  username: string;
  roles: StaffRole[];
  /** The account's generation when the token was issued (identity-infra's staff-users.ts); absent counts as 0. */
  generation?: number;
  /** R72: the offices the member works for ('*': every office); absent: the configured office. */
  offices?: string[];
};
export type Principal = SeekerPrincipal | StaffPrincipal;

/** How events and access records name a principal: never a job seeker number (R54). */
export function actorOf(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'seeker' ? `seeker:${principal.seekerId}` : `staff:${principal.username}`;
}
