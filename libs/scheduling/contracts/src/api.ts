// Scheduling's request-reply API, typed: per pattern, what is asked and what is answered.
// Callers use `requestTyped(rpc, SchedulingApi.offer, ...)`, scheduling's handlers
// `@RpcHandler(SchedulingApi.offer)`; the compiler checks both against these types.
import {
  actsForNoOne,
  rpcContract,
  seekerActs,
  staffActs,
  staffAsks,
  type NoRequest,
  type ServiceHealth,
} from '@soudan/rpc-contract';
import type {
  OfferForReply,
  RequestReservationPayload,
  RequestReservationResult,
  ReservationStatus,
  ReservationView,
  SeekerReservationView,
  Availability,
  StaffReservationView,
} from './index';
import type {
  ImportOfficesRequest,
  ImportOfficesResult,
  OfficeView,
  SetOfficeCalendarRequest,
  SetOfficeRequest,
  SetOfficeResult,
} from './offices';
import type { OfficeSettings } from '@soudan/offices';
import { SchedulingPatterns } from './patterns';

/** Who acts: the gateway passes the signed-in principal along (`seeker:<id>`, `staff:<name>`); a seeker sees only their own. */
export interface Caller {
  actor: string;
  seekerId?: string;
  /**
   * R72: the offices a member of staff works for ('*': every office). A reservation of
   * another office is RESERVATION_NOT_FOUND to them; lists show only their offices.
   */
  offices?: string[];
}

/** R72: a staff query narrowed to the asker's offices. */
export interface OfficeScoped {
  offices?: string[];
}

export interface ReservationRef extends Caller {
  reservationId: string;
}

export interface ScheduleEntry {
  id: string;
  number?: string;
  seekerId: string;
  slot: string;
  end: string;
  status: ReservationStatus;
  /** The seeker's join link (`/join/{token}`), as the e-mails carry it. */
  meetingUrl: string;
  /** The room itself, for the counsellor: the join link is the seeker's and checks the seeker's time window. */
  roomUrl: string;
  topic: string;
  mayNeedCounter: boolean;
  attendee: { kind: 'interpreter' | 'caregiver'; note?: string } | null;
}

export interface OverdueAlert {
  kind: 'overdue_request';
  reservationId: string;
  seekerId: string;
  answerDueBy: string;
  requestedAt: string;
}

export interface OpenReservation {
  reservationId: string;
  seekerId: string;
  status: ReservationStatus;
  slot: string | null;
  /** R73: the reservation's office (a notice of an office's new terms goes to its seekers only). */
  officeCode?: string;
}

/** R30-R32: the terms in force and the announced changes (answer of `scheduling.terms.current`). */
export interface TermsView {
  version: string;
  effectiveFrom: string;
  /** The terms as published (the same as `text`). */
  body: string;
  /** R30: the terms as plain text (title, preamble, articles, date). */
  text: string;
  /** The title line of the text (`オンライン職業相談等利用規約`). */
  title: string;
  /** What precedes the first article. */
  preamble: string;
  /** The articles in order; empty when a published text has no `第N条（見出し）` lines. */
  articles: Array<{ number: number; title: string; body: string }>;
  /** R32 (Art. 4): the meeting app whose own terms the seeker also accepts. */
  meetingApp: { name: string; termsUrl: string };
  changeSummary: string;
  /** R31: versions announced but not yet in force. */
  upcoming: Array<{ version: string; effectiveFrom: string; changeSummary: string }>;
}

export interface PublishTermsRequest {
  actor: string;
  version: string;
  effectiveFrom: string;
  body: string;
  changeSummary: string;
  /** R73: the office whose terms these are; the configured office when absent. */
  officeCode?: string;
}

/** R4: a weekday's capacity or one date's override. */
export interface SetCapacityRequest {
  actor: string;
  /** R70: the office whose capacity this sets; the configured office when absent. */
  officeCode?: string;
  weekday?: number;
  date?: string;
  slots: Record<string, number>;
}

export interface SetCapacityResult {
  scope: { date: string } | { weekday: number };
  slots: Record<string, number>;
}

/**
 * R4: the capacity an office has set (answer of `scheduling.staff.capacity.get`). A slot
 * takes its date's count, else its weekday's, else `defaultCapacity`.
 */
