// Scheduling's request-reply API, typed: per pattern, what is asked and what is answered.
// Callers use `requestTyped(rpc, SchedulingApi.offer, ...)`, scheduling's handlers
// `@RpcHandler(SchedulingApi.offer)`; the compiler checks both against these types.
import { rpcContract, type NoRequest, type ServiceHealth } from '@soudan/rpc-contract';
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
  SetOfficeRequest,
  SetOfficeResult,
} from './offices';
import { SchedulingPatterns } from './patterns';

/** Who acts: the gateway passes the signed-in principal along (`seeker:<id>`, `staff:<name>`); a seeker sees only their own. */
export interface Caller {
  actor: string;
  seekerId?: string;
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
  meetingUrl: string;
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
}

/** R4: a weekday's capacity or one date's override. */
export interface SetCapacityRequest {
  actor: string;
  weekday?: number;
  date?: string;
  slots: Record<string, number>;
}

export interface SetCapacityResult {
  scope: { date: string } | { weekday: number };
  slots: Record<string, number>;
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

export const SchedulingApi = {
  requestReservation: rpcContract<RequestReservationPayload & { actor?: string }, RequestReservationResult>(
    SchedulingPatterns.requestReservation,
  ),
  getReservation: rpcContract<ReservationRef, SeekerReservationView>(SchedulingPatterns.getReservation),
  listMyReservations: rpcContract<Caller, SeekerReservationView[]>(SchedulingPatterns.listMyReservations),
  consent: rpcContract<
    ReservationRef & { slot: string; termsVersion: string; channel?: 'web' | 'email' },
    { status: ReservationStatus; reservation: ReservationView }
  >(SchedulingPatterns.consent),
  offerForReply: rpcContract<{ reservationId: string }, OfferForReply>(SchedulingPatterns.offerForReply),
  /** R15: JOIN_NOT_OPEN before 15 minutes ahead, JOIN_CLOSED after the end, NOT_BOOKED when not booked. */
  joinBySeeker: rpcContract<
    ReservationRef & { device?: Record<string, string> },
    { roomUrl: string; reservationId: string }
  >(SchedulingPatterns.joinBySeeker),
  bookedSession: rpcContract<ReservationRef, BookedSession>(SchedulingPatterns.bookedSession),
  cancelBySeeker: rpcContract<ReservationRef & { reason?: string }, ReservationView>(SchedulingPatterns.cancelBySeeker),
  offer: rpcContract<ReservationRef & { slots: string[] }, ReservationView>(SchedulingPatterns.offer),
  reject: rpcContract<ReservationRef & { reason: string }, ReservationView>(SchedulingPatterns.reject),
  checkIn: rpcContract<ReservationRef, ReservationView>(SchedulingPatterns.checkIn),
  complete: rpcContract<ReservationRef, ReservationView>(SchedulingPatterns.complete),
  terminate: rpcContract<ReservationRef & { reason: string }, ReservationView>(SchedulingPatterns.terminate),
  cancelByStaff: rpcContract<ReservationRef & { channel: 'phone' | 'email'; note?: string }, ReservationView>(
    SchedulingPatterns.cancelByStaff,
  ),
  followUp: rpcContract<ReservationRef & { slot: string; overrideReason?: string }, ReservationView>(
    SchedulingPatterns.followUp,
  ),
  listStaffReservations: rpcContract<{ status?: string; date?: string; number?: string }, StaffReservationView[]>(
    SchedulingPatterns.listStaffReservations,
  ),
  schedule: rpcContract<{ date: string }, ScheduleEntry[]>(SchedulingPatterns.schedule),
  alerts: rpcContract<NoRequest, OverdueAlert[]>(SchedulingPatterns.alerts),
  openReservations: rpcContract<NoRequest, OpenReservation[]>(SchedulingPatterns.openReservations),
  availability: rpcContract<{ from: string; to: string }, Availability>(SchedulingPatterns.availability),
  setCapacity: rpcContract<SetCapacityRequest, SetCapacityResult>(SchedulingPatterns.setCapacity),
  publishTerms: rpcContract<PublishTermsRequest, { version: string; effectiveFrom: string }>(
    SchedulingPatterns.publishTerms,
  ),
  currentTerms: rpcContract<NoRequest, TermsView>(SchedulingPatterns.currentTerms),
  listOffices: rpcContract<NoRequest, OfficeView[]>(SchedulingPatterns.listOffices),
  getOffice: rpcContract<{ code: string }, OfficeView>(SchedulingPatterns.getOffice),
  setOffice: rpcContract<SetOfficeRequest, SetOfficeResult>(SchedulingPatterns.setOffice),
  importOffices: rpcContract<ImportOfficesRequest, ImportOfficesResult>(SchedulingPatterns.importOffices),
  /** R52, R54: whose meeting link a token is, so the gateway seals the join's device data with that seeker's key. */
  joinSeeker: rpcContract<{ token: string }, { seekerId: string }>(SchedulingPatterns.joinSeeker),
  /**
   * R15, R50: records the join with the device data (pseudonyms shown, raw values sealed).
   * With `peek` it only says where the link stands (`open` inside the window) and records
   * nothing: what a GET of the link answers, since mail scanners fetch links too.
   */
  join: rpcContract<{ token: string; device?: Record<string, string>; peek?: boolean }, JoinAnswer>(
    SchedulingPatterns.join,
  ),
  health: rpcContract<NoRequest, ServiceHealth>(SchedulingPatterns.health),
} as const;
