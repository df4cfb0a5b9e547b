// Argument checks every adapter makes before it talks to its store, so a caller's
// mistake reads the same whichever store is configured.
import {
  DuplicateEventIdError,
  UnstorableEventError,
  type ExpectedRevision,
  type NewEvent,
  type StreamAppend,
} from './event-store.port';
import { findUnstorableText, isUnstorableText, storableText } from './storable-text';

export function checkAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision, maxEvents: number): void {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new TypeError('append: the stream id must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) {
    throw new TypeError(`append to ${streamId}: at least one event is needed (an empty append states nothing)`);
  }
  if (events.length > maxEvents)
    throw new RangeError(`append to ${streamId}: at most ${maxEvents} events per append, got ${events.length}`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new RangeError(
      `append to ${streamId}: expected revision must be a whole number >= 0, 'no_stream', 'stream_exists' or 'any', got ${expected}`,
    );
  }
  if (typeof expected === 'string' && !['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new RangeError(`append to ${streamId}: unknown expected revision '${expected}'`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0)
      throw new TypeError(`append to ${streamId}: every event needs an eventId`);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new TypeError(`append to ${streamId}: event ${event.eventId} needs a type`);
    // The same id twice in one batch can never be a retry: refuse it as a duplicate.
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event.eventId);
    const unstorable = unstorablePart(streamId, event);
    // The error is logged and may be stored (a dead letter): it must not carry the bad text itself.
    if (unstorable !== undefined)
      throw new UnstorableEventError(storableText(streamId), storableText(event.eventId), storableText(unstorable));
  }
}

/** Where an event holds text no store can keep, or undefined (storable-text.ts). */
function unstorablePart(streamId: string, event: NewEvent): string | undefined {
  if (isUnstorableText(streamId)) return 'streamId';
  if (isUnstorableText(event.eventId)) return 'eventId';
  if (isUnstorableText(event.type)) return 'type';
  return findUnstorableText(event.data, 'data') ?? findUnstorableText(event.metadata, 'metadata');
}

/** appendMany: each append checked as `append` checks it, each stream once, each event id once in all. */
export function checkAppendMany(appends: readonly StreamAppend[], maxEvents: number): void {
  if (!Array.isArray(appends)) throw new TypeError('appendMany: a list of appends is needed');
  const streams = new Set<string>();
  const ids = new Set<string>();
  let total = 0;
  for (const append of appends) {
    checkAppend(append?.streamId, append?.events, append?.expected, maxEvents);
    if (streams.has(append.streamId))
      throw new RangeError(`appendMany: stream ${append.streamId} appears twice (one append per stream)`);
    streams.add(append.streamId);
    for (const event of append.events) {
      if (ids.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
      ids.add(event.eventId);
    }
    total += append.events.length;
  }
  if (total > maxEvents) throw new RangeError(`appendMany: at most ${maxEvents} events in all, got ${total}`);
}

/** readAll's `limit`, defaulted and capped (port: default 1,000). */
export function readAllLimit(limit: number | undefined, cap = 10_000): number {
  if (limit === undefined) return 1_000;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`readAll: limit must be a whole number >= 1, got ${limit}`);
  return Math.min(limit, cap);
}
