// The audit trail (R50, R53): one stream, `audit-trail`, holding a copy of every event
// the audit service hears, in the order it recorded them, each linked to the one before
// by its hash. A record's position in the trail is its stream revision: 0, 1, 2, ...
import type { RecordedEvent } from '@soudan/event-store';
import type { AuditEventView } from '@soudan/audit-contracts';
import { categoryOf, PURPOSE_BY_CATEGORY, type AuditRecordData, type SourceEvent } from '@soudan/audit-domain';

export const TRAIL_STREAM = 'audit-trail';
export const TRAIL_RECORD = 'AuditRecorded';
/** The trail's own event id for the copy of a source event: a redelivery appends nothing. */
export const trailEventId = (sourceEventId: string) => `audit:${sourceEventId}`;

/** Copies the skeleton kept before the trail existed: one stream per context, unchained. */
export const LEGACY_AUDITED = 'EventAudited';
export const isLegacyStream = (streamId: string) => streamId.startsWith('audit-') && streamId !== TRAIL_STREAM;

interface LegacyAuditedData {
  context: string;
  stream: string;
  type: string;
  revision: number;
  sourcePosition: string;
  at: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export function sourceOfLegacy(recorded: RecordedEvent): SourceEvent {
  const d = recorded.data as LegacyAuditedData;
  return {
    eventId: recorded.eventId,
    context: d.context,
    streamId: d.stream,
    type: d.type,
    revision: d.revision,
    position: d.sourcePosition,
    recordedAt: d.at,
    data: d.data,
    metadata: d.metadata ?? {},
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
      .map(([key, inner]) => [
        key,
        CAPABILITY_URL.has(key) && typeof inner === 'string'
          ? inner.replace(/\/join\/[^/?#]+/, '/join/[redacted]')
          : redact(inner),
      ]),
  );
}

export function toView(recorded: RecordedEvent): AuditEventView {
  const d = (recorded.data && typeof recorded.data === 'object' ? recorded.data : {}) as Partial<AuditRecordData>;
  const context = typeof d.context === 'string' ? d.context : 'unknown';
  const type = typeof d.type === 'string' ? d.type : recorded.type;
  const category = typeof d.category === 'string' ? d.category : categoryOf(context, type);
  return {
    position: recorded.revision.toString(),
    stream: typeof d.stream === 'string' ? d.stream : recorded.streamId,
    type,
    at: typeof d.at === 'string' ? d.at : recorded.recordedAt,
    context,
    category,
    purpose: typeof d.purpose === 'string' ? d.purpose : PURPOSE_BY_CATEGORY[categoryOf(context, type)],
    data: redact(d.data),
  };
}
