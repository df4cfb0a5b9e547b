// What other services may know of scheduling: its published events and its
// request-reply patterns. Changing a shape here means a new schemaVersion.
// Events carry the pseudonymous `seekerId` (eligibility's), never a name, e-mail or
// job seeker number (R54): contact data is resolved through eligibility.
import type { SeekerLanguage } from '@soudan/eligibility-contracts';

export const SCHEDULING_CONTEXT = 'scheduling';

export { SchedulingPatterns } from './patterns';

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

export const TERMINAL_STATUSES: readonly ReservationStatus[] = [
  'completed',
  'cancelled',
  'no_show',
  'lapsed',
  'rejected',
  'terminated',
];

/** Who acts: the gateway passes the signed-in principal along with every command. */
export type Actor =
  | { kind: 'seeker'; jobSeekerNumber: string }
  | { kind: 'staff'; username: string; roles: string[] }
  | { kind: 'system'; component: string };

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
  /** R63: the seeker's language; without it the one they chose before stays. */
  language?: SeekerLanguage;
}

export interface RequestReservationResult {
  id: string;
  status: ReservationStatus;
  /** The reservation number (absent only for reservations older than numbers). */
  number?: string;
}

export interface ReservationView {
  id: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
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

/** What a seeker may do with a reservation now (api.md "Seekers"). */
export type SeekerAction = 'consent' | 'cancel' | 'cancelByPhone' | 'join';

/** The signed-in seeker's view of one of their reservations: the data a screen needs, no wording. */
export interface SeekerReservationView extends ReservationView {
  /** The events in order; `channel` where the event names one. */
  timeline: Array<{ type: string; at: string; channel?: 'web' | 'email' | 'phone' | 'follow-up' }>;
  /** The offered slots, each with its R6 deadline (until which it can be chosen). */
  offers: OfferedSlot[];
  /** R6: while offered, the last moment a slot can still be chosen (the latest deadline of a slot still open). */
  replyBy: string | null;
  /** R7: while requested, the end of the 3rd business day after the request. */
  officeAnswersBy: string | null;
  /** The end of the booked slot. */
  end: string | null;
  /** R15: when the meeting link opens (15 minutes before the start), once booked. */
  joinOpensAt: string | null;
  /** What the seeker may do now: consent (R13), cancel online (R17, until the day before), cancelByPhone (R17, on the day), join (R15). */
  actions: SeekerAction[];
  /** R17: the office's phone, for cancelling on the day or asking after R7. */
  officePhone: string;
}

/** Answer of `scheduling.reservation.offer-for-reply` (request: `{ reservationId }`). */
export interface OfferForReply {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
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

/** Why a request may not ask for a slot now: the code a request for it is refused with. */
export type SlotRefusalCode = 'NOT_BUSINESS_DAY' | 'SLOT_IN_PAST' | 'LEAD_TIME' | 'SLOT_FULL';

export interface SlotAvailability {
  start: string;
  end: string;
  remaining: number;
  /** R2-R5: whether a request may ask for this slot now. */
  requestable: boolean;
  /** When not requestable: the code a request for it is refused with (LEAD_TIME, SLOT_FULL). */
  reason?: SlotRefusalCode;
}

/** One calendar day of an availability answer (JST date). */
export interface DayAvailability {
  date: string;
  /** R2: a business day of the office. */
  open: boolean;
  /** When closed: why, for the calendar a person reads. */
  closedBecause?: 'weekend' | 'national_holiday' | 'year_end' | 'office_closure';
  /** Whether a request may ask for at least one slot of this day. */
  requestable: boolean;
  /** When not requestable: NOT_BUSINESS_DAY, SLOT_IN_PAST (every slot has begun), LEAD_TIME or SLOT_FULL. */
  reason?: SlotRefusalCode;
  /** Free places in the day's slots still to begin. */
  free: number;
  /** Slots of the day a request may ask for. */
  requestableSlots: number;
}

export interface Availability {
  slots: SlotAvailability[];
  days: DayAvailability[];
  /** The first day of the range with a requestable slot, or null. */
  firstRequestableDate: string | null;
  /** R5: the earliest date a request made now may ask for, whatever the range (capacity aside). */
  earliestDate: string;
}

// ---- events -------------------------------------------------------------------

/**
 * R54: free text about a seeker, sealed with a key of that seeker's own in scheduling's
 * key store (`v1.<keyId>.<iv>.<tag>.<data>`): what they wrote (a request's
 * `{ topic, onlineReason?, attendeeNote? }`) and what staff wrote about them (a
 * rejection's, cancellation's or termination's `reason`, a phone `note`, a follow-up's
 * `overrideReason`). Erasing the seeker destroys the key, and every copy (store,
 * JetStream, audit, backups) is unreadable at once.
 */
export type SealedPersonalText = string;

export interface ReservationRequestedV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  officeCode: string;
  seekerId: string;
  desiredSlots: string[];
  /** In clear only in histories written before sealing (and in memory once opened); see `personal`. */
  topic?: string;
  onlineReason?: string;
  /** Sealed topic, onlineReason and attendee note (R54). */
  personal?: SealedPersonalText;
  devices: DeviceReadiness;
  environment: EnvironmentAttestation;
  /** R41: the version of the environment checklist the seeker affirmed. */
  checklistVersion: string;
  /** Its `note` travels sealed in `personal`. */
  attendee?: { kind: Attendee['kind']; note?: string };
  /** R23: the topic mentions something that may need the counter. */
  mayNeedCounter: boolean;
  idempotencyKey?: string;
  language: SeekerLanguage;
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
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  slots: OfferedSlot[];
  termsVersion: string;
  offeredBy: string;
  offeredAt: string;
}

/**
 * R13 (Art. 6(3)): the seeker chose an offered slot and thereby accepted a terms
 * version: a legal fact of its own, recorded before the confirmation it leads to.
 */
export interface ConsentReceivedV1 {
  reservationId: string;
  seekerId: string;
  slot: string;
  termsVersion: string;
  channel: 'web' | 'email';
  at: string;
}

/** The consent a confirmation rests on: this reservation's own, or (R16) the one on record. */
export interface ConsentOnRecord {
  reservationId: string;
  termsVersion: string;
  channel: 'web' | 'email';
  at: string;
}

/**
 * schemaVersion 2: `consent` names the consent it rests on (a ConsentReceived before it
 * in the same stream, or for a follow-up the previous reservation's); version 1 carried
 * the consent inside (`channel` web|email and `consentAt`), which the domain's upcaster
 * reads as a ConsentReceived followed by this.
 */
export interface ReservationConfirmedV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  slot: string;
  end: string;
  termsVersion: string;
  channel: 'web' | 'email' | 'follow-up';
  /** When the consent was given (the same instant as `consent.at`; kept for readers of version 1). */
  consentAt: string;
  /** Absent only in version-1 histories of follow-ups, which did not say which consent they rested on. */
  consent?: ConsentOnRecord | null;
  /** R15: the link in the e-mails points at the system (`/join/{token}`). */
  meetingUrl: string;
  joinToken: string;
  /** Where the system sends the seeker on to: the meeting app's room. */
  roomUrl: string;
}

