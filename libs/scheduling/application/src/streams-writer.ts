// Writes one command's decision, which may span a reservation and the slots it holds.
// Where the store commits several streams together (PostgreSQL, PGlite: appendMany),
// all of it commits or none. Where it cannot (KurrentDB), the appends go in an order
// that leaves only states the slot keeper can finish: places are taken first (the
// slot stream is where concurrency is decided), then the reservation's decision, then
// whatever follows from it (bookings of held places, releases). A crash between them
// leaves either a place held by a reservation that never decided (released after a
// grace period) or a decision whose slot changes are missing (made by the keeper).
import type { AppendResult, EventStore, StreamAppend } from '@soudan/event-store';

/** take: uses a place (capacity checked); decide: the reservation's own; give: follows from the decision. */
export type Phase = 'take' | 'decide' | 'give';

export interface PlannedAppend extends StreamAppend {
  phase: Phase;
}

/** Named points of a write, for crash tests (`${command}:${point}`). */
export type WriteStep = (point: string) => void | Promise<void>;

export interface StreamsWriter {
  readonly atomic: boolean;
  write(command: string, appends: PlannedAppend[]): Promise<AppendResult[]>;
}

const ORDER: Phase[] = ['take', 'decide', 'give'];

export function streamsWriter(
  store: EventStore,
  options: { step?: WriteStep; onAppended?: (position: bigint) => void; atomic?: boolean } = {},
): StreamsWriter {
  const step = options.step ?? (() => undefined);
  const seen = (results: AppendResult[]) => {
    for (const result of results) options.onAppended?.(result.position);
    return results;
  };
  const appendMany = store.appendMany?.bind(store);
  if (appendMany && options.atomic !== false) {
    return {
      atomic: true,
      async write(command, appends) {
        await step(`${command}:before-write`);
        const results = seen(await appendMany(appends.map(({ phase: _phase, ...append }) => append)));
        await step(`${command}:after-write`);
        return results;
      },
    };
  }
  return {
    atomic: false,
    async write(command, appends) {
      await step(`${command}:before-write`);
      const results: AppendResult[] = [];
      for (const phase of ORDER) {
        const batch = appends.filter((a) => a.phase === phase);
        for (const { streamId, events, expected } of batch) {
          results.push(...seen([await store.append(streamId, events, expected)]));
          await step(`${command}:after-${phase}-append`);
        }
      }
      await step(`${command}:after-write`);
      return results;
    },
  };
}
