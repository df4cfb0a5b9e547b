// R4: capacity of a slot = counsellors on online duty for it; supervisors set it per
// weekday and override it per date.
import { jstDateOfMs, jstTimeOfMs } from '@soudan/time';
import { DomainError } from './domain-error';

export type CapacityEvent = {
  type: 'CapacitySet';
  data: { scope: { weekday: number } | { date: string }; slots: Record<string, number>; by: string; at: string };
};

export interface CapacityState {
  weekdays: ReadonlyMap<number, Record<string, number>>;
  dates: ReadonlyMap<string, Record<string, number>>;
}

export type CapacityCommand = {
  type: 'SetCapacity';
  data: {
    scope: { weekday: number } | { date: string };
    slots: Record<string, number>;
    by: string;
    validTimes: readonly string[];
  };
  metadata: { now: string };
};

export const initialCapacityState = (): CapacityState => ({ weekdays: new Map(), dates: new Map() });

export function evolveCapacity(state: CapacityState, event: CapacityEvent): CapacityState {
  const { scope, slots } = event.data;
  if ('weekday' in scope) return { ...state, weekdays: new Map(state.weekdays).set(scope.weekday, slots) };
  return { ...state, dates: new Map(state.dates).set(scope.date, slots) };
}

export function decideCapacity(command: CapacityCommand, _state: CapacityState): CapacityEvent[] {
  const { scope, slots, by, validTimes } = command.data;
  if ('weekday' in scope && !(Number.isInteger(scope.weekday) && scope.weekday >= 1 && scope.weekday <= 5)) {
    throw new DomainError('VALIDATION_FAILED', 'weekday must be 1 (Monday) to 5 (Friday)', {
      fields: { weekday: ['1〜5'] },
    });
  }
  for (const [time, count] of Object.entries(slots)) {
    if (!validTimes.includes(time))
      throw new DomainError('OUTSIDE_HOURS', `${time} is not a slot start`, { time, validTimes });
    if (!Number.isInteger(count) || count < 0 || count > 100)
      throw new DomainError('VALIDATION_FAILED', 'capacity must be a whole number from 0 to 100', {
        fields: { [`slots.${time}`]: ['0〜100'] },
      });
  }
  return [{ type: 'CapacitySet', data: { scope, slots, by, at: command.metadata.now } }];
}

/** Places in the slot starting at `slot`: the date's override, else its weekday's, else the default. */
export function capacityOf(state: CapacityState, slot: string, defaultCapacity: number): number {
  const ms = Date.parse(slot);
  const time = jstTimeOfMs(ms);
  const date = jstDateOfMs(ms);
  const byDate = state.dates.get(date);
  if (byDate && time in byDate) return byDate[time];
  // ISO weekday (1 = Monday) of the Japan date.
  const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const byWeekday = state.weekdays.get(weekday);
  if (byWeekday && time in byWeekday) return byWeekday[time];
  return defaultCapacity;
}

export const capacityDecider = { decide: decideCapacity, evolve: evolveCapacity, initialState: initialCapacityState };
