import type { RecordedEvent } from '@soudan/event-store';
import { eventSubject, type EventEnvelope } from '../messaging.port';

export function toEnvelope(event: RecordedEvent, context: string): EventEnvelope {
  return {
    eventId: event.eventId,
    context,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(10),
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  };
}

export const subjectOf = (envelope: EventEnvelope): string => eventSubject(envelope.context, envelope.type);
