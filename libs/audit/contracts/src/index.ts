// The auditor's view of the Article 7 record (R50-R53) as other services see it.

export const AUDIT_CONTEXT = 'audit';

export { AuditPatterns } from './patterns';

export const AUDIT_CATEGORIES = [
  'reservation',
  'eligibility',
  'notification',
  'access',
  'terms',
  'disclosure',
  'other',
  // Appended, not inserted: record indexes keep a category as its place in this list.
  'office',
] as const;

export interface ListAuditEventsQuery {
  /** Exclusive position to continue after (the `next` of the previous page). */
  from?: string;
  limit?: number;
  category?: string;
  /** Inclusive instant (ISO-8601). */
  since?: string;
  /** Exclusive instant (ISO-8601). */
  until?: string;
  /** R74: only these offices' records ('*': every office); every record when absent. */
  offices?: string[];
}

export interface AuditEventView {
  /** Position in the audit trail: 0, 1, 2, ... in the order the audit service recorded them. */
  position: string;
  stream: string;
  type: string;
  at: string;
  context: string;
  category: string;
  purpose: string;
  data: unknown;
}

export interface AuditEventsPage {
  events: AuditEventView[];
  /** Pass as `from` to read on; null when no further record matches (yet). */
  next: string | null;
}

export interface CheckIntegrityQuery {
  /** Exclusive: resume after this position (the `next` of a previous answer). */
  from?: string;
}

export interface IntegrityReport {
  ok: boolean;
  /** Records examined by this check. */
  checked: number;
  /** The first position that is missing, altered, unlinked or misplaced. */
  firstBadPosition?: string;
  problem?: 'missing' | 'altered' | 'unlinked' | 'misplaced';
  /** How many bad positions the check found in all. */
  badPositions?: number;
  /** The stored hash of the last record examined: note it to detect a later rewrite. */
  lastHash: string;
  /** Present when the check stopped before the end to answer in time: pass as `from` to go on. */
  next?: string;
}

export interface UsageQuery {
  /** `YYYY-MM`, Japan time. */
  month: string;
  /** R74: the offices to count ('*' among them: every office); every office when absent. */
  offices?: string[];
}

export interface SlotCounts {
  /** Requests that named the slot among their desired slots. */
  desired: number;
  offered: number;
  /** Booked: consent to an offer, or a follow-up (R13, R16). */
  confirmed: number;
  followUps: number;
  joined: number;
  checkedIn: number;
  completed: number;
  noShows: number;
  cancelled: number;
  terminated: number;
}

export interface DayCounts {
  /** Requests received that day. */
  requests: number;
  lapsed: number;
  rejected: number;
  /** Requests cancelled before a slot was booked. */
  withdrawn: number;
}

export interface SlotUsage extends SlotCounts {
  /** Start of the slot, `HH:mm` Japan time. */
  start: string;
}

export interface DayUsage extends DayCounts {
  /** `YYYY-MM-DD`, Japan time. */
  date: string;
  slots: SlotUsage[];
}

export interface UsageReport {
  month: string;
  timeZone: 'Asia/Tokyo';
  /** R74: the offices counted, by code ('*': every office). */
  offices: string[];
  /** Days with anything to count, in order. */
  days: DayUsage[];
  totals: DayCounts & SlotCounts;
}

export interface DisclosureScope {
  /** Pseudonymous seeker id (R54) when the request names a job seeker; never the number itself. */
  seekerId?: string;
  /** First day, `YYYY-MM-DD` Japan time. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** R74: the office whose records it covers (the configured office's when absent: a disclosure of before offices). */
  office?: string;
}

export interface RequestDisclosureRequest {
  authority: string;
  legalBasis: string;
  scope: { jobSeekerNumber?: string; from: string; to: string; office?: string };
  /** `staff:<username>` of the requesting supervisor. */
  actor: string;
}

export interface ApproveDisclosureRequest {
  disclosureId: string;
  actor: string;
  /** R72, R74: the offices the supervisor works for ('*': every office); another office's disclosure is not found. */
  offices?: string[];
}

export interface GetDisclosureRequest {
  disclosureId: string;
  actor: string;
  /** R72, R74: as for approval. */
  offices?: string[];
  /** Exclusive position to continue after, for the records of an approved disclosure. */
  from?: string;
  limit?: number;
}

export type DisclosureStatus = 'requested' | 'approved';

export interface ListDisclosuresRequest {
  /** R72, R74: the offices the supervisor works for ('*': every office); other offices' disclosures are left out. */
  offices?: string[];
  /** Only those waiting for a second supervisor (`requested`), or only approved ones; absent: both. */
  status?: DisclosureStatus;
}

/** R52: one disclosure in the list: its request and approval, never a record or device data. */
export interface DisclosureSummary {
  id: string;
  /** R74: the office it covers ('*': every office). */
  office: string;
  status: DisclosureStatus;
  authority: string;
  legalBasis: string;
  scope: DisclosureScope;
  requestedBy: string;
  requestedAt: string;
  approvedBy?: string;
  approvedAt?: string;
}

export interface DisclosureList {
  /** Newest request first. */
  disclosures: DisclosureSummary[];
}

export interface DisclosedRecord extends AuditEventView {
  /**
   * R52: the raw device identification data, opened for this disclosure. `{ erased: true }`
   * (R54): the seeker it belongs to was erased, and with them the key that sealed it.
   */
  device?: { ip: string | null; userAgent: string | null } | { erased: true } | { error: 'UNREADABLE' };
}

/** One disclosure as its reader sees it: the list's summary (without the office) and, once approved, its records. */
export interface DisclosureView extends Omit<DisclosureSummary, 'office'> {
  /** Only once approved: the records in scope, a page at a time. */
  records?: DisclosedRecord[];
  next?: string | null;
}

// ---- events (streams `disclosure-<id>`, published as `events.audit.<Type>`) --------

export const DisclosureEventTypes = {
  DisclosureRequested: 'DisclosureRequested',
  DisclosureApproved: 'DisclosureApproved',
  DisclosureRecordsRevealed: 'DisclosureRecordsRevealed',
} as const;

export interface DisclosureRequestedV1 {
  disclosureId: string;
  authority: string;
  legalBasis: string;
  scope: DisclosureScope;
  requestedBy: string;
  requestedAt: string;
}

export interface DisclosureApprovedV1 {
  disclosureId: string;
  approvedBy: string;
  approvedAt: string;
}

/** R52: each time raw device data is shown, who saw which part of it. */
export interface DisclosureRecordsRevealedV1 {
  disclosureId: string;
  revealedTo: string;
  /** Positions of the first and last record shown. */
  firstPosition: string | null;
  lastPosition: string | null;
  count: number;
  revealedAt: string;
}
export * from './api';
export * from './errors';
