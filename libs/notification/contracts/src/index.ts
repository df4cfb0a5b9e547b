// What other services may ask of notification directly. Mail that follows a domain
// event is driven by the event; mail that must never be in an event (a sign-in link
// carries a secret) is asked for by request-reply.

import type { SeekerLanguage } from '@soudan/eligibility-contracts';

export const NOTIFICATION_CONTEXT = 'notification';

export { NotificationPatterns } from './patterns';

export interface SendSignInLinkRequest {
  email: string;
  name?: string;
  /** R63: the seeker's language. */
  language: SeekerLanguage;
  /** The full link, e.g. https://…/auth/seeker?token=… */
  link: string;
  expiresAt: string;
  /** R71: the seeker's office (the first five digits of their number), whose name and phone the mail gives. */
  officeCode?: string;
}

// ---- events (streams `notification-…`, published like every service's) -----------

/**
 * What notification records of each mail it owes: sent, or skipped with the reason.
 * One stream per source event, or per (source event, seeker) when an event has many
 * recipients; the stream's existence is what makes a redelivery send nothing (R62).
 */
export const NotificationEventTypes = {
  NotificationSent: 'NotificationSent',
  NotificationSkipped: 'NotificationSkipped',
  /** R31: who a terms change is announced to, fixed at the first attempt. */
  RecipientsListed: 'NotificationRecipientsListed',
  /** R62: the mail server refused the mail for good, or kept deferring it until the retries ran out. */
  MailUndeliverable: 'MailUndeliverable',
  /** A supervisor dealt with an alert (undeliverable mail, dead letter); it leaves the alerts. */
  StaffAlertResolved: 'StaffAlertResolved',
  /** R61: an e-mail reply to an offer confirmed the slot it named. */
  InboundReplyConfirmed: 'InboundReplyConfirmed',
  /** R13/R61: a readable reply that scheduling refused (late, slot no longer held, ...); the seeker was told. */
  InboundReplyRefused: 'InboundReplyRefused',
  /** R61: a reply the system could not read; it waits in the staff queue. */
  InboundReplyUnreadable: 'InboundReplyUnreadable',
  /** R61: staff took care of an unreadable reply. */
  InboundReplyResolved: 'InboundReplyResolved',
} as const;

export interface NotificationSentV1 {
  template: string;
  /** Absent on records of the first version of the request-received mail, and for staff mail. */
  seekerId?: string;
  /** R60: `staff` for a mail to the office's staff address; absent for a seeker's mail. */
  recipient?: 'seeker' | 'staff';
  /** The reservation the mail is about (absent for a terms change, which names them all). */
  reservationId?: string;
  reservationIds?: string[];
  sourceEventId: string;
  sentAt: string;
}

export type NotificationSkipReason = 'seeker-erased' | 'seeker-unknown' | 'outdated';

export interface NotificationSkippedV1 {
  template: string;
  seekerId: string;
  reservationIds: string[];
  sourceEventId: string;
  reason: NotificationSkipReason;
  skippedAt: string;
}

export interface NotificationRecipientsListedV1 {
  template: string;
  sourceEventId: string;
  recipients: Array<{ seekerId: string; reservationIds: string[] }>;
  listedAt: string;
}

/**
 * R62: a mail that could not be delivered, in the stream of the mail it was (the stream
 * is then settled: a redelivery sends nothing and raises nothing again). No address:
 * staff reach the seeker through the reservation.
 */
export interface MailUndeliverableV1 {
  template: string;
  /** Who the mail was for: a seeker (then `seekerId`) or the office's staff address (R60). */
  recipient: 'seeker' | 'staff';
  seekerId?: string;
  reservationId?: string;
  reservationIds?: string[];
  sourceEventId: string;
  /** True for a refusal for good (5xx); false for a deferral (4xx) that outlasted the retries. */
  permanent: boolean;
  /** The SMTP reply code, when the server answered. */
  responseCode?: number;
  /** The server's answer (or the mailer's), with every e-mail address taken out. */
  reason: string;
  /** Deliveries of the source event that tried this mail. */
  attempts: number;
  failedAt: string;
}

export type StaffAlertKind = 'undeliverable-mail' | 'dead-letter';

