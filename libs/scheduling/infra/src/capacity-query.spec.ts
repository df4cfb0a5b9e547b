// R4: GET /staff/capacity answers what scheduling's model holds of an office's capacity:
// every weekday set, the dates from today in Japan on (today turns at JST midnight, not
// UTC's), the office's own default, and OFFICE_NOT_SERVED for an office not served here.
import { capacityDecider, type CapacityState } from '@soudan/scheduling-domain';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import { SchedulingOffices } from './offices';
import type { SchedulingProjection } from './scheduling.projection';
import { SchedulingQueries } from './scheduling.queries';
import type { SchedulingInfraSettings } from './tokens';

const OFFICE = '16070';

function setup(state?: CapacityState, defaultCapacity = 2) {
  const capacities = new Map<string, CapacityState>(state ? [[OFFICE, state]] : []);
  // 2026-12-01 23:30 JST (a Tuesday in Japan, still Tuesday 14:30 in UTC).
  const clock = new ManualClock('2026-12-01T14:30:00.000Z');
  const settings = {
    officeCode: OFFICE,
    calendar: new BusinessCalendar({ hours: { open: '10:00', close: '11:30', slotMinutes: 30 } }),
    defaultCapacity,
  } as unknown as SchedulingInfraSettings;
  const queries = new SchedulingQueries(
    { capacities } as unknown as SchedulingProjection,
    clock,
    new SchedulingOffices(new Map(), settings),
    undefined as never,
  );
  return { queries, clock };
}

const set = (state: CapacityState, scope: { weekday: number } | { date: string }, slots: Record<string, number>) =>
  capacityDecider.evolve(state, { type: 'CapacitySet', data: { scope, slots, by: 'staff:x', at: '2026-11-30' } });

describe('the capacity an office has set (R4)', () => {
  it('R4: nothing set: no weekday, no date, the office’s default and slot times', () => {
    expect(setup().queries.capacity()).toEqual({
      office: OFFICE,
      defaultCapacity: 2,
      slotTimes: ['10:00', '10:30', '11:00'],
      weekdays: {},
      dates: {},
    });
  });

  it('R4: each weekday as last set, and the dates from today (Japan time) on, in order', () => {
    let state = capacityDecider.initialState();
    state = set(state, { weekday: 5 }, { '10:00': 4 });
    state = set(state, { weekday: 1 }, { '10:00': 3, '10:30': 3 });
    state = set(state, { weekday: 1 }, { '10:30': 0 });
    state = set(state, { date: '2026-12-24' }, { '11:00': 0 });
    state = set(state, { date: '2026-12-01' }, { '10:00': 5 });
    state = set(state, { date: '2026-11-30' }, { '10:00': 5 });
    const { queries, clock } = setup(state);
    const answer = queries.capacity(OFFICE);
    expect(answer.weekdays).toEqual({ '1': { '10:30': 0 }, '5': { '10:00': 4 } });
    expect(Object.keys(answer.weekdays)).toEqual(['1', '5']);
    expect(answer.dates).toEqual({ '2026-12-01': { '10:00': 5 }, '2026-12-24': { '11:00': 0 } });
    expect(Object.keys(answer.dates)).toEqual(['2026-12-01', '2026-12-24']);
    // Midnight in Japan: 2026-12-01 is past, though it is still that day in UTC.
    clock.set('2026-12-01T15:00:00.000Z');
    expect(Object.keys(queries.capacity(OFFICE).dates)).toEqual(['2026-12-24']);
  });

  it('R71: an office not served here is OFFICE_NOT_SERVED', () => {
    expect(() => setup().queries.capacity('13010')).toThrow(expect.objectContaining({ code: 'OFFICE_NOT_SERVED' }));
  });
});
