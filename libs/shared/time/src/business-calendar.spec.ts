import fc from 'fast-check';
import { BusinessCalendar, isNationalHoliday, jstDateOf } from './business-calendar';

const calendar = new BusinessCalendar();

describe('business calendar', () => {
  it('R2: weekdays are business days, weekends are not', () => {
    expect(calendar.isBusinessDay('2026-11-25')).toBe(true); // Wednesday
    expect(calendar.isBusinessDay('2026-11-28')).toBe(false); // Saturday
    expect(calendar.isBusinessDay('2026-11-29')).toBe(false); // Sunday
  });

  it.each([
    ['2026-01-12', '成人の日'],
    ['2026-05-06', '振替休日 (Golden Week)'],
    ['2026-09-22', '国民の休日 (Silver Week)'],
    ['2025-05-06', '振替休日'],
    ['2020-07-24', 'スポーツの日 (moved for 2020)'],
    ['2030-11-04', '振替休日'],
  ])('R2: %s is not a business day (%s)', (date) => {
    expect(isNationalHoliday(date)).toBe(true);
    expect(calendar.isBusinessDay(date)).toBe(false);
  });

  it.each(['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'])(
    'R2: %s falls in the year-end closure',
    (date) => {
      expect(calendar.isBusinessDay(date)).toBe(false);
    },
  );

  it('R2: 28 Dec and 4 Jan are business days when they are weekdays', () => {
    expect(calendar.isBusinessDay('2026-12-28')).toBe(true);
    expect(calendar.isBusinessDay('2027-01-04')).toBe(true);
  });

  it('R2: an office closure is not a business day', () => {
    const closed = new BusinessCalendar({ closures: ['2026-12-02'] });
    expect(closed.isBusinessDay('2026-12-02')).toBe(false);
    expect(calendar.isBusinessDay('2026-12-02')).toBe(true);
  });

  it('R5: two business days before Wednesday is Monday; before a Monday, the Thursday', () => {
    expect(calendar.subtractBusinessDays('2026-12-02', 2)).toBe('2026-11-30');
    expect(calendar.subtractBusinessDays('2026-12-07', 2)).toBe('2026-12-03');
  });

  it('R2: adding business days skips Golden Week 2026', () => {
    expect(calendar.addBusinessDays('2026-05-01', 1)).toBe('2026-05-07');
  });

  it('R2: adding business days skips the year-end closure', () => {
    expect(calendar.addBusinessDays('2026-12-28', 1)).toBe('2027-01-04');
  });

  it('R3: a business day has twelve 30-minute slots from 10:00 to 15:30 JST', () => {
    const slots = calendar.slotsOf('2026-12-02');
    expect(slots).toHaveLength(12);
    expect(slots[0]).toEqual({ start: '2026-12-02T01:00:00.000Z', end: '2026-12-02T01:30:00.000Z' });
    expect(slots[11].start).toBe('2026-12-02T06:30:00.000Z');
  });

  it('R3: the slot times of a day are 10:00 ... 15:30', () => {
    expect(calendar.slotTimes()).toEqual(['10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30']);
  });

  it('R3: slot starts are checked in any offset; 10:15 and 16:00 are not slots', () => {
    expect(calendar.isSlotStart('2026-12-02T10:00:00+09:00')).toBe(true);
    expect(calendar.isSlotStart('2026-12-02T06:30:00Z')).toBe(true);
    expect(calendar.isSlotStart('2026-12-02T10:15:00+09:00')).toBe(false);
    expect(calendar.isSlotStart('2026-12-02T16:00:00+09:00')).toBe(false);
    expect(calendar.isSlotStart('2026-12-05T10:00:00+09:00')).toBe(false);
  });

  it('R1: the date of an instant is its date in Japan', () => {
    expect(jstDateOf('2026-12-01T15:30:00Z')).toBe('2026-12-02');
    expect(jstDateOf('2026-12-01T14:59:59Z')).toBe('2026-12-01');
  });

  const dates2020to2030 = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it('R2 property: subtracting then adding n business days returns a business day to itself (2020-2030)', () => {
    fc.assert(
      fc.property(dates2020to2030, fc.integer({ min: 0, max: 20 }), (date, n) => {
        fc.pre(calendar.isBusinessDay(date));
        expect(calendar.addBusinessDays(calendar.subtractBusinessDays(date, n), n)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });

  it('R3 property: no slot on a closed day, and every slot of an open day is a slot start (2020-2030)', () => {
    fc.assert(
      fc.property(dates2020to2030, (date) => {
        const slots = calendar.slotsOf(date);
        if (!calendar.isBusinessDay(date)) expect(slots).toEqual([]);
        else expect(slots.every((s) => calendar.isSlotStart(s.start) && jstDateOf(s.start) === date)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