/** In stream `notification-alert-<alertId>`, created once: an alert is resolved once. */
export interface StaffAlertResolvedV1 {
  alertId: string;
  kind: StaffAlertKind;
  /** `staff:<username>`. */
  resolvedBy: string;
  note?: string;
  resolvedAt: string;
}

/** One undeliverable mail of `notification.alerts`. */
export interface UndeliverableMailAlert {
  /** `mail-…`: what `notification.alerts.resolve` takes. */
  id: string;
  template: string;
  recipient: 'seeker' | 'staff';
  seekerId?: string;
  reservationId?: string;
  reservationIds?: string[];
  sourceEventId: string;
  permanent: boolean;
  responseCode?: number;
  reason: string;
  attempts: number;
  failedAt: string;
}

/** A message some consumer gave up on (any service's). No payload: it may hold personal data. */
export interface DeadLetterAlert {
  /** `dl-…`: what `notification.alerts.resolve` takes. */
  id: string;
  /** The consumer that gave up, e.g. `notification`, `eligibility-no-shows`. */
  consumer: string;
  subject: string;
  /** From the subject `events.<context>.<EventType>`, when it has that shape. */
  context?: string;
  eventType?: string;
  eventId?: string;
  deliveries: number;
  /** The last error, with every e-mail address taken out. */
  reason: string;
  at: string;
}

export interface NotificationAlerts {
  undeliverableMail: UndeliverableMailAlert[];
  deadLetters: DeadLetterAlert[];
}

export interface ResolveAlertRequest {
  alertId: string;
  /** `staff:<username>`. */
  actor: string;
  note?: string;
}

export interface ResolveAlertResult {
  alertId: string;
  kind: StaffAlertKind;
  resolvedBy: string;
  resolvedAt: string;
}

// ---- e-mail replies to offers (R13, R61) ---------------------------------------------
// One stream per (message, reservation): `notification-inbound-<id>`. A message
// delivered twice (the same Message-ID) finds its stream and is not handled again
// (R62). No event holds the mail body or an address.

/** Why a reply could not be read. */
export type UnreadableReplyReason =
  /** No text before the quoted offer. */
  | 'empty'
  /** The first line names no slot number or date. */
  | 'no-choice'
  /** A slot number that was not offered (e.g. 3 of two slots). */
  | 'out-of-range'
  /** A date or time that matches no offered slot. */
  | 'no-matching-slot'
  /** The line could mean more than one slot. */
  | 'ambiguous'
  /** The From address is not the seeker's registered e-mail address. */
  | 'unknown-sender'
  /** An automatic answer (out-of-office, bounce): never confirms anything. */
  | 'auto-reply'
  /** Scheduling does not know the reservation (any more). */
  | 'unknown-reservation';

/** Why a readable reply did not confirm (R13: "refused with a clear message"). */
export type RefusedReplyReason = 'deadline-passed' | 'slot-not-held' | 'lapsed' | 'already-confirmed' | 'closed';

export interface InboundReplyConfirmedV1 {
  /** The Message-ID header as received (or `sha256:<hex>` of the message when it had none). */
  messageId: string;
  receivedAt: string;
  reservationId: string;
  slot: string;
}

export interface InboundReplyRefusedV1 {
  messageId: string;
  receivedAt: string;
  reservationId: string;
  slot: string;
  reason: RefusedReplyReason;
  /** The scheduling error code behind the refusal, when there was one. */
  code?: string;
}

export interface InboundReplyUnreadableV1 {
  messageId: string;
  receivedAt: string;
  reservationId?: string;
  reason: UnreadableReplyReason;
  /** One line, at most 200 characters. */
  subject?: string;
  /** Whether the seeker was sent the automatic answer (not for auto-replies, nor twice within an hour). */
  answered: boolean;
}

export interface InboundReplyResolvedV1 {
  by: string;
  resolvedAt: string;
}

/** One row of `notification.inbound.unreadable`; `id` is what `notification.inbound.resolve` takes. */
export interface UnreadableReplyView {
  id: string;
  receivedAt: string;
  reservationId?: string;
  reason: UnreadableReplyReason;
  subject?: string;
}

export interface ResolveUnreadableReplyRequest {
  id: string;
  /** `staff:<username>` */
  actor: string;
}
export * from './api';
export * from './errors';
