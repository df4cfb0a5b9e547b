// The request-reply subjects of notification (see api.ts for their types).
export const NotificationPatterns = {
  /** Sends a one-time sign-in link now; the token is never stored in an event. */
  sendSignInLink: 'notification.sign-in-link.send',
  /** R61: the staff queue of e-mail replies to offers that could not be read (`UnreadableReplyView[]`). */
  unreadableReplies: 'notification.inbound.unreadable',
  /** R61: staff took care of one unreadable reply (`ResolveUnreadableReplyRequest`); it leaves the queue. */
  resolveUnreadableReply: 'notification.inbound.resolve',
  /** R62: undeliverable mail and dead-lettered messages not yet resolved (`NotificationAlerts`), for the staff alerts. */
  alerts: 'notification.alerts',
  /** A supervisor marks an undeliverable mail or a dead letter as dealt with (`ResolveAlertRequest`). */
  resolveAlert: 'notification.alerts.resolve',
  /** R60: the iCalendar file of a booked session, the same the confirmation e-mail attaches. */
  calendar: 'notification.calendar',
  health: 'notification.health',
} as const;
