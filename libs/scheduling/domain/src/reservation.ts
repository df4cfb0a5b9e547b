// Reservation aggregate: events, state and evolve (emmett's shape). Pure.
// The state is a union by status, so that a confirmed reservation has a slot in the
// type and not only in practice.
import { createHash } from 'node:crypto';
import type { SeekerLanguage } from '@soudan/eligibility-contracts';
import type {
  AnswerOverdueV1,
  Attendee,
  ConsentOnRecord,
  ConsentReceivedV1,
  OfferedSlot,
  ReminderDueV1,
  ReservationCancelledV1,
  ReservationConfirmedV1,
  ReservationLapsedV1,
  ReservationOfferedV1,
  ReservationRejectedV1,
  ReservationRequestedV1,
  SessionNoShowV1,
  SessionTerminatedV1,
} from '@soudan/scheduling-contracts';

export type ReservationEvent =
  | { type: 'ReservationRequested'; data: ReservationRequestedV1 }
  | { type: 'FollowUpReservationCreated'; data: FollowUpReservationCreatedV1 }
  | { type: 'ReservationOffered'; data: ReservationOfferedV1 }
  | { type: 'ReservationRejected'; data: ReservationRejectedV1 }
  | { type: 'ConsentReceived'; data: ConsentReceivedV1 }
  | { type: 'ReservationConfirmed'; data: ReservationConfirmedV1 }
  | { type: 'ReservationLapsed'; data: ReservationLapsedV1 }
  | { type: 'ReservationCancelled'; data: ReservationCancelledV1 }
  | { type: 'AnswerOverdue'; data: AnswerOverdueV1 }
  | { type: 'ReminderDue'; data: ReminderDueV1 }
  | { type: 'ReservationInvited'; data: { reservationId: string; seekerId: string; invitedAt: string } }
  | {
      type: 'SeekerJoined';
      data: { reservationId: string; seekerId: string; joinedAt: string; device?: Record<string, string> };
    }
  | { type: 'SessionCheckedIn'; data: { reservationId: string; seekerId: string; by: string; checkedInAt: string } }
  | {
      type: 'SessionCompleted';
      data: { reservationId: string; seekerId: string; by: string; completedAt: string; overrunMinutes: number };
    }
  | { type: 'SessionTerminated'; data: SessionTerminatedV1 }
  | { type: 'SessionNoShow'; data: SessionNoShowV1 }
  | { type: 'FollowUpBooked'; data: FollowUpBookedV1 };

/** R16: a follow-up is booked during a session and confirmed at once. */
export interface FollowUpReservationCreatedV1 {
  reservationId: string;
  number?: string;
  previousReservationId: string;
  officeCode: string;
  seekerId: string;
  /** In clear only in memory and in older histories; stored sealed in `personal` (R54). */
  topic?: string;
  personal?: string;
  slot: string;
  overrideReason?: string;
  by: string;
  createdAt: string;
}

export interface FollowUpBookedV1 {
  reservationId: string;
  seekerId: string;
  followUpId: string;
  slot: string;
  by: string;
  /** Sealed in `personal` (R54). */
  overrideReason?: string;
  personal?: string;
  bookedAt: string;
}

/** What every reservation has, whatever its status. */
interface ReservationBase {
  reservationId: string;
  /** What people read and say (R17 by phone); absent in histories older than numbers. */
  number?: string;
  seekerId: string;
  officeCode: string;
  desiredSlots: string[];
  /** '' where the text is sealed and not opened (read models) or its key destroyed (R54). */
  topic: string;
  /** The sealed text as stored, for read models to open when they show it (R54). */
  personal?: string;
  mayNeedCounter: boolean;
  attendee?: { kind: Attendee['kind']; note?: string };
  language: SeekerLanguage;
  idempotencyKey?: string;
  requestFingerprint: string;
  requestedAt: string;
  answerDueBy?: string;
  overdue: boolean;
  /** The slots of the offer, empty before one. */
  offered: OfferedSlot[];
  termsVersion?: string;
  followUpOf?: string;
  reminded: boolean;
  /** Every event in order; `channel` where the event names one (consent, confirmation, cancellation). */
  history: HistoryEntry[];
}

export interface HistoryEntry {
  type: string;
  at: string;
  channel?: 'web' | 'email' | 'phone' | 'follow-up';
}

/** A booked session: what the confirmation fixed. */
export interface Booking {
  slot: string;
  end: string;
  termsVersion: string;
  meetingUrl: string;
  joinToken: string;
  roomUrl: string;
  /** The consent it rests on (null only in old follow-up histories that did not say). */
  consent: ConsentOnRecord | null;
}

export type Requested = ReservationBase & { status: 'requested' };
export type Offered = ReservationBase & { status: 'offered'; termsVersion: string };
export const BOOKED_STATUSES = ['confirmed', 'invited', 'in_session', 'completed', 'no_show', 'terminated'] as const;
export type BookedStatus = (typeof BOOKED_STATUSES)[number];
export type Booked = ReservationBase &
  Booking & { status: BookedStatus; joined: boolean; checkedIn: boolean; consent: ConsentOnRecord | null };
/** Ended before or instead of a session; a cancelled booking keeps what it was. */
export type Closed = ReservationBase & { status: 'cancelled' | 'lapsed' | 'rejected' } & Partial<Booking>;

export type Reservation = Requested | Offered | Booked | Closed;
export type ReservationState = { status: 'none' } | Reservation;
export type ReservationStatusOf<S extends Reservation['status']> = Reservation & { status: S };

export const initialState = (): ReservationState => ({ status: 'none' });

