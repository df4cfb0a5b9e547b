// The shapes of the office's answers (api.md "Staff" and "Audit"; the gateway's contracts),
// and the calls the screens make. Data, not wording: the screens word it.
import { unwrap, type Schemas } from '../api/client';
import { staffApi, staffFetch } from './staff-api';

export type ReservationStatus =
  | 'requested'
  | 'offered'
  | 'confirmed'
  | 'invited'
  | 'in_session'
  | 'completed'
  | 'cancelled'
  | 'no_show'
  | 'lapsed'
  | 'rejected'
  | 'terminated';

export interface ScheduleSession {
  id: string;
  number?: string;
  seekerId: string;
  seekerName: string | null;
  slot: string;
  end: string;
  status: ReservationStatus;
  meetingUrl: string;
  /** The room itself: what the counsellor opens (the join link is the seeker's). */
  roomUrl?: string;
  topic: string;
  mayNeedCounter: boolean;
  attendee: { kind: 'interpreter' | 'caregiver'; note?: string } | null;
}

export interface StaffReservation {
  id: string;
  number?: string;
  status: ReservationStatus;
  desiredSlots: string[];
  offeredSlots: string[];
  slot: string | null;
  topic: string;
  mayNeedCounter: boolean;
  seekerId: string;
  requestedAt: string;
  answerDueBy: string;
  overdue: boolean;
  attendee?: { kind: 'interpreter' | 'caregiver'; note: string };
  history: Array<{ type: string; at: string }>;
}

export interface Slot {
  start: string;
  end: string;
  remaining: number;
  requestable: boolean;
  reason?: string;
}

export interface Alerts {
  overdueRequests: Array<{ reservationId: string; seekerId: string; answerDueBy: string; requestedAt: string }>;
  undeliverableMail: Array<Record<string, unknown> & { alertId?: string; id?: string }>;
  noShowReviews: Array<{
    jobSeekerNumber: string | null;
    seekerId: string;
    noShows: number;
    since: string;
    reason: 'no_shows' | 'terminated';
    reviewId: string;
    requestedAt: string;
  }>;
  deadLetters: Array<Record<string, unknown> & { alertId?: string; id?: string }>;
  unreadableReplies: Array<Record<string, unknown> & { id?: string }>;
  accessRecord: Array<Record<string, unknown> & { id?: string; alertId?: string }>;
}

export interface SeekerEntry {
  seekerId: string;
  jobSeekerNumber: string;
  erased: boolean;
  onRoster: boolean;
  officeCode?: string;
  status?: string;
  name?: string;
  email?: string;
  suspension?: { reason: string; until: string; active: boolean; since?: string };
  review?: { reason?: string; noShows?: number; requestedAt?: string };
  noShows: number;
}

export interface AuditEvent {
  position: string;
  stream: string;
  type: string;
  at: string;
  context?: string;
  category?: string;
  purpose?: string;
  data: unknown;
}

export interface IntegrityReport {
  ok: boolean;
  checked: number;
  firstBadPosition?: string;
  problem?: 'missing' | 'altered' | 'unlinked' | 'misplaced';
  badPositions?: number;
  lastHash: string;
  next?: string;
}

export const SLOT_COUNTS = [
  'desired',
  'offered',
  'confirmed',
  'followUps',
  'joined',
  'checkedIn',
  'completed',
  'noShows',
  'cancelled',
  'terminated',
] as const;
export const DAY_COUNTS = ['requests', 'lapsed', 'rejected', 'withdrawn'] as const;
type Counts<K extends string> = Record<K, number>;
export type SlotUsage = Counts<(typeof SLOT_COUNTS)[number]> & { start: string };
export type DayUsage = Counts<(typeof DAY_COUNTS)[number]> & { date: string; slots: SlotUsage[] };
export interface UsageReport {
  month: string;
  days: DayUsage[];
  totals: Counts<(typeof SLOT_COUNTS)[number] | (typeof DAY_COUNTS)[number]>;
}

export interface Disclosure {
  id: string;
  status: 'requested' | 'approved';
  authority: string;
  legalBasis: string;
  scope: { seekerId?: string; from: string; to: string };
  requestedBy: string;
  requestedAt: string;
  approvedBy?: string;
  approvedAt?: string;
  records?: Array<
    AuditEvent & { device?: { ip: string | null; userAgent: string | null } | { erased: true } | { error: string } }
  >;
  next?: string | null;
}

