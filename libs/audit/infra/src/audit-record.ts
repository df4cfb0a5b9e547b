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

export function toView(recorded: RecordedEvent): AuditEventView {
  if (recorded.type === AUDITED) {
    const d = recorded.data as EventAuditedData;
    return { position: recorded.position.toString(), stream: d.stream, type: d.type, at: d.at, context: d.context, category: d.category, data: d.data };
  }
  return {
    position: recorded.position.toString(),
    stream: recorded.streamId,
    type: recorded.type,
    at: recorded.recordedAt,
    context: 'audit',
    category: categoryOf('audit', recorded.type),
    data: recorded.data,
  };
}
