// Reservation aggregate: events, state and evolve (emmett's shape). Pure.
import type {
  AnswerOverdueV1,
  Attendee,
  OfferedSlot,
  ReminderDueV1,
  ReservationCancelledV1,
  ReservationConfirmedV1,
  ReservationLapsedV1,
  ReservationOfferedV1,
  ReservationRejectedV1,
  ReservationRequestedV1,
  ReservationStatus,
  SessionNoShowV1,
  SessionTerminatedV1,
} from '@soudan/scheduling-contracts';

export type ReservationEvent =
  | { type: 'ReservationRequested'; data: ReservationRequestedV1 }
  | { type: 'FollowUpReservationCreated'; data: FollowUpReservationCreatedV1 }
  | { type: 'ReservationOffered'; data: ReservationOfferedV1 }
  | { type: 'ReservationRejected'; data: ReservationRejectedV1 }
  | { type: 'ReservationConfirmed'; data: ReservationConfirmedV1 }
  | { type: 'ReservationLapsed'; data: ReservationLapsedV1 }
  | { type: 'ReservationCancelled'; data: ReservationCancelledV1 }
  | { type: 'AnswerOverdue'; data: AnswerOverdueV1 }
  | { type: 'ReminderDue'; data: ReminderDueV1 }
  | { type: 'ReservationInvited'; data: { reservationId: string; seekerId: string; invitedAt: string } }
  | { type: 'SeekerJoined'; data: { reservationId: string; seekerId: string; joinedAt: string; device?: Record<string, string> } }
  | { type: 'SessionCheckedIn'; data: { reservationId: string; seekerId: string; by: string; checkedInAt: string } }
  | { type: 'SessionCompleted'; data: { reservationId: string; seekerId: string; by: string; completedAt: string; overrunMinutes: number } }
  | { type: 'SessionTerminated'; data: SessionTerminatedV1 }
  | { type: 'SessionNoShow'; data: SessionNoShowV1 }
  | { type: 'FollowUpBooked'; data: { reservationId: string; seekerId: string; followUpId: string; slot: string; by: string; overrideReason?: string; bookedAt: string } };

/** R16: a follow-up is booked during a session and confirmed at once. */
export interface FollowUpReservationCreatedV1 {
  reservationId: string;
  previousReservationId: string;
  officeCode: string;
  seekerId: string;
  topic: string;
  slot: string;
  overrideReason?: string;
  by: string;
  createdAt: string;
}

export interface Reservation {
  status: ReservationStatus;
  reservationId: string;
  seekerId: string;
  officeCode: string;
  desiredSlots: string[];
  topic: string;
  mayNeedCounter: boolean;
  attendee?: Attendee;
  language: 'ja' | 'en';
  idempotencyKey?: string;
  requestFingerprint: string;
  requestedAt: string;
  answerDueBy?: string;
  overdue: boolean;
  offered: OfferedSlot[];
  termsVersion?: string;
  slot?: string;
  end?: string;
  meetingUrl?: string;
  joinToken?: string;
  roomUrl?: string;
  joined: boolean;
  checkedIn: boolean;
  reminded: boolean;
  followUpOf?: string;
  history: Array<{ type: string; at: string }>;
}

export type ReservationState = { status: 'none' } | Reservation;

export const initialState = (): ReservationState => ({ status: 'none' });

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

/** What makes two requests "the same request" for an idempotent retry. */
export function requestFingerprint(data: unknown): string {
  return JSON.stringify(stable(data));
}

/** The request as the seeker made it, without what the system stamped on it. */
export function requestedContent(data: ReservationRequestedV1): unknown {
  const { reservationId: _id, requestedAt: _at, answerDueBy: _due, ...asked } = data;
  return asked;
}

const eventTime = (event: ReservationEvent): string => {
  const d = event.data as unknown as Record<string, unknown>;
  for (const key of ['requestedAt', 'createdAt', 'offeredAt', 'rejectedAt', 'consentAt', 'lapsedAt', 'cancelledAt', 'flaggedAt', 'invitedAt', 'at', 'joinedAt', 'checkedInAt', 'completedAt', 'terminatedAt', 'recordedAt', 'bookedAt']) {
    if (typeof d[key] === 'string') return d[key] as string;
  }
  return '';
};

export function evolve(state: ReservationState, event: ReservationEvent): ReservationState {
  const at = eventTime(event);
  if (event.type === 'ReservationRequested') {
    const d = event.data;
    return {
      status: 'requested',
      reservationId: d.reservationId,
      seekerId: d.seekerId,
      officeCode: d.officeCode,
      desiredSlots: d.desiredSlots,
      topic: d.topic,
      mayNeedCounter: d.mayNeedCounter,
      attendee: d.attendee,
      language: d.language,
      idempotencyKey: d.idempotencyKey,
      requestFingerprint: requestFingerprint(requestedContent(d)),
      requestedAt: d.requestedAt,
      answerDueBy: d.answerDueBy,
      overdue: false,
      offered: [],
      joined: false,
      checkedIn: false,
      reminded: false,
      history: [{ type: event.type, at }],
    };
  }
  if (event.type === 'FollowUpReservationCreated') {
    const d = event.data;
    return {
      status: 'requested',
      reservationId: d.reservationId,
      seekerId: d.seekerId,
      officeCode: d.officeCode,
      desiredSlots: [d.slot],
      topic: d.topic,
      mayNeedCounter: false,
      language: 'ja',
      requestFingerprint: '',
      requestedAt: d.createdAt,
      overdue: false,
      offered: [],
      joined: false,
      checkedIn: false,
      reminded: false,
      followUpOf: d.previousReservationId,
      history: [{ type: event.type, at }],
    };
  }
  if (state.status === 'none') return state;
  const next: Reservation = { ...state, history: [...state.history, { type: event.type, at }] };
  switch (event.type) {
    case 'ReservationOffered':
      return { ...next, status: 'offered', offered: event.data.slots, termsVersion: event.data.termsVersion };
    case 'ReservationRejected':
      return { ...next, status: 'rejected' };
    case 'ReservationConfirmed': {
      const d = event.data;
      return { ...next, status: 'confirmed', slot: d.slot, end: d.end, termsVersion: d.termsVersion, meetingUrl: d.meetingUrl, joinToken: d.joinToken, roomUrl: d.roomUrl };
    }
    case 'ReservationLapsed':
      return { ...next, status: 'lapsed' };
    case 'ReservationCancelled':
      return { ...next, status: 'cancelled' };
    case 'AnswerOverdue':
      return { ...next, overdue: true };
    case 'ReminderDue':
      return { ...next, reminded: true };
    case 'ReservationInvited':
      return { ...next, status: 'invited' };
    case 'SeekerJoined':
      return { ...next, status: 'in_session', joined: true };
    case 'SessionCheckedIn':
      return { ...next, status: 'in_session', checkedIn: true };
    case 'SessionCompleted':
      return { ...next, status: 'completed' };
    case 'SessionTerminated':
      return { ...next, status: 'terminated' };
    case 'SessionNoShow':
      return { ...next, status: 'no_show' };
    case 'FollowUpBooked':
      return next;
  }
}
