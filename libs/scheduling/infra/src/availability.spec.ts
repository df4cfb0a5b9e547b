// R4: availability answers are kept per (range, model position, minute); they must still
// change exactly when a slot begins, when a hold's R6 deadline passes, and with every event.
import { capacityDecider } from '@soudan/scheduling-domain';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import { SchedulingOffices } from './offices';
import type { SchedulingProjection } from './scheduling.projection';
import { SchedulingQueries } from './scheduling.queries';
import type { SchedulingInfraSettings } from './tokens';

const OFFICE = '16070';
const key = (slot: string) => `${OFFICE}|${slot}`;
const officesOf = (settings: SchedulingInfraSettings) => new SchedulingOffices(new Map(), settings);

const SLOT = '2026-12-02T01:00:00.000Z'; // 10:00 JST on a Wednesday
const DEADLINE = '2026-12-01T14:59:59.999Z'; // R6: 23:59:59.999 JST the day before

function setup() {
  const projection = {
    position: 1n as bigint | undefined,
    slots: new Map([[key(SLOT), { holds: new Map([['r-1', DEADLINE]]), bookings: new Set<string>() }]]),
    capacities: new Map([[OFFICE, capacityDecider.initialState()]]),
  };
  const clock = new ManualClock('2026-12-01T14:59:30.000Z');
  const settings = {
    officeCode: OFFICE,
    calendar: new BusinessCalendar(),
    defaultCapacity: 1,
  } as unknown as SchedulingInfraSettings;
  const queries = new SchedulingQueries(
    projection as unknown as SchedulingProjection,
    clock,
    officesOf(settings),
    undefined as never,
  );
  const remaining = () =>
    queries.availability({ from: '2026-12-02', to: '2026-12-02' }).slots.find((s) => s.start === SLOT)?.remaining;
  return { projection, clock, remaining, queries };
}

describe('availability (R4, R6)', () => {
  it('R6: a held place is free again the moment its deadline has passed, though the answer is kept per minute', () => {
    const { clock, remaining } = setup();
    expect(remaining()).toBe(0);
    clock.set('2026-12-01T14:59:59.999Z');
    expect(remaining()).toBe(0);
    clock.set('2026-12-01T15:00:00.000Z');
    expect(remaining()).toBe(1);
  });

  it('R4: a new event (a new position) is seen at once, within the same minute', () => {
    const { projection, remaining } = setup();
    expect(remaining()).toBe(0);
    projection.slots.get(key(SLOT))!.holds.clear();
    expect(remaining()).toBe(0); // same position, same minute: the kept answer
    projection.position = 2n;
    expect(remaining()).toBe(1);
  });

  it('R4: a slot that has begun is no longer listed', () => {
    const { clock, remaining } = setup();
    clock.set('2026-12-02T00:59:59.999Z');
    expect(remaining()).toBeDefined();
    clock.set('2026-12-02T01:00:00.000Z');
    expect(remaining()).toBeUndefined();
  });
});

describe('what availability says can be requested (R2-R5)', () => {
  // Friday 4 December 2026, 16:00 JST: every slot of the day has begun.
  const NOW = '2026-12-04T07:00:00.000Z';
  function queriesAt(now: string, full: string[] = []) {
    const projection = {
      position: 1n as bigint | undefined,
      slots: new Map(
        full.map((slot) => [key(slot), { holds: new Map<string, string>(), bookings: new Set<string>(['r-full']) }]),
      ),
      capacities: new Map(),
    };
    const settings = {
      officeCode: OFFICE,
      calendar: new BusinessCalendar({ closures: ['2026-12-10'] }),
      defaultCapacity: 1,
    } as unknown as SchedulingInfraSettings;
    return new SchedulingQueries(
      projection as unknown as SchedulingProjection,
      new ManualClock(now),
      officesOf(settings),
      undefined as never,
    );
  }
  const tuesdaySlots = new BusinessCalendar().slotsOf('2026-12-08').map((s) => s.start);

  it('R5: slots before the lead time are listed but not requestable (LEAD_TIME); R4: full ones are SLOT_FULL', () => {
    const answer = queriesAt(NOW, [tuesdaySlots[0]]).availability({ from: '2026-12-07', to: '2026-12-08' });
    const monday = answer.slots.filter((s) => s.start.startsWith('2026-12-07'));
    expect(monday).toHaveLength(12);
    expect(monday.every((s) => !s.requestable && s.reason === 'LEAD_TIME')).toBe(true);
    const [first, second] = answer.slots.filter((s) => tuesdaySlots.includes(s.start));
    expect(first).toMatchObject({ remaining: 0, requestable: false, reason: 'SLOT_FULL' });
    expect(second).toEqual({ start: tuesdaySlots[1], end: expect.any(String), remaining: 1, requestable: true });
  });

  it('R2, R5: days say whether they are open, why not, their free places and the first requestable date', () => {
    const answer = queriesAt(NOW, tuesdaySlots).availability({ from: '2026-12-04', to: '2026-12-10' });
    expect(answer.days).toEqual([
      { date: '2026-12-04', open: true, requestable: false, reason: 'SLOT_IN_PAST', free: 0, requestableSlots: 0 },
      {
        date: '2026-12-05',
        open: false,
        closedBecause: 'weekend',
        requestable: false,
        reason: 'NOT_BUSINESS_DAY',
        free: 0,
        requestableSlots: 0,
      },
      expect.objectContaining({ date: '2026-12-06', open: false, closedBecause: 'weekend' }),
      { date: '2026-12-07', open: true, requestable: false, reason: 'LEAD_TIME', free: 12, requestableSlots: 0 },
      { date: '2026-12-08', open: true, requestable: false, reason: 'SLOT_FULL', free: 0, requestableSlots: 0 },
      { date: '2026-12-09', open: true, requestable: true, free: 12, requestableSlots: 12 },
      expect.objectContaining({ date: '2026-12-10', open: false, closedBecause: 'office_closure' }),
    ]);
    expect(answer.firstRequestableDate).toBe('2026-12-09');
    expect(answer.earliestDate).toBe('2026-12-08');
  });

  it('R5: a request on a Saturday may ask for Wednesday at the earliest', () => {
    const answer = queriesAt('2026-12-05T01:00:00.000Z').availability({ from: '2026-12-08', to: '2026-12-09' });
    expect(answer.earliestDate).toBe('2026-12-09');
    expect(answer.days.map((d) => [d.date, d.reason ?? 'requestable'])).toEqual([
      ['2026-12-08', 'LEAD_TIME'],
      ['2026-12-09', 'requestable'],
    ]);
  });

  it('R2: national holidays and the year-end closure are closed days with their reason', () => {
    const answer = queriesAt(NOW).availability({ from: '2026-12-29', to: '2027-01-11' });
    const closed = (date: string) => answer.days.find((d) => d.date === date)?.closedBecause;
    expect(closed('2026-12-29')).toBe('year_end');
    expect(closed('2027-01-11')).toBe('national_holiday'); // 成人の日
    expect(answer.firstRequestableDate).toBe('2027-01-04');
    expect(answer.slots.every((s) => s.start >= '2027-01-04')).toBe(true);
  });
});
