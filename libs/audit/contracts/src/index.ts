// The auditor's view of the Article 7 record (R50, R53) as other services see it.

export const AUDIT_CONTEXT = 'audit';

export const AuditPatterns = {
  listEvents: 'audit.events.list',
  health: 'audit.health',
} as const;

export interface ListAuditEventsQuery {
  /** Exclusive position to continue after (the `next` of the previous page). */
  from?: string;
  limit?: number;
  category?: string;
  since?: string;
  until?: string;
}

export interface AuditEventView {
  position: string;
  stream: string;
  type: string;
  at: string;
  context: string;
  category: string;
  data: unknown;
}

export interface AuditEventsPage {
  events: AuditEventView[];
  /** Pass as `from` to read on; null when nothing more was there. */
  next: string | null;
}
