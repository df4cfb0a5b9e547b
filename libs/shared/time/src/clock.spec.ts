import { BUSINESS_ZONE, ManualClock, systemClock } from './clock';

describe('clocks', () => {
  it('R1: business rules run in Asia/Tokyo', () => {
    expect(BUSINESS_ZONE).toBe('Asia/Tokyo');
  });

  it('a manual clock starts where it is set, moves only when told, and hands out copies', () => {
    const clock = new ManualClock('2026-12-01T00:00:00Z');
    const now = clock.now();
    now.setTime(0);
    expect(clock.now().toISOString()).toBe('2026-12-01T00:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-12-01T00:01:30.000Z');
    clock.set(new Date('2027-01-04T01:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-04T01:00:00.000Z');
  });

  it('the system clock tells the time of the machine', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
