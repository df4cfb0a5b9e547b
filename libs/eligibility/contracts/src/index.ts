// What other services may know of eligibility: request-reply patterns and published
// events. Personal data (name, e-mail) never travels in events (R54): other services
// hold a pseudonymous `seekerId` and resolve contact data with `eligibility.contact.get`.

export const ELIGIBILITY_CONTEXT = 'eligibility';

export { EligibilityPatterns } from './patterns';

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
  /**
   * The contact details the request carried: recorded with the check when the seeker is
   * eligible, so a request costs one round trip and never leaves them unrecorded.
   */
  contact?: RequestContact;
}

/** The contact a request carries; without a language the one the seeker chose before stays. */
export type RequestContact = Omit<ContactRecord, 'language'> & { language?: SeekerLanguage };

export type EligibilityCheckResult =
  { eligible: true; seekerId: string } | { eligible: false; seekerId?: string; reasons: EligibilityReason[] };

/**
 * R63: the languages a seeker reads the service in, web and e-mail: Japanese (the
 * default), easy Japanese (やさしい日本語) and English.
 */
export const SEEKER_LANGUAGES = ['ja', 'ja-easy', 'en'] as const;
export type SeekerLanguage = (typeof SEEKER_LANGUAGES)[number];

export const isSeekerLanguage = (value: unknown): value is SeekerLanguage =>
  typeof value === 'string' && (SEEKER_LANGUAGES as readonly string[]).includes(value);

/** A language as stored or sent, read leniently: contacts older than a language, or none, read as Japanese. */
export const seekerLanguageOf = (value: unknown): SeekerLanguage => (isSeekerLanguage(value) ? value : 'ja');

export interface ContactRecord {
  name: string;
  email: string;
  language: SeekerLanguage;
}

export interface GetContactRequest {
  seekerId: string;
}
export type GetContactResult = ({ erased: false } & ContactRecord) | { erased: true };

export interface RecordContactRequest extends RequestContact {
  seekerId: string;
}

/** R63: the seeker chose the language of the web app and their e-mails. */
export interface SetSeekerLanguageRequest {
  seekerId: string;
  language: SeekerLanguage;
}

export interface SeekerPreferences {
  language: SeekerLanguage;
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
  /** The contact given on a request (R10), sealed like the roster data. */
  ContactRecorded: 'ContactRecorded',
  /** R54: one of the seeker's reservations ended; their retention period runs from their last activity. */
  ReservationEndRecorded: 'ReservationEndRecorded',
} as const;

// ---- Roster (staff) -------------------------------------------------------------------

export const SEEKER_STATUSES = ['registered', 'pre_registration_approved'] as const;
/** R40(a): registered, or about to register and approved by staff. */
export type SeekerStatus = (typeof SEEKER_STATUSES)[number];

export interface RegisterSeekerRequest {
  jobSeekerNumber: string;
  name: string;
  email: string;
  officeCode: string;
  /** `registered` | `pre_registration_approved`, or the Japanese labels of the office export. */
  status: string;
  /** `staff:<username>`. */
  actor: string;
}

export interface RegisterSeekerResult {
  seekerId: string;
  /** Normalised: `NNNNN-NNNNNNNN`. */
  jobSeekerNumber: string;
  outcome: 'registered' | 'updated' | 'unchanged';
}

/** One problem of one roster row; `code` has a message in the catalog. */
export interface RosterRowProblem {
  code: string;
  /** The column, as named in the English header. */
  field?: string;
  details?: Record<string, unknown>;
  /** Filled in by the gateway in the caller's language. */
  message?: string;
}

export interface RosterRejectedRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  reasons: RosterRowProblem[];
}

export interface RosterRow {
  line: number;
  cells: string[];
}

/** A batch of rows of one CSV file, with that file's header (sent with every batch). */
export interface RosterRowsRequest {
  header: string[];
  rows: RosterRow[];
}

export interface RosterValidateResult {
  rows: Array<{ line: number; ok: true; jobSeekerNumber: string } | ({ ok: false } & RosterRejectedRow)>;
}

export interface RosterApplyRequest extends RosterRowsRequest {
  /** Ties the events of one import together (their causation id). */
  importId: string;
  actor: string;
}

export interface RosterImportResult {
  /** Rows that registered a seeker or changed one. */
  imported: number;
  /** Rows that matched the roster as it was. */
  unchanged: number;
  rejected: RosterRejectedRow[];
  /** Of `imported`: new seekers. */
  registered?: number;
  /** Of `imported`: changed seekers. */
  updated?: number;
}

export interface SeekerRef {
  /** As staff typed it; normalised by eligibility. */
  jobSeekerNumber: string;
  actor: string;
}

export interface SuspendSeekerRequest extends SeekerRef {
  reason: string;
  /** Last day of the suspension (`YYYY-MM-DD`, Japan time), or an instant with offset at which it ends. */
  until: string;
}

export interface SuspensionView {
  reason: string;
  /** Last day, JST. */
  until: string;
  /** The instant it ends by itself. */
  endsAt: string;
  since: string;
  decidedBy: string;
}

export interface SuspendSeekerResult {
  seekerId: string;
  outcome: 'suspended' | 'changed' | 'unchanged';
  suspension: SuspensionView;
}

