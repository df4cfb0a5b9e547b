// The audit service keeps its own copy of every event it hears (R50, R53): one stream
// per producing context, the source event id reused so a redelivery appends nothing.
import type { RecordedEvent } from '@soudan/event-store';
import type { AuditEventView } from '@soudan/audit-contracts';
import { categoryOf, PURPOSE_BY_CATEGORY } from '@soudan/audit-domain';
import type { EventEnvelope } from '@soudan/messaging';

export const AUDITED = 'EventAudited';
export const auditStream = (context: string) => `audit-${context}`;

export interface EventAuditedData {
  context: string;
  stream: string;
  type: string;
  revision: number;
  sourcePosition: string;
  at: string;
  category: string;
  purpose: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export function auditedFrom(event: EventEnvelope): EventAuditedData {
  const category = categoryOf(event.context, event.type);
  return {
    context: event.context,
    stream: event.streamId,
    type: event.type,
    revision: event.revision,
    sourcePosition: event.position,
    at: event.recordedAt,
    category,
    purpose: PURPOSE_BY_CATEGORY[category],
    data: event.data,
    metadata: event.metadata,
  };
}

/**
 * What an auditor sees of an event's data: sealed device data stays out of the view
 * (R52: only a disclosure opens it; the pseudonyms beside it are shown), and capabilities
 * (join links and their tokens) are not handed out with the history.
 */
const HIDDEN = new Set(['sealed', 'joinToken']);
const CAPABILITY_URL = new Set(['meetingUrl']);

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !HIDDEN.has(key))
      .map(([key, inner]) => [key, CAPABILITY_URL.has(key) && typeof inner === 'string' ? inner.replace(/\/join\/[^/?#]+/, '/join/[redacted]') : redact(inner)]),
  );
}

export function toView(recorded: RecordedEvent): AuditEventView {
  if (recorded.type === AUDITED) {
    const d = recorded.data as EventAuditedData;
    return { position: recorded.position.toString(), stream: d.stream, type: d.type, at: d.at, context: d.context, category: d.category, data: redact(d.data) };
  }
  return {
    position: recorded.position.toString(),
    stream: recorded.streamId,
    type: recorded.type,
    at: recorded.recordedAt,
    context: 'audit',
    category: categoryOf('audit', recorded.type),
    data: redact(recorded.data),
  };
}
