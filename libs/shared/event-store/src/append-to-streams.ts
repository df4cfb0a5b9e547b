import { checkAppendMany } from './argument-checks';
import type { AppendResult, EventStore, StreamAppend } from './event-store.port';

/**
 * Several appends in as few round trips as the store allows: `store.appendMany` (all or
 * nothing) where the store has it, else one `append` after another (KurrentDB), which
 * stops at the first failure and leaves the appends before it made: callers must be able
 * to run again what failed (decide again on the state as it is).
 */
export async function appendToStreams(store: EventStore, appends: readonly StreamAppend[]): Promise<AppendResult[]> {
  if (store.appendMany) return store.appendMany(appends);
  checkAppendMany(appends, Number.MAX_SAFE_INTEGER);
  const results: AppendResult[] = [];
  for (const { streamId, events, expected } of appends) results.push(await store.append(streamId, events, expected));
  return results;
}