export interface LiftSuspensionRequest extends SeekerRef {
  note?: string;
}

export interface DismissReviewRequest extends SeekerRef {
  note?: string;
}

export interface EraseSeekerRequest extends SeekerRef {
  reason: 'request' | 'retention';
}

export interface ReviewView {
  reviewId: string;
  reason: 'no_shows' | 'terminated';
  noShows: number;
  /** Slot of the earliest no-show counted (or of the terminated session). */
  since: string;
  requestedAt: string;
}

export interface SeekerView {
  seekerId: string;
  jobSeekerNumber: string;
  erased: boolean;
  onRoster: boolean;
  officeCode?: string;
  status?: SeekerStatus;
  name?: string;
  email?: string;
  suspension?: SuspensionView & { active: boolean };
  review?: ReviewView;
  /** No-shows counted since the last review decision. */
  noShows: number;
}

/** R72: a search of the roster of some offices ('*': every office) by number or name. */
export interface SearchRosterRequest {
  offices: string[];
  /** Part of a job seeker number or name; every seeker of the offices when empty. */
  query?: string;
  /** At most 100. */
  limit?: number;
}

export interface RosterSeeker {
  jobSeekerNumber: string;
  name: string;
  /** The office the roster lists them under. */
  officeCode: string;
  status: SeekerStatus;
  /** When a running suspension ends (R42). */
  suspendedUntil?: string;
  /** No-shows within the review window (R19). */
  noShows: number;
  /** A no-show or termination review waits for a supervisor (R19, R21). */
  review: boolean;
}

export interface RosterSearchResult {
  seekers: RosterSeeker[];
  /** How many matched in all; `truncated` when more than were answered. */
  total: number;
  truncated: boolean;
}

export interface OpenReview {
  /** Null when the roster data of the seeker is unreadable (erased, or never on the roster). */
  jobSeekerNumber: string | null;
  seekerId: string;
  noShows: number;
  since: string;
  reason: 'no_shows' | 'terminated';
  reviewId: string;
  requestedAt: string;
}

// ---- Events (data shapes, schemaVersion 1) ----------------------------------------------

/** Sealed personal data: AES-256-GCM under the seeker's own data key (opaque to everyone else). */
export type SealedData = string;

export interface SeekerRegisteredV1 {
  seekerId: string;
  officeCode: string;
  status: SeekerStatus;
  /** `{ jobSeekerNumber, name, email }`, sealed. */
  personalData: SealedData;
  registeredAt: string;
}

export interface SeekerUpdatedV1 {
  seekerId: string;
  officeCode?: string;
  status?: SeekerStatus;
  personalData?: SealedData;
  updatedAt: string;
}

export interface ContactRecordedV1 {
  seekerId: string;
  /** `{ name, email, language }`, sealed. */
  contact: SealedData;
  recordedAt: string;
}

/** The roster-level standing changed: what scheduling needs to know without asking. */
export interface EligibilityChangedV1 {
  seekerId: string;
  /** On the roster and not suspended (device, environment and reason are per request). */
  eligible: boolean;
  reasons: EligibilityReasonCode[];
  officeCode?: string;
  status?: SeekerStatus;
  /** When SUSPENDED: the instant the suspension ends by itself. */
  suspendedUntil?: string;
  changedAt: string;
}

export interface NoShowCountedV1 {
  seekerId: string;
  reservationId: string;
  slot: string;
  recordedAt: string;
  /** No-shows within the window since the last review decision, this one included. */
  noShowsInWindow: number;
}

export interface NoShowReviewRequestedV1 {
  seekerId: string;
  reviewId: string;
  reason: 'no_shows' | 'terminated';
  noShows: number;
  since: string;
  threshold: number;
  windowDays: number;
  reservationId: string;
  /** Only in histories written before R54 sealing: the reason now stays sealed with the reservation. */
  terminationReason?: string;
  requestedAt: string;
}

export interface NoShowReviewDismissedV1 {
  seekerId: string;
  reviewId: string;
  dismissedBy: string;
  note?: string;
  dismissedAt: string;
}

export interface SeekerSuspendedV1 {
  seekerId: string;
  reason: string;
  until: string;
  endsAt: string;
  decidedBy: string;
  /** The review this decision closes, if one was open. */
  reviewId?: string;
  suspendedAt: string;
}

export interface SuspensionLiftedV1 {
  seekerId: string;
  liftedBy: string;
  note?: string;
  liftedAt: string;
}

/** How a reservation ended, as scheduling reported it. */
export type ReservationEnd = 'cancelled' | 'lapsed' | 'rejected' | 'completed' | 'no_show' | 'terminated';

/**
 * R54: a reservation of the seeker ended (scheduling's event of that name, noted here).
 * Only the latest end matters: one that is not later than the seeker's last activity is
 * not recorded.
 */
export interface ReservationEndRecordedV1 {
  seekerId: string;
  reservationId: string;
  end: ReservationEnd;
  /** When it ended (scheduling's time of the event). */
  endedAt: string;
  recordedAt: string;
}

export interface SeekerErasedV1 {
  seekerId: string;
  reason: 'request' | 'retention';
  erasedBy: string;
  erasedAt: string;
}

export { seekerIdFor } from './seeker-pseudonym';
export * from './api';
export * from './errors';
