// What other services may know of scheduling: its published events and its
// request-reply patterns. Changing a shape here means a new schemaVersion.
// Events carry the pseudonymous `seekerId` (eligibility's), never a name, e-mail or
// job seeker number (R54): contact data is resolved through eligibility.

export const SCHEDULING_CONTEXT = 'scheduling';

export const SchedulingPatterns = {
  requestReservation: 'scheduling.reservation.request',
  getReservation: 'scheduling.reservation.get',
  listMyReservations: 'scheduling.reservation.list-mine',
  consent: 'scheduling.reservation.consent',
  /** R61: what notification needs to read an e-mail reply to an offer (`OfferForReply`); service-internal. */
  offerForReply: 'scheduling.reservation.offer-for-reply',
  cancelBySeeker: 'scheduling.reservation.cancel-by-seeker',
  offer: 'scheduling.staff.offer',
  reject: 'scheduling.staff.reject',
  checkIn: 'scheduling.staff.check-in',
  complete: 'scheduling.staff.complete',
  terminate: 'scheduling.staff.terminate',
  cancelByStaff: 'scheduling.staff.cancel',
  followUp: 'scheduling.staff.follow-up',
  listStaffReservations: 'scheduling.staff.reservations',
  schedule: 'scheduling.staff.schedule',
  alerts: 'scheduling.staff.alerts',
  setCapacity: 'scheduling.staff.capacity',
  availability: 'scheduling.availability',
  publishTerms: 'scheduling.terms.publish',
  currentTerms: 'scheduling.terms.current',
  openReservations: 'scheduling.reservations.open',
  join: 'scheduling.join',
  /** R52, R54: whose meeting link a token is (`{ token }` -> `{ seekerId }`), so the gateway seals the join's device data with that seeker's own key. */
  joinSeeker: 'scheduling.join.seeker',
  health: 'scheduling.health',
} as const;

export type DeviceReadiness = { camera: boolean; microphone: boolean; speaker: boolean };

/** R41: the six points of the environment attestation (Art. 5(1)-(6)). */
export type EnvironmentAttestation = {
  safeDevice: boolean;
  noPublicWifi: boolean;
  supportedOs: boolean;
  firewallOn: boolean;
  noFileSharing: boolean;
  antivirusCurrent: boolean;
};

export type Attendee = { kind: 'interpreter' | 'caregiver'; note: string };

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

export const TERMINAL_STATUSES: readonly ReservationStatus[] = ['completed', 'cancelled', 'no_show', 'lapsed', 'rejected', 'terminated'];

/** Who acts: the gateway passes the signed-in principal along with every command. */
export type Actor = { kind: 'seeker'; jobSeekerNumber: string } | { kind: 'staff'; username: string; roles: string[] } | { kind: 'system'; component: string };

/** Payload of `scheduling.reservation.request` (R10). */
export interface RequestReservationPayload {
  officeCode: string;
  jobSeekerNumber: string;
  name: string;
  email: string;
  desiredSlots: string[];
  topic: string;
  onlineReason: string;
  devices: DeviceReadiness;
  environment: EnvironmentAttestation;
  attendee?: Attendee;
  idempotencyKey?: string;
  language?: 'ja' | 'en';
}

export interface RequestReservationResult {
  id: string;
  status: ReservationStatus;
}

export interface ReservationView {
  id: string;
  status: ReservationStatus;
  desiredSlots: string[];
  offeredSlots: string[];
  slot: string | null;
  meetingUrl?: string;
  termsVersion?: string;
  topic: string;
  mayNeedCounter: boolean;
  history: Array<{ type: string; at: string }>;
}

/** Answer of `scheduling.reservation.offer-for-reply` (request: `{ reservationId }`). */
export interface OfferForReply {
  reservationId: string;
  seekerId: string;
  status: ReservationStatus;
  /** The slots of the offer in their order (the numbers of the offer e-mail), each with its R6 deadline. */
  offered: OfferedSlot[];
  /** The terms version the offer named: a reply consents to it (R13). */
  termsVersion: string | null;
  /** The booked slot once confirmed. */
  slot: string | null;
}

export interface StaffReservationView extends ReservationView {
  seekerId: string;
  requestedAt: string;
  answerDueBy: string;
  overdue: boolean;
  attendee?: Attendee;
}

