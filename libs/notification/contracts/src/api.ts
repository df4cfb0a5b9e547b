// Notification's request-reply API, typed: per pattern, what is asked and what is answered.
import {
  actsForNoOne,
  rpcContract,
  staffActs,
  staffAsks,
  type NoRequest,
  type ServiceHealth,
} from '@soudan/rpc-contract';
import type {
  NotificationAlerts,
  ResolveAlertRequest,
  ResolveAlertResult,
  ResolveUnreadableReplyRequest,
  SendSignInLinkRequest,
  UnreadableReplyView,
} from './index';
import { NotificationPatterns } from './patterns';

/** R60: a booked session (scheduling's `BookedSession`) to render as a calendar file. */
export interface CalendarRequest {
  reservationId: string;
  slot: string;
  end: string;
  meetingUrl: string;
  consentAt: string;
}

export const NotificationApi = {
  calendar: rpcContract<CalendarRequest, { filename: string; contentType: string; content: string }>(
    NotificationPatterns.calendar,
    { acts: 'person', kinds: ['seeker'] },
  ),
  sendSignInLink: rpcContract<SendSignInLinkRequest, { sent: true }>(NotificationPatterns.sendSignInLink, {
    // Asked for by no one signed in; any principal the gateway signs will do.
    acts: 'person',
  }),
  unreadableReplies: rpcContract<NoRequest, UnreadableReplyView[]>(NotificationPatterns.unreadableReplies, staffAsks),
  resolveUnreadableReply: rpcContract<ResolveUnreadableReplyRequest, { id: string; resolved: true }>(
    NotificationPatterns.resolveUnreadableReply,
    staffActs,
  ),
  alerts: rpcContract<NoRequest, NotificationAlerts>(NotificationPatterns.alerts, staffAsks),
  resolveAlert: rpcContract<ResolveAlertRequest, ResolveAlertResult>(NotificationPatterns.resolveAlert, staffActs),
  health: rpcContract<NoRequest, ServiceHealth>(NotificationPatterns.health, actsForNoOne('probes and the gateway')),
} as const;
