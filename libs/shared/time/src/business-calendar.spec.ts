import fc from 'fast-check';
import { propertyRuns } from '@soudan/testing/property';
import {
  BusinessCalendar,
  isNationalHoliday,
  isYearEndClosure,
  jstDateOf,
  jstDateOfMs,
  jstTimeOfMs,
} from './business-calendar';

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

  it('R2: 2 and 3 January are closed on a weekday', () => {
    // 2025: Thursday and Friday; neither is a national holiday, only the closure shuts them.
    expect([isNationalHoliday('2025-01-02'), isNationalHoliday('2025-01-03')]).toEqual([false, false]);
    expect(calendar.isBusinessDay('2025-01-02')).toBe(false);
    expect(calendar.isBusinessDay('2025-01-03')).toBe(false);
    expect(calendar.isBusinessDay('2025-01-06')).toBe(true);
  });

  it('R2: 29, 30 and 31 December are closed on a weekday', () => {
    // 2025: Monday to Wednesday.
    for (const date of ['2025-12-29', '2025-12-30', '2025-12-31']) expect(calendar.isBusinessDay(date)).toBe(false);
    expect(calendar.isBusinessDay('2025-12-26')).toBe(true);
  });

  it('R2: the year-end closure is 29 Dec to 3 Jan, nothing before or after', () => {
    expect(
      ['12-27', '12-28', '12-29', '12-31', '01-01', '01-03', '01-04', '06-15'].map((d) =>
        isYearEndClosure(`2026-${d}`),
      ),
    ).toEqual([false, false, true, true, true, true, false, false]);
  });

  it('R2: a date that is not YYYY-MM-DD or not in the calendar is refused, not taken as some other day', () => {
    for (const bad of ['2026-2-03', '2026-02-30', '2026-13-01', '20260203', 'tomorrow', ''])
      expect(() => calendar.isBusinessDay(bad)).toThrow(RangeError);
    expect(() => calendar.addBusinessDays('2026-02-30', 1)).toThrow('not a calendar date: 2026-02-30');
    expect(() => calendar.addBusinessDays('2026-2-3', 1)).toThrow('not a YYYY-MM-DD date: 2026-2-3');
  });

  it('R5: zero business days is the day itself; a fraction or NaN of a day is refused', () => {
    expect(calendar.addBusinessDays('2026-11-28', 0)).toBe('2026-11-28');
    expect(() => calendar.addBusinessDays('2026-11-25', 1.5)).toThrow(RangeError);
    expect(() => calendar.addBusinessDays('2026-11-25', Number.NaN)).toThrow(RangeError);
  });

  it('R2: office closures are checked when the calendar is made: a closure that is not a date stops the start', () => {
    expect(() => new BusinessCalendar({ closures: ['2026-12-2'] })).toThrow('not a YYYY-MM-DD date: 2026-12-2');
    expect(() => new BusinessCalendar({ closures: ['2026-11-31'] })).toThrow('not a calendar date: 2026-11-31');
  });

  it('R2: a closure list that leaves no business day for a year is refused, not walked for ever', () => {
    const closures: string[] = [];
    for (let day = Date.parse('2026-12-01T00:00:00Z'); closures.length < 400; day += 86_400_000)
      closures.push(new Date(day).toISOString().slice(0, 10));
    const closed = new BusinessCalendar({ closures });
    expect(() => closed.addBusinessDays('2026-11-30', 1)).toThrow('no business day within 366 days of 2026-11-30');
    expect(() => closed.subtractBusinessDays('2028-01-05', 1)).toThrow(RangeError);
    // A run of closed days shorter than that is only long: the walk goes on past it.
    const long = new BusinessCalendar({ closures: closures.slice(0, 300) });
    expect(long.addBusinessDays('2026-11-30', 1)).toBe('2027-09-27');
  });

  it('R2: a run of exactly 366 closed days is walked past; one of 367 is refused', () => {
    const closedAfter = (first: string, days: number) => {
      const closures: string[] = [];
      for (let i = 1; i <= days; i += 1)
        closures.push(new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
      return new BusinessCalendar({ closures });
    };
    // Monday 5 Jan 2026, then 6 Jan 2026 ... 6 Jan 2027 closed; Thursday 7 Jan 2027 is open.
    expect(closedAfter('2026-01-05', 366).addBusinessDays('2026-01-05', 1)).toBe('2027-01-07');
    expect(() => closedAfter('2026-01-05', 367).addBusinessDays('2026-01-05', 1)).toThrow(RangeError);
  });

  it('R2: a long walk over many short closed runs is not taken for one long run', () => {
    // 500 business days span about two years, with far more than 366 closed days between them.
    const far = calendar.addBusinessDays('2026-01-05', 500);
    expect(calendar.isBusinessDay(far)).toBe(true);
    expect(calendar.subtractBusinessDays(far, 500)).toBe('2026-01-05');
  });

  it('R2: a date must be the whole text, nothing before or after it, and a string', () => {
    for (const bad of ['x2026-12-02', '2026-12-02x', ' 2026-12-02', '2026-12-0２'])
      expect(() => calendar.isBusinessDay(bad)).toThrow(`not a YYYY-MM-DD date: ${bad}`);
    expect(() => calendar.isBusinessDay(['2026-12-02'] as unknown as string)).toThrow('not a YYYY-MM-DD date');
    expect(() => calendar.isBusinessDay('2026-13-01')).toThrow('not a calendar date: 2026-13-01');
  });

  it('R3: office hours are checked: HH:mm, a whole number of minutes, room for one slot', () => {
    const hours = (open: string, close: string, slotMinutes: number) => () =>
      new BusinessCalendar({ hours: { open, close, slotMinutes } });
    expect(hours('09:00', '17:00', 60)).not.toThrow();
    expect(hours('09:00', '09:30', 30)).not.toThrow();
    expect(hours('23:58', '23:59', 1)).not.toThrow();
    expect(hours('00:00', '20:00', 60)).not.toThrow();
    for (const bad of [
      hours('9:00', '17:00', 30),
      hours('09:00', '24:00', 30),
      hours('09:60', '17:00', 30),
      hours('09:00', '17:00', 0),
      hours('09:00', '17:00', -30),
      hours('09:00', '17:00', 7.5),
      hours('09:00', '09:29', 30),
      hours('17:00', '09:00', 30),
      hours(' 09:00', '17:00', 30),
      hours('09:00', '17:00x', 30),
      hours('09:0a', '17:00', 30),
      hours('29:00', '17:00', 30),
    ])
      expect(bad).toThrow(RangeError);
    expect(new BusinessCalendar({ hours: { open: '09:00', close: '09:30', slotMinutes: 30 } }).slotTimes()).toEqual([
      '09:00',
    ]);
  });

  it('R3: the slots of a day are the same when asked again, and for many days in turn', () => {
    const fresh = new BusinessCalendar();
    const first = fresh.slotsOf('2026-12-02');
    for (let day = 0; day < 6000; day += 1)
      fresh.slotsOf(new Date(Date.UTC(2027, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));
    expect(fresh.slotsOf('2026-12-02')).toEqual(first);
    expect(fresh.slotsOf('2026-12-05')).toEqual([]);
  });

  it('R3: an instant that is not ISO-8601 is no slot start', () => {
    expect(calendar.isSlotStart('not a time')).toBe(false);
    expect(calendar.isSlotStart('2026-12-02 10:00')).toBe(false);
  });

  it('R1: the date and time of an instant in Japan, from text, a Date or milliseconds; garbage is refused', () => {
    expect(jstDateOf(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
    expect(jstDateOfMs(Date.parse('2026-12-31T14:59:59.999Z'))).toBe('2026-12-31');
    expect(jstTimeOfMs(Date.parse('2026-12-02T06:30:00Z'))).toBe('15:30');
    expect(() => jstDateOf('not a time')).toThrow('not an instant: not a time');
    expect(() => jstDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });

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
    expect(calendar.slotTimes()).toEqual([
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
      '13:00',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
    ]);
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

  const dates2020to2030 = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('R2 property: subtracting then adding n business days returns a business day to itself (2020-2030)', () => {
    fc.assert(
      fc.property(dates2020to2030, fc.integer({ min: 0, max: 20 }), (date, n) => {
        fc.pre(calendar.isBusinessDay(date));
        expect(calendar.addBusinessDays(calendar.subtractBusinessDays(date, n), n)).toBe(date);
      }),
      propertyRuns(500),
    );
  });

  it('R3 property: no slot on a closed day, and every slot of an open day is a slot start (2020-2030)', () => {
    fc.assert(
      fc.property(dates2020to2030, (date) => {
        const slots = calendar.slotsOf(date);
        if (!calendar.isBusinessDay(date)) expect(slots).toEqual([]);
        else expect(slots.every((s) => calendar.isSlotStart(s.start) && jstDateOf(s.start) === date)).toBe(true);
      }),
      propertyRuns(500),
    );
  });
});