export interface SlotAvailability {
  start: string;
  end: string;
  remaining: number;
}

// ---- events -------------------------------------------------------------------

export interface ReservationRequestedV1 {
  reservationId: string;
  officeCode: string;
  seekerId: string;
  desiredSlots: string[];
  topic: string;
  onlineReason: string;
  devices: DeviceReadiness;
  environment: EnvironmentAttestation;
  /** R41: the version of the environment checklist the seeker affirmed. */
  checklistVersion: string;
  attendee?: Attendee;
  /** R23: the topic mentions something that may need the counter. */
  mayNeedCounter: boolean;
  idempotencyKey?: string;
  language: 'ja' | 'en';
  requestedAt: string;
  /** R7: end of the 3rd business day after the request day. */
  answerDueBy: string;
}

export interface OfferedSlot {
  start: string;
  /** R6: 23:59:59.999 JST of the day before; the hold ends then. */
  deadline: string;
}

export interface ReservationOfferedV1 {
  reservationId: string;
  seekerId: string;
  slots: OfferedSlot[];
  termsVersion: string;
  offeredBy: string;
  offeredAt: string;
}

export interface ReservationConfirmedV1 {
  reservationId: string;
  seekerId: string;
  slot: string;
  end: string;
  termsVersion: string;
  channel: 'web' | 'email' | 'follow-up';
  consentAt: string;
  /** R15: the link in the e-mails points at the system (`/join/{token}`). */
  meetingUrl: string;
  joinToken: string;
  /** Where the system sends the seeker on to: the meeting app's room. */
  roomUrl: string;
}

export interface ReservationCancelledV1 {
  reservationId: string;
  seekerId: string;
  slot: string | null;
  by: string;
  channel: 'web' | 'phone' | 'email';
  reason?: string;
  note?: string;
  cancelledAt: string;
}

export interface ReservationLapsedV1 {
  reservationId: string;
  seekerId: string;
  lapsedAt: string;
}

export interface ReservationRejectedV1 {
  reservationId: string;
  seekerId: string;
  reason: string;
  by: string;
  rejectedAt: string;
}

export interface AnswerOverdueV1 {
  reservationId: string;
  seekerId: string;
  answerDueBy: string;
  flaggedAt: string;
}

export interface ReminderDueV1 {
  reservationId: string;
  seekerId: string;
  slot: string;
  meetingUrl: string;
  at: string;
}

/** R18: not joined, not checked in, not cancelled 10 minutes after the start. */
export interface SessionNoShowV1 {
  reservationId: string;
  /** Pseudonymous seeker id (eligibility's), never the name or number (R54). */
  seekerId: string;
  slot: string;
  recordedAt: string;
}

/** R21: a counsellor ended the session for threats, abuse or non-job use. */
export interface SessionTerminatedV1 {
  reservationId: string;
  seekerId: string;
  slot: string;
  reason: string;
  terminatedAt: string;
  by: string;
}

export interface TermsPublishedV1 {
  version: string;
  effectiveFrom: string;
  body: string;
  changeSummary: string;
  publishedAt: string;
  by: string;
}

/** R31: announced before it applies, to every seeker with an open reservation. */
export interface TermsChangedV1 {
  version: string;
  previousVersion: string;
  effectiveFrom: string;
  changeSummary: string;
  announcedAt: string;
}

export const SchedulingEventTypes = {
  ReservationRequested: 'ReservationRequested',
  ReservationOffered: 'ReservationOffered',
  ReservationRejected: 'ReservationRejected',
  ReservationConfirmed: 'ReservationConfirmed',
  ReservationLapsed: 'ReservationLapsed',
  ReservationCancelled: 'ReservationCancelled',
  AnswerOverdue: 'AnswerOverdue',
  ReminderDue: 'ReminderDue',
  SeekerJoined: 'SeekerJoined',
  SessionCheckedIn: 'SessionCheckedIn',
  SessionCompleted: 'SessionCompleted',
  SessionTerminated: 'SessionTerminated',
  SessionNoShow: 'SessionNoShow',
  FollowUpBooked: 'FollowUpBooked',
  TermsPublished: 'TermsPublished',
  TermsChanged: 'TermsChanged',
} as const;
