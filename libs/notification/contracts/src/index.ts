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
