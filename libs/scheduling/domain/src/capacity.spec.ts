// R4: capacity per weekday and per date, as supervisors set it.
import { DomainError } from './domain-error';
import { deciderSpec } from '@soudan/testing/decider';
import {
  capacityDecider,
  capacityOf,
  decideCapacity,
  evolveCapacity,
  initialCapacityState,
  type CapacityCommand,
} from './capacity';

const TIMES = ['10:00', '10:30', '11:00'];
const set = (scope: CapacityCommand['data']['scope'], slots: Record<string, number>): CapacityCommand => ({
  type: 'SetCapacity',
  data: { scope, slots, by: 'staff:boss', validTimes: TIMES },
  metadata: { now: '2026-11-25T01:00:00.000Z' },
});
const codeOf = (command: CapacityCommand): string | undefined => {
  try {
    decideCapacity(command, initialCapacityState());
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
};
const detailsOf = (command: CapacityCommand): Record<string, unknown> | undefined => {
  try {
    decideCapacity(command, initialCapacityState());
  } catch (error) {
    return (error as DomainError).details;
  }
  return undefined;
};

describe('slot capacity (R4)', () => {
  it("R4: a supervisor sets the capacity of a weekday's slots, Monday (1) to Friday (5)", () => {
    expect(decideCapacity(set({ weekday: 1 }, { '10:00': 2 }), initialCapacityState())).toEqual([
      {
        type: 'CapacitySet',
        data: { scope: { weekday: 1 }, slots: { '10:00': 2 }, by: 'staff:boss', at: '2026-11-25T01:00:00.000Z' },
      },
    ]);
    expect(codeOf(set({ weekday: 5 }, {}))).toBeUndefined();
    for (const weekday of [0, 6, 7, 2.5]) expect(codeOf(set({ weekday }, {}))).toBe('VALIDATION_FAILED');
  });

  it('R4: a capacity is a whole number from 0 to 100, for a slot start of the office', () => {
    expect(codeOf(set({ date: '2026-12-02' }, { '10:00': 0, '10:30': 100 }))).toBeUndefined();
    for (const bad of [-1, 101, 1.5, Number.NaN])
      expect(codeOf(set({ date: '2026-12-02' }, { '10:00': bad }))).toBe('VALIDATION_FAILED');
    expect(codeOf(set({ date: '2026-12-02' }, { '16:00': 1 }))).toBe('OUTSIDE_HOURS');
  });

  it("R4: the date's override wins over the weekday's setting, which wins over the default, slot by slot", () => {
    const state = [
      ...decideCapacity(set({ weekday: 3 }, { '10:00': 3, '10:30': 4 }), initialCapacityState()),
      ...decideCapacity(set({ date: '2026-12-02' }, { '10:00': 1 }), initialCapacityState()),
    ].reduce(evolveCapacity, initialCapacityState());
    // Wed 2 Dec: the date's 10:00, the weekday's 10:30, the default at 11:00.
    expect(capacityOf(state, '2026-12-02T01:00:00.000Z', 2)).toBe(1);
    expect(capacityOf(state, '2026-12-02T01:30:00.000Z', 2)).toBe(4);
    expect(capacityOf(state, '2026-12-02T02:00:00.000Z', 2)).toBe(2);
    // Wed 9 Dec has no override; Thu 3 Dec is another weekday.
    expect(capacityOf(state, '2026-12-09T01:00:00.000Z', 2)).toBe(3);
    expect(capacityOf(state, '2026-12-03T01:00:00.000Z', 2)).toBe(2);
    // The weekday is the one of the Japan date (Sunday's ISO weekday is 7, not 0).
    const sunday = decideCapacity(set({ weekday: 1 }, { '10:00': 5 }), initialCapacityState()).reduce(
      evolveCapacity,
      initialCapacityState(),
    );
    expect(capacityOf(sunday, '2026-12-07T01:00:00.000Z', 2)).toBe(5); // Monday 10:00 JST
    expect(capacityOf(sunday, '2026-12-06T01:00:00.000Z', 2)).toBe(2); // Sunday
  });

  it('R4: a later setting for the same weekday or date replaces the earlier one', () => {
    const state = [
      ...decideCapacity(set({ weekday: 3 }, { '10:00': 3 }), initialCapacityState()),
      ...decideCapacity(set({ weekday: 3 }, { '10:00': 0 }), initialCapacityState()),
    ].reduce(evolveCapacity, initialCapacityState());
    expect(capacityOf(state, '2026-12-02T01:00:00.000Z', 2)).toBe(0);
  });

  it('R4: a refusal names the field or the time at fault, for the form to show beside it', () => {
    expect(detailsOf(set({ weekday: 6 }, {}))).toEqual({ fields: { weekday: ['1〜5'] } });
    expect(detailsOf(set({ date: '2026-12-02' }, { '10:30': 101 }))).toEqual({ fields: { 'slots.10:30': ['0〜100'] } });
    expect(detailsOf(set({ date: '2026-12-02' }, { '16:00': 1 }))).toEqual({ time: '16:00', validTimes: TIMES });
  });

  it('R4: the capacity decider records a setting and reads it back', () => {
    deciderSpec(capacityDecider)([])
      .when(set({ date: '2026-12-02' }, { '10:00': 3 }))
      .then([{ type: 'CapacitySet' }]);
    const events = capacityDecider.decide(set({ date: '2026-12-02' }, { '10:00': 3 }), capacityDecider.initialState());
    const state = events.reduce(capacityDecider.evolve, capacityDecider.initialState());
    expect(capacityOf(state, '2026-12-02T01:00:00.000Z', 2)).toBe(3);
  });
});