export const getSchedule = async (date: string) =>
  (await unwrap(staffApi.GET('/api/v1/staff/schedule', { params: { query: { date } } }))) as unknown as {
    date: string;
    sessions: ScheduleSession[];
  };

export const listReservations = async (query: { status?: string; date?: string } = {}) =>
  (
    (await unwrap(staffApi.GET('/api/v1/staff/reservations', { params: { query } as never }))) as unknown as {
      reservations: StaffReservation[];
    }
  ).reservations;

export const getAvailability = async (from: string, to: string) =>
  (
    (await unwrap(staffApi.GET('/api/v1/availability', { params: { query: { from, to } } }))) as unknown as {
      slots: Slot[];
    }
  ).slots;

type Step = 'check-in' | 'complete';
export const step = (id: string, which: Step) =>
  unwrap(
    which === 'check-in'
      ? staffApi.POST('/api/v1/staff/reservations/{id}/check-in', { params: { path: { id } } })
      : staffApi.POST('/api/v1/staff/reservations/{id}/complete', { params: { path: { id } } }),
  );

export const terminate = (id: string, reason: string) =>
  unwrap(staffApi.POST('/api/v1/staff/reservations/{id}/terminate', { params: { path: { id } }, body: { reason } }));

export const cancelByPhone = (id: string, note: string) =>
  unwrap(
    staffApi.POST('/api/v1/staff/reservations/{id}/cancellation', {
      params: { path: { id } },
      body: { channel: 'phone', ...(note ? { note } : {}) } as never,
    }),
  );

export const followUp = async (id: string, slot: string, overrideReason?: string) =>
  (await unwrap(
    staffApi.POST('/api/v1/staff/reservations/{id}/follow-up', {
      params: { path: { id } },
      body: { slot, ...(overrideReason ? { overrideReason } : {}) },
    }),
  )) as unknown as { id: string; number?: string; slot: string };

export const offer = (id: string, slots: string[]) =>
  unwrap(staffApi.POST('/api/v1/staff/reservations/{id}/offer', { params: { path: { id } }, body: { slots } }));

export const reject = (id: string, reason: string) =>
  unwrap(staffApi.POST('/api/v1/staff/reservations/{id}/rejection', { params: { path: { id } }, body: { reason } }));

export const getAlerts = async () => (await unwrap(staffApi.GET('/api/v1/staff/alerts'))) as unknown as Alerts;

export const resolveAlert = (id: string, note: string) =>
  unwrap(
    staffApi.POST('/api/v1/staff/alerts/{id}/resolution', {
      params: { path: { id } },
      body: (note ? { note } : {}) as never,
    }),
  );

export interface RosterSeeker {
  jobSeekerNumber: string;
  name: string;
  officeCode: string;
  status: string;
  suspendedUntil?: string;
  noShows: number;
  review: boolean;
}

/** R72: the roster of the member's offices by part of a number or a name (at most 100). */
export const searchRoster = async (q: string) =>
  (await unwrap(staffApi.GET('/api/v1/staff/seekers', { params: { query: { q } } }))) as unknown as {
    seekers: RosterSeeker[];
    total: number;
    truncated: boolean;
  };

export const getSeeker = async (no: string) =>
  (await unwrap(staffApi.GET('/api/v1/staff/seekers/{no}', { params: { path: { no } } }))) as unknown as SeekerEntry;

export const suspend = (no: string, reason: string, until: string) =>
  unwrap(staffApi.POST('/api/v1/staff/seekers/{no}/suspension', { params: { path: { no } }, body: { reason, until } }));

export const liftSuspension = (no: string) =>
  unwrap(staffApi.DELETE('/api/v1/staff/seekers/{no}/suspension', { params: { path: { no } } }));

export const dismissReview = (no: string, note: string) =>
  unwrap(
    staffApi.POST('/api/v1/staff/seekers/{no}/review/dismissal', {
      params: { path: { no } },
      body: (note ? { note } : {}) as never,
    }),
  );

type RejectedRow = { line: number; reasons: Array<{ code?: string; field?: string; message?: string }> };
export interface ImportAnswer {
  status: number;
  body: {
    code?: string;
    message?: string;
    rows?: number;
    willImport?: number;
    goodRows?: number;
    registered?: number;
    updated?: number;
    unchanged?: number;
    rejected?: RejectedRow[];
    details?: { rejected?: RejectedRow[]; missing?: string[] };
  };
}

