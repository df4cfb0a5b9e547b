// Which scheduling event becomes which e-mail to its seeker (R60). TermsChanged is
// not here: it has many recipients (terms-change.mail.ts).
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type {
  AnswerOverdueV1,
  ReminderDueV1,
  ReservationCancelledV1,
  ReservationConfirmedV1,
  ReservationLapsedV1,
  ReservationOfferedV1,
  ReservationRejectedV1,
  ReservationRequestedV1,
  SessionNoShowV1,
} from '@soudan/scheduling-contracts';
import type { MailContext, SeekerMail, TemplateName, TermsSnapshot } from './mail';
import { reservationOffered } from './offer.mail';
import {
  answerOverdue,
  reservationCancelled,
  reservationLapsed,
  reservationRejected,
  sessionNoShow,
} from './outcome.mail';
import { reminder, reservationConfirmed } from './session.mail';
import { requestReceived } from './templates';

export type SeekerEvent =
  | { type: 'ReservationRequested'; data: ReservationRequestedV1 }
  | { type: 'ReservationOffered'; data: ReservationOfferedV1 }
  | { type: 'ReservationConfirmed'; data: ReservationConfirmedV1 }
  | { type: 'ReminderDue'; data: ReminderDueV1 }
  | { type: 'ReservationCancelled'; data: ReservationCancelledV1 }
  | { type: 'ReservationLapsed'; data: ReservationLapsedV1 }
  | { type: 'ReservationRejected'; data: ReservationRejectedV1 }
  | { type: 'AnswerOverdue'; data: AnswerOverdueV1 }
  | { type: 'SessionNoShow'; data: SessionNoShowV1 };

export type SeekerEventType = SeekerEvent['type'];

export const SEEKER_TEMPLATES: Readonly<Record<SeekerEventType, TemplateName>> = {
  ReservationRequested: 'request-received',
  ReservationOffered: 'reservation-offered',
  ReservationConfirmed: 'reservation-confirmed',
  ReminderDue: 'reminder',
  ReservationCancelled: 'reservation-cancelled',
  ReservationLapsed: 'reservation-lapsed',
  ReservationRejected: 'reservation-rejected',
  AnswerOverdue: 'answer-overdue',
  SessionNoShow: 'session-no-show',
};

export const isSeekerEventType = (type: string): type is SeekerEventType =>
  Object.prototype.hasOwnProperty.call(SEEKER_TEMPLATES, type);

/** The mails that speak of the terms: they mention a change announced but not yet in force (R31). */
export const mentionsTerms = (type: SeekerEventType) =>
  type === 'ReservationOffered' || type === 'ReservationConfirmed';

export function seekerMail(
  event: SeekerEvent,
  contact: ContactRecord,
  context: MailContext,
  terms?: TermsSnapshot,
): SeekerMail {
  switch (event.type) {
    case 'ReservationRequested':
      return { template: 'request-received', ...requestReceived(event.data, contact, context.office) };
    case 'ReservationOffered':
      return reservationOffered(event.data, contact, context, terms);
    case 'ReservationConfirmed':
      return reservationConfirmed(event.data, contact, context, terms);
    case 'ReminderDue':
      return reminder(event.data, contact, context);
    case 'ReservationCancelled':
      return reservationCancelled(event.data, contact, context);
    case 'ReservationLapsed':
      return reservationLapsed(event.data, contact, context);
    case 'ReservationRejected':
      return reservationRejected(event.data, contact, context);
    case 'AnswerOverdue':
      return answerOverdue(event.data, contact, context);
    case 'SessionNoShow':
      return sessionNoShow(event.data, contact, context);
    default: {
      const unknown: never = event;
      throw new Error(`no template for ${(unknown as { type: string }).type}`);
    }
  }
}

/**
 * A mail whose moment has passed says something false: a reminder or an invitation
 * for a session that is over, an offer none of whose slots can still be chosen (R6;
 * the lapse mail follows). This happens when events arrive late, after an outage or
 * when a new consumer catches up with old events; such mails are skipped, not sent.
 */
export function isOutdated(event: SeekerEvent, now: string, slotMinutes: number): boolean {
  const at = Date.parse(now);
  switch (event.type) {
    case 'ReservationOffered':
      return event.data.slots.every((s) => Date.parse(s.deadline) < at);
    case 'ReservationConfirmed':
      return Date.parse(event.data.end) < at;
    case 'ReminderDue':
      return Date.parse(event.data.slot) + slotMinutes * 60_000 < at;
    default:
      return false;
  }
}
