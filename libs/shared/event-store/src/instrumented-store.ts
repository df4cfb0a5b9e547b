// What every store opened by openEventStore reports: append latency by outcome, and the
// PostgreSQL pool's connections. And, when traces are on, the trace context of the
// request that appends goes into each new event's metadata (`traceparent`), so the relay
// that publishes it later continues that trace. Metadata is not part of an event's
// content (content-hash.ts), so a retry from another trace is still the same append.
// A wrapper rather than code in each adapter, so the adapters stay about storing.
import { secondsSince, storeAppendDuration, traceHeaders, watchPool, type PoolStats } from '@soudan/observability';
import type { EventStore, NewEvent, StreamAppend } from './event-store.port';

function withTraceContext(events: NewEvent[]): NewEvent[] {
  const carried = traceHeaders();
  if (Object.keys(carried).length === 0) return events;
  return events.map((event) => ({ ...event, metadata: { ...carried, ...event.metadata } }));
}

function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'REVISION_CONFLICT' ? 'conflict' : 'error';
}

async function timed<T>(store: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    storeAppendDuration.observe({ store, outcome: 'ok' }, secondsSince(started));
    return result;
  } catch (error) {
    storeAppendDuration.observe({ store, outcome: outcomeOf(error) }, secondsSince(started));
    throw error;
  }
}

/** The store with its appends measured under `label` (the service's schema); everything else is the store's own. */
export function instrumentStore<T extends EventStore>(store: T, label: string): T {
  const stats = (store as { poolStats?: () => PoolStats }).poolStats;
  const unwatch = typeof stats === 'function' ? watchPool(label, stats.bind(store)) : () => undefined;
  const append: EventStore['append'] = (streamId, events, expected) =>
    timed(label, () => store.append(streamId, withTraceContext(events), expected));
  const appendMany: EventStore['appendMany'] = store.appendMany
    ? (appends) =>
        timed(label, () =>
          store.appendMany!(appends.map((a): StreamAppend => ({ ...a, events: withTraceContext(a.events) }))),
        )
    : undefined;
  const close = async () => {
    unwatch();
    await store.close();
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') return append;
      if (property === 'appendMany') return appendMany;
      if (property === 'close') return close;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