/** A file's bytes (FileReader where Blob.arrayBuffer is missing, as in older browsers and jsdom). */
function bytesOf(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/** POST /staff/seekers/import: the CSV file as it is (UTF-8 or Shift_JIS; the gateway detects which). */
export async function importRoster(
  file: Blob,
  mode: 'all-or-nothing' | 'good-rows',
  dryRun: boolean,
): Promise<ImportAnswer> {
  const response = await staffFetch(`/api/v1/staff/seekers/import?mode=${mode}${dryRun ? '&dryRun=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    // The bytes as they are: a Shift_JIS file must not be read as text here.
    body: await bytesOf(file),
  });
  const text = await response.text();
  let body: ImportAnswer['body'] = {};
  try {
    body = text ? (JSON.parse(text) as ImportAnswer['body']) : {};
  } catch {
    body = { message: text };
  }
  return { status: response.status, body };
}

export const auditEvents = async (query: {
  from?: string;
  limit?: number;
  category?: string;
  since?: string;
  until?: string;
}) =>
  (await unwrap(staffApi.GET('/api/v1/audit/events', { params: { query } as never }))) as unknown as {
    events: AuditEvent[];
    next: string | null;
  };

export const integrity = async (from?: string) =>
  (await unwrap(
    staffApi.GET('/api/v1/audit/integrity', { params: { query: (from ? { from } : {}) as never } }),
  )) as unknown as IntegrityReport;

export const usage = async (month: string) =>
  (await unwrap(staffApi.GET('/api/v1/audit/usage', { params: { query: { month } } }))) as unknown as UsageReport;

export const requestDisclosure = async (body: {
  authority: string;
  legalBasis: string;
  scope: { jobSeekerNumber?: string; from: string; to: string };
}) => (await unwrap(staffApi.POST('/api/v1/audit/disclosures', { body }))) as unknown as Disclosure;

export const approveDisclosure = async (id: string) =>
  (await unwrap(
    staffApi.POST('/api/v1/audit/disclosures/{id}/approval', { params: { path: { id } } }),
  )) as unknown as Disclosure;

/** R52, R74: a disclosure as listed: its request and approval, never its records. */
export type DisclosureSummary = Omit<Disclosure, 'records' | 'next'> & { office: string };

/** The disclosures of the member's offices, newest first; `pending`: those waiting for a second supervisor. */
export const listDisclosures = async (status?: 'pending' | 'approved') =>
  (await unwrap(staffApi.GET('/api/v1/audit/disclosures', { params: { query: (status ? { status } : {}) as never } })))
    .disclosures as unknown as DisclosureSummary[];

export const getDisclosure = async (id: string) =>
  (await unwrap(staffApi.GET('/api/v1/audit/disclosures/{id}', { params: { path: { id } } }))) as unknown as Disclosure;

// Staff accounts (admin; api.md "Signing in").
export type StaffAccount = Schemas['StaffUserDto'];
type AccountRoles = StaffAccount['roles'];
const byName = (username: string) => ({ params: { path: { username } } });

export const listAccounts = async (): Promise<StaffAccount[]> =>
  (await unwrap(staffApi.GET('/api/v1/staff/users'))).users;
/** `offices` left out: the gateway gives the administrator's only office (R72). */
export const addAccount = (body: { username: string; password: string; roles: AccountRoles; offices?: string[] }) =>
  unwrap(staffApi.POST('/api/v1/staff/users', { body }));
export const setAccountRoles = (username: string, roles: AccountRoles) =>
  unwrap(staffApi.PUT('/api/v1/staff/users/{username}/roles', { ...byName(username), body: { roles } }));
/** R72: national administrators only (403 OFFICE_FORBIDDEN); the account's tokens end. */
export const setAccountOffices = (username: string, offices: string[]) =>
  unwrap(staffApi.PUT('/api/v1/staff/users/{username}/offices', { ...byName(username), body: { offices } }));
export const disableAccount = (username: string) =>
  unwrap(staffApi.POST('/api/v1/staff/users/{username}/disable', byName(username)));
export const enableAccount = (username: string) =>
  unwrap(staffApi.POST('/api/v1/staff/users/{username}/enable', byName(username)));
/** The one-time password is in this answer only: it is never read back. */
export const resetAccountPassword = (username: string) =>
  unwrap(staffApi.POST('/api/v1/staff/users/{username}/password-reset', byName(username)));

// Offices (admin; api.md "Offices"): those the caller works for, every office for a national one.
export interface OfficeEntry {
  code: string;
  name: string;
}

export const listOffices = async (): Promise<OfficeEntry[]> =>
  (await unwrap(staffApi.GET('/api/v1/offices'))).offices
    .map(({ settings }) => ({ code: settings.code, name: settings.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