export interface ReservationCancelledV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  slot: string | null;
  by: string;
  channel: 'web' | 'phone' | 'email';
  /** In clear only in histories written before R54 sealing (and in memory once opened); see `personal`. */
  reason?: string;
  note?: string;
  /** Sealed free text about the seeker (R54): see `SealedPersonalText`. */
  personal?: SealedPersonalText;
  cancelledAt: string;
}

export interface ReservationLapsedV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  lapsedAt: string;
}

export interface ReservationRejectedV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  /** In clear only in histories written before R54 sealing (and in memory once opened); see `personal`. */
  reason?: string;
  /** Sealed free text about the seeker (R54): see `SealedPersonalText`. */
  personal?: SealedPersonalText;
  by: string;
  rejectedAt: string;
}

export interface AnswerOverdueV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  answerDueBy: string;
  flaggedAt: string;
}

export interface ReminderDueV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  slot: string;
  meetingUrl: string;
  at: string;
}

/** R18: not joined, not checked in, not cancelled 10 minutes after the start. */
export interface SessionNoShowV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  /** Pseudonymous seeker id (eligibility's), never the name or number (R54). */
  seekerId: string;
  slot: string;
  recordedAt: string;
}

/** R21: a counsellor ended the session for threats, abuse or non-job use. */
export interface SessionTerminatedV1 {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`), unique in its office; absent in older histories. */
  number?: string;
  seekerId: string;
  slot: string;
  /** In clear only in histories written before R54 sealing (and in memory once opened); see `personal`. */
  reason?: string;
  /** Sealed free text about the seeker (R54): see `SealedPersonalText`. */
  personal?: SealedPersonalText;
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
  ReservationNumberClaimed: 'ReservationNumberClaimed',
  ReservationOffered: 'ReservationOffered',
  ReservationRejected: 'ReservationRejected',
  ConsentReceived: 'ConsentReceived',
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
  OfficeRegistered: 'OfficeRegistered',
  OfficeSettingsChanged: 'OfficeSettingsChanged',
} as const;
export * from './api';
export * from './errors';
export * from './offices';
