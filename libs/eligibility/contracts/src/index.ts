// What other services may know of eligibility: request-reply patterns and published
// events. Personal data (name, e-mail) never travels in events (R54): other services
// hold a pseudonymous `seekerId` and resolve contact data with `eligibility.contact.get`.

export const ELIGIBILITY_CONTEXT = 'eligibility';

export const EligibilityPatterns = {
  /** R11, R40-R42: may this seeker request? Asked by scheduling before it accepts a request. */
  check: 'eligibility.check',
  /** Contact data for a pseudonymous seeker id (notification, gateway). */
  getContact: 'eligibility.contact.get',
  /** Records the contact given on a request (R10) in the erasable personal-data store. */
  recordContact: 'eligibility.contact.record',
  /** Sign-in: do this job seeker number and e-mail match the roster? */
  matchSeeker: 'eligibility.seeker.match',
  health: 'eligibility.health',
} as const;

export const ELIGIBILITY_REASONS = [
  'NOT_REGISTERED',
  'OTHER_OFFICE',
  'DEVICE_NOT_READY',
  'ENVIRONMENT_NOT_CONFIRMED',
  'ONLINE_REASON_MISSING',
  'SUSPENDED',
] as const;
export type EligibilityReasonCode = (typeof ELIGIBILITY_REASONS)[number];

export interface EligibilityReason {
  code: EligibilityReasonCode;
  /** e.g. `{ until: '2027-03-31' }` for SUSPENDED, `{ missing: ['camera'] }` for DEVICE_NOT_READY. */
  details?: Record<string, unknown>;
}

export interface EligibilityCheckRequest {
  jobSeekerNumber: string;
  officeCode: string;
  devices: { camera: boolean; microphone: boolean; speaker: boolean };
  environment: {
    safeDevice: boolean;
    noPublicWifi: boolean;
    supportedOs: boolean;
    firewallOn: boolean;
    noFileSharing: boolean;
    antivirusCurrent: boolean;
  };
  onlineReason: string;
  /** ISO instant the check is made for (the request time). */
  at: string;
}

export type EligibilityCheckResult =
  | { eligible: true; seekerId: string }
  | { eligible: false; seekerId?: string; reasons: EligibilityReason[] };

export interface ContactRecord {
  name: string;
  email: string;
  language: 'ja' | 'en';
}

export interface GetContactRequest {
  seekerId: string;
}
export type GetContactResult = ({ erased: false } & ContactRecord) | { erased: true };

export interface RecordContactRequest extends ContactRecord {
  seekerId: string;
}

export interface MatchSeekerRequest {
  jobSeekerNumber: string;
  email: string;
}
export type MatchSeekerResult = { match: true; seekerId: string } | { match: false };

export const EligibilityEventTypes = {
  SeekerRegistered: 'SeekerRegistered',
  SeekerUpdated: 'SeekerUpdated',
  EligibilityChanged: 'EligibilityChanged',
  NoShowCounted: 'NoShowCounted',
  NoShowReviewRequested: 'NoShowReviewRequested',
  NoShowReviewDismissed: 'NoShowReviewDismissed',
  SeekerSuspended: 'SeekerSuspended',
  SuspensionLifted: 'SuspensionLifted',
  SeekerErased: 'SeekerErased',
} as const;