export interface CapacityView {
  office: string;
  /** The count of a slot that nothing sets (the office's setting, 1 unless registered otherwise). */
  defaultCapacity: number;
  /** The office's slot start times (HH:mm, Japan time), the keys a count may have. */
  slotTimes: string[];
  /** By ISO weekday ("1" = Monday … "5" = Friday): the counts set, by slot start time. */
  weekdays: Record<string, Record<string, number>>;
  /** By date (YYYY-MM-DD), from today (Japan time) on: the overrides set, by slot start time. */
  dates: Record<string, Record<string, number>>;
}

/** Answer of `scheduling.terms.current`. */
export type CurrentTerms = TermsView;

/** R15: what the meeting link of the e-mails leads to. */
export type JoinAnswer =
  | { outcome: 'joined'; roomUrl: string; reservationId: string }
  /** Answered to a look (`peek`) within the window: nothing was recorded. */
  | { outcome: 'open'; slot: string; closesAt: string }
  | { outcome: 'not_open'; opensAt: string; slot: string }
  | { outcome: 'closed'; closedAt: string; slot: string; cancelled?: boolean };

/** R60: a booked session as its calendar entry shows it. */
export interface BookedSession {
  reservationId: string;
  number?: string;
  slot: string;
  end: string;
  /** The join link of the e-mails (`/join/{token}`). */
  meetingUrl: string;
  /** When the consent the booking rests on was given (the calendar entry's DTSTAMP). */
  consentAt: string;
}

/** R71: an office as its seekers' pages show it. */
export interface PublicOffice {
  code: string;
  name: string;
  phone: string;
  hours: { open: string; close: string; slotMinutes: number };
}

