import type { ReservationView, SeekerAction, SeekerReservationView } from '@soudan/scheduling-contracts';
import {
  DomainError,
  isBooked,
  isSameDay,
  joinWindow,
  toUtcIso,
  type Reservation,
  type ReservationState,
} from '@soudan/scheduling-domain';

/** The seeker's view of one reservation (api.md). */
export function toView(state: Reservation): ReservationView {
  return {
    id: state.reservationId,
    ...(state.number ? { number: state.number } : {}),
    status: state.status,
    desiredSlots: state.desiredSlots,
    offeredSlots: state.offered.map((s) => s.start),
    slot: 'slot' in state && state.slot ? state.slot : null,
    ...('meetingUrl' in state && state.meetingUrl ? { meetingUrl: state.meetingUrl } : {}),
    ...(state.termsVersion ? { termsVersion: state.termsVersion } : {}),
    topic: state.topic,
    mayNeedCounter: state.mayNeedCounter,
    history: state.history,
  };
}

/** Events a seeker's screen has no use for: the office's own flags. */
const STAFF_ONLY_EVENTS = new Set(['AnswerOverdue']);

/**
 * The seeker's view with what their screen needs now: the timeline, the dates that
 * matter (R6, R7, R15) and the actions the rules allow at `now` (R13, R15, R17).
 */
export function toSeekerView(state: Reservation, now: string, officePhone: string): SeekerReservationView {
  const at = toUtcIso(now);
  const booked = isBooked(state) ? state : null;
  const openOffers = state.status === 'offered' ? state.offered.filter((o) => o.deadline >= at && o.start > at) : [];
  const actions: SeekerAction[] = [];
  if (openOffers.length > 0) actions.push('consent');
  if (['requested', 'offered', 'confirmed', 'invited'].includes(state.status)) {
    // R17: online until the day before; on the JST date of the session by phone only.
    if (booked && isSameDay(booked.slot, at)) {
      if (toUtcIso(booked.end) > at) actions.push('cancelByPhone');
    } else actions.push('cancel');
  }
  const window = booked ? joinWindow(booked.slot, booked.end) : null;
  if (booked && window && ['confirmed', 'invited', 'in_session'].includes(state.status))
    if (window.opens <= at && at <= window.closes) actions.push('join');
  return {
    ...toView(state),
    timeline: state.history.filter((e) => !STAFF_ONLY_EVENTS.has(e.type)),
    offers: state.offered,
    replyBy:
      openOffers.length > 0
        ? openOffers
            .map((o) => o.deadline)
            .sort()
            .at(-1)!
        : null,
    officeAnswersBy: state.status === 'requested' ? (state.answerDueBy ?? null) : null,
    end: booked ? booked.end : null,
    joinOpensAt: window ? window.opens : null,
    actions,
    officePhone,
  };
}

export function existingReservation(state: ReservationState): Reservation {
  if (state.status === 'none') throw new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {});
  return state;
}

export const viewOf = (state: ReservationState): ReservationView => toView(existingReservation(state));

export { isBooked };