export const isBooked = (r: ReservationState): r is Booked => (BOOKED_STATUSES as readonly string[]).includes(r.status);

const stable = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
      )
    : Array.isArray(value)
      ? value.map(stable)
      : value;

/** The request as canonical JSON: keys sorted at every depth, arrays in their order. */
export function canonicalRequest(data: unknown): string {
  return JSON.stringify(stable(data));
}

/**
 * What makes two requests "the same request" for an idempotent retry: the SHA-256 of
 * the canonical JSON (base64url, 43 characters). Every reservation of a read model
 * holds one, so the digest, not the request's text (about 500 characters), is what it
 * keeps: a national model holds hundreds of thousands.
 */
export function requestFingerprint(data: unknown): string {
  return createHash('sha256').update(canonicalRequest(data)).digest('base64url');
}

/** The request as the seeker made it, without what the system stamped on it. */
export function requestedContent(data: ReservationRequestedV1): unknown {
  // What the system added (id, number, times) and the sealed copy of the words (they are compared in clear).
  const { reservationId: _id, number: _no, personal: _sealed, requestedAt: _at, answerDueBy: _due, ...asked } = data;
  return asked;
}

const TIME_KEYS = [
  'requestedAt',
  'createdAt',
  'offeredAt',
  'rejectedAt',
  'consentAt',
  'lapsedAt',
  'cancelledAt',
  'flaggedAt',
  'invitedAt',
  'at',
  'joinedAt',
  'checkedInAt',
  'completedAt',
  'terminatedAt',
  'recordedAt',
  'bookedAt',
];

const eventTime = (event: ReservationEvent): string => {
  const d = event.data as unknown as Record<string, unknown>;
  for (const key of TIME_KEYS) if (typeof d[key] === 'string') return d[key] as string;
  return '';
};

function started(event: ReservationEvent): ReservationState {
  const at = eventTime(event);
  if (event.type === 'ReservationRequested') {
    const d = event.data;
    return {
      status: 'requested',
      reservationId: d.reservationId,
      ...(d.number ? { number: d.number } : {}),
      seekerId: d.seekerId,
      officeCode: d.officeCode,
      desiredSlots: d.desiredSlots,
      topic: d.topic ?? '',
      ...(d.personal ? { personal: d.personal } : {}),
      mayNeedCounter: d.mayNeedCounter,
      ...(d.attendee ? { attendee: d.attendee } : {}),
      language: d.language,
      ...(d.idempotencyKey ? { idempotencyKey: d.idempotencyKey } : {}),
      requestFingerprint: requestFingerprint(requestedContent(d)),
      requestedAt: d.requestedAt,
      answerDueBy: d.answerDueBy,
      overdue: false,
      offered: [],
      reminded: false,
      history: [{ type: event.type, at }],
    };
  }
  if (event.type === 'FollowUpReservationCreated') {
    const d = event.data;
    return {
      status: 'requested',
      reservationId: d.reservationId,
      ...(d.number ? { number: d.number } : {}),
      seekerId: d.seekerId,
      officeCode: d.officeCode,
      desiredSlots: [d.slot],
      topic: d.topic ?? '',
      ...(d.personal ? { personal: d.personal } : {}),
      mayNeedCounter: false,
      language: 'ja',
      requestFingerprint: '',
      requestedAt: d.createdAt,
      overdue: false,
      offered: [],
      reminded: false,
      followUpOf: d.previousReservationId,
      history: [{ type: event.type, at }],
    };
  }
  return { status: 'none' };
}

export function evolve(state: ReservationState, event: ReservationEvent): ReservationState {
  if (state.status === 'none') return started(event);
  const channel = (event.data as { channel?: HistoryEntry['channel'] }).channel;
  const history: HistoryEntry[] = [
    ...state.history,
    { type: event.type, at: eventTime(event), ...(channel ? { channel } : {}) },
  ];
  switch (event.type) {
    case 'ReservationRequested':
    case 'FollowUpReservationCreated':
      return state;
    case 'ReservationOffered':
      return { ...state, history, status: 'offered', offered: event.data.slots, termsVersion: event.data.termsVersion };
    case 'ReservationRejected':
      return { ...state, history, status: 'rejected' };
    case 'ConsentReceived':
      // The confirmation follows in the same append; the consent alone changes no status.
      return { ...state, history };
    case 'ReservationConfirmed': {
      const d = event.data;
      return {
        ...state,
        history,
        status: 'confirmed',
        slot: d.slot,
        end: d.end,
        termsVersion: d.termsVersion,
        meetingUrl: d.meetingUrl,
        joinToken: d.joinToken,
        roomUrl: d.roomUrl,
        consent: d.consent ?? null,
        joined: false,
        checkedIn: false,
      };
    }
    case 'ReservationLapsed':
      return { ...state, history, status: 'lapsed' };
    case 'ReservationCancelled':
      return { ...state, history, status: 'cancelled' };
    case 'AnswerOverdue':
      return { ...state, history, overdue: true };
    case 'ReminderDue':
      return { ...state, history, reminded: true };
    case 'FollowUpBooked':
      return { ...state, history };
  }
  if (!isBooked(state)) return { ...state, history };
  switch (event.type) {
    case 'ReservationInvited':
      return { ...state, history, status: 'invited' };
    case 'SeekerJoined':
      return { ...state, history, status: 'in_session', joined: true };
    case 'SessionCheckedIn':
      return { ...state, history, status: 'in_session', checkedIn: true };
    case 'SessionCompleted':
      return { ...state, history, status: 'completed' };
    case 'SessionTerminated':
      return { ...state, history, status: 'terminated' };
    case 'SessionNoShow':
      return { ...state, history, status: 'no_show' };
  }
}
