// Load, decide, append: the one way an aggregate's command runs against the store.
import { randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '@soudan/event-store';

export interface Decider<State, Command, Event extends { type: string; data: unknown }> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export interface LoadedAggregate<State> {
  state: State;
  /** Revision to expect on the next append. */
  expected: ExpectedRevision;
  events: RecordedEvent[];
}

export async function loadAggregate<State, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
): Promise<LoadedAggregate<State>> {
  const events = await store.readStream(streamId);
  const state = events.reduce(
    (s, e) => decider.evolve(s, { type: e.type, data: e.data } as Event),
    decider.initialState(),
  );
  const last = events.at(-1);
  return { state, expected: last ? last.revision : 'no_stream', events };
}

export interface CommandContext {
  correlationId: string;
  causationId?: string;
  actor: string;
  /** Derives each event's id; deterministic ids make a retried command idempotent. */
  eventId?: (event: { type: string }, index: number) => string;
}

export function toNewEvents<Event extends { type: string; data: unknown }>(
  events: Event[],
  context: CommandContext,
  schemaVersion = 1,
): NewEvent[] {
  return events.map((event, index) => {
    const metadata: EventMetadata = {
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      schemaVersion,
    };
    return { eventId: context.eventId?.(event, index) ?? randomUUID(), type: event.type, data: event.data, metadata };
  });
}

/** Runs one command: conflicts surface as WrongExpectedRevisionError (409 at the edge). */
export async function handleCommand<State, Command, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  context: CommandContext,
): Promise<{ events: Event[]; state: State }> {
  const loaded = await loadAggregate(store, streamId, decider);
  const events = decider.decide(command, loaded.state);
  if (events.length > 0) await store.append(streamId, toNewEvents(events, context), loaded.expected);
  return { events, state: events.reduce(decider.evolve, loaded.state) };
}

/**
 * handleCommand, re-run on a revision conflict: safe only where deciding again on the
 * newer state is the right answer (capacity checks, timers), never where the caller
 * decided on what it saw.
 */
export async function handleCommandWithRetry<State, Command, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  context: CommandContext,
  attempts = 25,
): Promise<{ events: Event[]; state: State }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await handleCommand(store, streamId, decider, command, context);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= attempts) throw error;
      // Spread the retries of many concurrent writers so they do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}
