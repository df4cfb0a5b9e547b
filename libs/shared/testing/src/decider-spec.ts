// Given / when / then for pure deciders (emmett's test shape): the history, the command,
// and what it decides: events, nothing, or a refusal with a code.
import { expect } from '@jest/globals';

export interface PureDecider<State, Command, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export function deciderSpec<State, Command, Event extends { type: string }>(
  decider: PureDecider<State, Command, Event>,
) {
  return (history: Event[]) => ({
    when: (command: Command) => {
      const state = history.reduce(decider.evolve, decider.initialState());
      const run = () => decider.decide(command, state);
      return {
        /** Each expected event is matched by the keys it names (objectContaining). */
        then: (expected: Array<Partial<Event> & { type: string }>) =>
          expect(run()).toEqual(expected.map((e) => expect.objectContaining(e))),
        /** The events exactly, every key of each. */
        thenExactly: (expected: Event[]) => expect(run()).toEqual(expected),
        thenEmits: (...types: string[]) => expect(run().map((e) => e.type)).toEqual(types),
        thenNothing: () => expect(run()).toEqual([]),
        thenThrows: (code: string) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toMatchObject({ code });
        },
        /** The events themselves, for checks the helpers above do not cover. */
        events: run,
      };
    },
  });
}
