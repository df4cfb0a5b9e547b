// What other services may ask of notification directly. Mail that follows a domain
// event is driven by the event; mail that must never be in an event (a sign-in link
// carries a secret) is asked for by request-reply.

export const NOTIFICATION_CONTEXT = 'notification';

export const NotificationPatterns = {
  /** Sends a one-time sign-in link now; the token is never stored in an event. */
  sendSignInLink: 'notification.sign-in-link.send',
  health: 'notification.health',
} as const;

export interface SendSignInLinkRequest {
  email: string;
  name?: string;
  language: 'ja' | 'en';
  /** The full link, e.g. https://…/auth/seeker?token=… */
  link: string;
  expiresAt: string;
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
} as const;

export interface NotificationSentV1 {
  template: string;
  /** Absent on records of the first version of the request-received mail. */
  seekerId?: string;
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
