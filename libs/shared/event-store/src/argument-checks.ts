// Argument checks every adapter makes before it talks to its store, so a caller's
// mistake reads the same whichever store is configured.
import { DuplicateEventIdError, type ExpectedRevision, type NewEvent } from './event-store.port';

export function checkAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision, maxEvents: number): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('append: the stream id must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) {
    throw new TypeError(`append to ${streamId}: at least one event is needed (an empty append states nothing)`);
  }
  if (events.length > maxEvents) throw new RangeError(`append to ${streamId}: at most ${maxEvents} events per append, got ${events.length}`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new RangeError(`append to ${streamId}: expected revision must be a whole number >= 0, 'no_stream', 'stream_exists' or 'any', got ${expected}`);
  }
  if (typeof expected === 'string' && !['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new RangeError(`append to ${streamId}: unknown expected revision '${expected}'`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) throw new TypeError(`append to ${streamId}: every event needs an eventId`);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError(`append to ${streamId}: event ${event.eventId} needs a type`);
    // The same id twice in one batch can never be a retry: refuse it as a duplicate.
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event.eventId);
  }
}

/** readAll's `limit`, defaulted and capped (port: default 1,000). */
export function readAllLimit(limit: number | undefined, cap = 10_000): number {
  if (limit === undefined) return 1_000;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`readAll: limit must be a whole number >= 1, got ${limit}`);
  return Math.min(limit, cap);
}
