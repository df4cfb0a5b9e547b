// What one record of the audit trail holds (R50, R51): a copy of an event some service
// committed, with where it came from, its category and purpose, and its link in the
// hash chain (R53).
import { categoryOf, PURPOSE_BY_CATEGORY, type AuditCategory, type AuditPurpose } from './categories';
import type { ChainLink } from './hash-chain';

export interface SourceEvent {
  eventId: string;
  context: string;
  streamId: string;
  type: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface AuditedEvent {
  sourceEventId: string;
  context: string;
  stream: string;
  type: string;
  revision: number;
  sourcePosition: string;
  /** When the producing service committed it (ISO-8601 UTC). */
  at: string;
  category: AuditCategory;
  purpose: AuditPurpose;
  data: unknown;
  metadata: Record<string, unknown>;
}

export type AuditRecordData = AuditedEvent & ChainLink;

export function auditedEventOf(event: SourceEvent): AuditedEvent {
  const category = categoryOf(event.context, event.type);
  return {
    sourceEventId: event.eventId,
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

const SEEKER_ID = /^[0-9a-f]{32}$/;
const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * The seeker a record is about, by eligibility's pseudonymous id (R54), or undefined. An
 * access record is about the seeker who made the request: its device data is theirs.
 */
export function subjectOf(entry: Pick<AuditedEvent, 'context' | 'stream' | 'type' | 'data'>): string | undefined {
  const data = asRecord(entry.data);
  const principal = asRecord(data?.principal);
  if (principal)
    return principal.kind === 'seeker' && typeof principal.seekerId === 'string' ? principal.seekerId : undefined;
  if (typeof data?.seekerId === 'string' && SEEKER_ID.test(data.seekerId)) return data.seekerId;
  if (entry.context === 'eligibility' && entry.stream.startsWith('seeker-')) {
    const id = entry.stream.slice('seeker-'.length);
    if (SEEKER_ID.test(id)) return id;
  }
  return undefined;
}

/** R52: device identification data as events carry it: keyed pseudonyms beside the sealed raw values. */
export interface DeviceData {
  ip?: string;
  userAgent?: string | null;
  /** AES-GCM sealed `{ ip, userAgent }`, as an object (access record) or its JSON text (join link). */
  sealed: unknown;
}

export function deviceDataOf(data: unknown): DeviceData | undefined {
  const device = asRecord(asRecord(data)?.device);
  if (!device || device.sealed === undefined || device.sealed === null) return undefined;
  return device as unknown as DeviceData;
}
