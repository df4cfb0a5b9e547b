import { appendToStreams } from './append-to-streams';
import {
  DuplicateEventIdError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type StreamAppend,
} from './event-store.port';

const event = (eventId: string): NewEvent => ({
  eventId,
  type: 'T',
  data: {},
  metadata: { correlationId: 'c', schemaVersion: 1 },
});

describe('appendToStreams', () => {
  it('uses the store’s appendMany when it has one', async () => {
    const calls: string[] = [];
    const store = {
      appendMany: async (appends: readonly StreamAppend[]): Promise<AppendResult[]> => {
        calls.push('appendMany');
        return appends.map((_, i) => ({ nextExpectedRevision: 0, position: BigInt(i) }));
      },
      append: async () => {
        calls.push('append');
        return { nextExpectedRevision: 0, position: 0n };
      },
    } as unknown as EventStore;
    const results = await appendToStreams(store, [
      { streamId: 'a', events: [event('1')], expected: 'no_stream' },
      { streamId: 'b', events: [event('2')], expected: 'no_stream' },
    ]);
    expect(results.map((r) => r.position)).toEqual([0n, 1n]);
    expect(calls).toEqual(['appendMany']);
  });

  it('falls back to one append after another (KurrentDB), with the same argument checks', async () => {
    const made: string[] = [];
    const store = {
      append: async (streamId: string): Promise<AppendResult> => {
        made.push(streamId);
        return { nextExpectedRevision: 0, position: BigInt(made.length) };
      },
    } as unknown as EventStore;
    const results = await appendToStreams(store, [
      { streamId: 'a', events: [event('1')], expected: 'no_stream' },
      { streamId: 'b', events: [event('2')], expected: 'no_stream' },
    ]);
    expect(made).toEqual(['a', 'b']);
    expect(results.map((r) => r.position)).toEqual([1n, 2n]);
    await expect(
      appendToStreams(store, [
        { streamId: 'c', events: [event('3')], expected: 'any' },
        { streamId: 'd', events: [event('3')], expected: 'any' },
      ]),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(
      appendToStreams(store, [
        { streamId: 'c', events: [event('4')], expected: 'any' },
        { streamId: 'c', events: [event('5')], expected: 'any' },
      ]),
    ).rejects.toBeInstanceOf(RangeError);
    expect(made).toEqual(['a', 'b']);
  });
});