export const SchedulingApi = {
  requestReservation: rpcContract<RequestReservationPayload & { actor?: string }, RequestReservationResult>(
    SchedulingPatterns.requestReservation,
    { acts: 'person', kinds: ['seeker'], fields: { actor: 'actor', jobSeekerNumber: 'jobSeekerNumber' } },
  ),
  getReservation: rpcContract<ReservationRef, SeekerReservationView>(SchedulingPatterns.getReservation, seekerActs),
  listMyReservations: rpcContract<Caller, SeekerReservationView[]>(SchedulingPatterns.listMyReservations, seekerActs),
  consent: rpcContract<
    ReservationRef & { slot: string; termsVersion: string; channel?: 'web' | 'email' },
    { status: ReservationStatus; reservation: ReservationView }
  >(SchedulingPatterns.consent, { ...seekerActs, unsignedWhen: (request) => request.channel === 'email' }),
  offerForReply: rpcContract<{ reservationId: string }, OfferForReply>(
    SchedulingPatterns.offerForReply,
    actsForNoOne('notification, reading an e-mail reply'),
  ),
  /** R15: JOIN_NOT_OPEN before 15 minutes ahead, JOIN_CLOSED after the end, NOT_BOOKED when not booked. */
  joinBySeeker: rpcContract<
    ReservationRef & { device?: Record<string, string> },
    { roomUrl: string; reservationId: string }
  >(SchedulingPatterns.joinBySeeker, seekerActs),
  bookedSession: rpcContract<ReservationRef, BookedSession>(SchedulingPatterns.bookedSession, seekerActs),
  cancelBySeeker: rpcContract<ReservationRef & { reason?: string }, ReservationView>(
    SchedulingPatterns.cancelBySeeker,
    seekerActs,
  ),
  offer: rpcContract<ReservationRef & { slots: string[] }, ReservationView>(SchedulingPatterns.offer, staffActs),
  reject: rpcContract<ReservationRef & { reason: string }, ReservationView>(SchedulingPatterns.reject, staffActs),
  checkIn: rpcContract<ReservationRef, ReservationView>(SchedulingPatterns.checkIn, staffActs),
  complete: rpcContract<ReservationRef, ReservationView>(SchedulingPatterns.complete, staffActs),
  terminate: rpcContract<ReservationRef & { reason: string }, ReservationView>(SchedulingPatterns.terminate, staffActs),
  cancelByStaff: rpcContract<ReservationRef & { channel: 'phone' | 'email'; note?: string }, ReservationView>(
    SchedulingPatterns.cancelByStaff,
    staffActs,
  ),
  followUp: rpcContract<ReservationRef & { slot: string; overrideReason?: string }, ReservationView>(
    SchedulingPatterns.followUp,
    staffActs,
  ),
  listStaffReservations: rpcContract<
    { status?: string; date?: string; number?: string } & OfficeScoped,
    StaffReservationView[]
  >(SchedulingPatterns.listStaffReservations, staffAsks),
  schedule: rpcContract<{ date: string } & OfficeScoped, ScheduleEntry[]>(SchedulingPatterns.schedule, staffAsks),
  alerts: rpcContract<OfficeScoped, OverdueAlert[]>(SchedulingPatterns.alerts, staffAsks),
  openReservations: rpcContract<NoRequest, OpenReservation[]>(
    SchedulingPatterns.openReservations,
    actsForNoOne('eligibility and notification'),
  ),
  /** R71: one office's availability; the configured office's when `officeCode` is absent. */
  availability: rpcContract<{ from: string; to: string; officeCode?: string }, Availability>(
    SchedulingPatterns.availability,
    actsForNoOne('anyone: the free places of the office'),
  ),
  setCapacity: rpcContract<SetCapacityRequest, SetCapacityResult>(SchedulingPatterns.setCapacity, staffActs),
  /** R4: an office's capacity settings; the configured office's when `officeCode` is absent. */
  getCapacity: rpcContract<{ officeCode?: string }, CapacityView>(SchedulingPatterns.getCapacity, staffAsks),
  publishTerms: rpcContract<PublishTermsRequest, { version: string; effectiveFrom: string }>(
    SchedulingPatterns.publishTerms,
    staffActs,
  ),
  /** R73: an office's terms in force; the configured office's when `officeCode` is absent. */
  currentTerms: rpcContract<{ officeCode?: string }, TermsView>(
    SchedulingPatterns.currentTerms,
    actsForNoOne('anyone, and notification for its mails'),
  ),
  listOffices: rpcContract<NoRequest, OfficeView[]>(SchedulingPatterns.listOffices, staffAsks),
  getOffice: rpcContract<{ code: string }, OfficeView>(SchedulingPatterns.getOffice, staffAsks),
  /**
   * R71: the whole settings of the office a mail speaks for: the office of `reservationId`,
   * or the office `code` (a sign-in link's, from the number). RESERVATION_NOT_FOUND or
   * OFFICE_NOT_FOUND otherwise.
   */
  officeForMail: rpcContract<{ reservationId?: string; code?: string }, OfficeSettings>(
    SchedulingPatterns.officeForMail,
    actsForNoOne('notification: the office a mail speaks for'),
  ),
  /** R71: OFFICE_NOT_FOUND for an office not registered. */
  publicOffice: rpcContract<{ code: string }, PublicOffice>(
    SchedulingPatterns.publicOffice,
    actsForNoOne("anyone: an office's name, phone and hours"),
  ),
  setOffice: rpcContract<SetOfficeRequest, SetOfficeResult>(SchedulingPatterns.setOffice, staffActs),
  /** R70: OFFICE_NOT_FOUND for an office not registered; OFFICE_SETTINGS_INVALID naming the bad setting. */
  setOfficeCalendar: rpcContract<SetOfficeCalendarRequest, SetOfficeResult>(
    SchedulingPatterns.setOfficeCalendar,
    staffActs,
  ),
  importOffices: rpcContract<ImportOfficesRequest, ImportOfficesResult>(SchedulingPatterns.importOffices, staffActs),
  /** R52, R54: whose meeting link a token is, so the gateway seals the join's device data with that seeker's key. */
  joinSeeker: rpcContract<{ token: string }, { seekerId: string }>(
    SchedulingPatterns.joinSeeker,
    actsForNoOne("the gateway, to choose the key of a join link's device data"),
  ),
  /**
   * R15, R50: records the join with the device data (pseudonyms shown, raw values sealed).
   * With `peek` it only says where the link stands (`open` inside the window) and records
   * nothing: what a GET of the link answers, since mail scanners fetch links too.
   */
  join: rpcContract<{ token: string; device?: Record<string, string>; peek?: boolean }, JoinAnswer>(
    SchedulingPatterns.join,
    { acts: 'person' },
  ),
  health: rpcContract<NoRequest, ServiceHealth>(SchedulingPatterns.health, actsForNoOne('probes and the gateway')),
} as const;
