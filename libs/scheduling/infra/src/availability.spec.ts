// R4: availability answers are kept per (range, model position, minute); they must still
// change exactly when a slot begins, when a hold's R6 deadline passes, and with every event.
import { capacityDecider } from '@soudan/scheduling-domain';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import { ReservationsRpcController } from './reservations.rpc-controller';
import type { SchedulingProjection } from './scheduling.projection';
import type { SchedulingInfraSettings } from './tokens';

const SLOT = '2026-12-02T01:00:00.000Z'; // 10:00 JST on a Wednesday
const DEADLINE = '2026-12-01T14:59:59.999Z'; // R6: 23:59:59.999 JST the day before

function setup() {
  const projection = {
    position: 1n as bigint | undefined,
    slots: new Map([[SLOT, { holds: new Map([['r-1', DEADLINE]]), bookings: new Set<string>() }]]),
    capacity: capacityDecider.initialState(),
  };
  const clock = new ManualClock('2026-12-01T14:59:30.000Z');
  const settings = { calendar: new BusinessCalendar(), defaultCapacity: 1 } as unknown as SchedulingInfraSettings;
  const controller = new ReservationsRpcController(undefined as never, projection as unknown as SchedulingProjection, undefined as never, clock, settings);
  const remaining = () => controller.availability({ from: '2026-12-02', to: '2026-12-02' }).slots.find((s) => s.start === SLOT)?.remaining;
  return { projection, clock, remaining };
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
    projection.slots.get(SLOT)!.holds.clear();
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
