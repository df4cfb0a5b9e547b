// Model-based tests of the office calendar (R2, R3, R5): the calendar against a model
// written the plain way (day numbers, a weekday formula, month and day as numbers, a
// day-by-day walk), over random dates 2020-2030, random office closures and random
// office hours. The national holidays are the one input both share: @holiday-jp's list.
import holidayJp from '@holiday-jp/holiday_jp';
import fc from 'fast-check';
import { propertyRuns } from '@soudan/testing/property';
import { BusinessCalendar } from './business-calendar';

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const FIRST = dayNumber('2020-01-01');
const LAST = dayNumber('2030-12-31');
const NATIONAL_HOLIDAYS = new Set(Object.keys(holidayJp.holidays));

/** The model of R2: a weekday that is not a national holiday, not 29 Dec - 3 Jan and not closed. */
function modelIsBusinessDay(date: string, closures: ReadonlySet<string>): boolean {
  const weekday = (dayNumber(date) + 4) % 7; // 1 Jan 1970 was a Thursday; 0 is Sunday
  if (weekday === 0 || weekday === 6) return false;
  const [, month, day] = date.split('-').map(Number);
  if ((month === 12 && day >= 29) || (month === 1 && day <= 3)) return false;
  return !NATIONAL_HOLIDAYS.has(date) && !closures.has(date);
}

function modelAddBusinessDays(date: string, n: number, closures: ReadonlySet<string>): string {
  let day = dayNumber(date);
  for (let remaining = Math.abs(n); remaining > 0;) {
    day += Math.sign(n);
    if (modelIsBusinessDay(dateOf(day), closures)) remaining -= 1;
  }
  return dateOf(day);
}

/** Business days d with from <= d < to. */
const businessDaysBetween = (from: string, to: string, closures: ReadonlySet<string>) => {
  let count = 0;
  for (let day = dayNumber(from); day < dayNumber(to); day += 1) if (modelIsBusinessDay(dateOf(day), closures)) count++;
  return count;
};

const anyDate = fc.integer({ min: FIRST, max: LAST }).map(dateOf);
/** A date and office closures around it (closures far away would never matter). */
const dateWithClosures = fc
  .tuple(
    fc.integer({ min: FIRST + 40, max: LAST - 40 }),
    fc.uniqueArray(fc.integer({ min: -40, max: 40 }), { maxLength: 12 }),
  )
  .map(([day, offsets]) => ({ date: dateOf(day), closures: offsets.map((o) => dateOf(day + o)) }));
/** Days of the year-end closure and of Golden Week are the interesting ones: weight them in. */
const interestingDate = fc.oneof(
  anyDate,
  fc
    .tuple(fc.integer({ min: 2020, max: 2030 }), fc.constantFrom('12-26', '12-28', '12-29', '12-31', '01-02', '01-03'))
    .map(([year, monthDay]) => `${year}-${monthDay}`),
  fc
    .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 28, max: 37 }))
    .map(([year, day]) => dateOf(dayNumber(`${year}-04-01`) + day)),
);

describe('business calendar against a model (R2, R3, R5)', () => {
  it('R2 model: a day is a business day exactly when the model says so, office closures included', () => {
    fc.assert(
      fc.property(dateWithClosures, interestingDate, ({ date, closures }, other) => {
        const calendar = new BusinessCalendar({ closures });
        const closed = new Set(closures);
        for (const day of [date, other, ...closures])
          expect([day, calendar.isBusinessDay(day)]).toEqual([day, modelIsBusinessDay(day, closed)]);
      }),
      propertyRuns(400),
    );
  });

  it('R2 model: every day 2020-2030 of the plain calendar agrees with the model', () => {
    const calendar = new BusinessCalendar();
    const none = new Set<string>();
    const disagree: string[] = [];
    for (let day = FIRST; day <= LAST; day += 1) {
      const date = dateOf(day);
      if (calendar.isBusinessDay(date) !== modelIsBusinessDay(date, none)) disagree.push(date);
    }
    expect(disagree).toEqual([]);
  });

  it('R2 model: adding or subtracting n business days walks over weekends, holidays, 29 Dec-3 Jan and closures', () => {
    fc.assert(
      fc.property(dateWithClosures, fc.integer({ min: -25, max: 25 }), ({ date, closures }, n) => {
        const calendar = new BusinessCalendar({ closures });
        const expected = modelAddBusinessDays(date, n, new Set(closures));
        expect(calendar.addBusinessDays(date, n)).toBe(expected);
        expect(calendar.subtractBusinessDays(date, -n)).toBe(expected);
      }),
      propertyRuns(400),
    );
  });

  it('R5 model: a request day is early enough for a desired day exactly when two business days lie from it to the day before', () => {
    fc.assert(
      fc.property(dateWithClosures, fc.integer({ min: -3, max: 20 }), ({ date: requestDate, closures }, ahead) => {
        const calendar = new BusinessCalendar({ closures });
        const closed = new Set(closures);
        const desired = dateOf(dayNumber(requestDate) + ahead);
        fc.pre(modelIsBusinessDay(desired, closed));
        // requestDate <= desiredDate - 2 business days (JST dates), as R5 words it.
        const inTime = requestDate <= calendar.subtractBusinessDays(desired, 2);
        expect(inTime).toBe(businessDaysBetween(requestDate, desired, closed) >= 2);
      }),
      propertyRuns(400),
    );
  });

  it('R5 model: the earliest desired day is the third business day counting the request day when it is one, else the third after', () => {
    fc.assert(
      fc.property(dateWithClosures, ({ date: requestDate, closures }) => {
        const calendar = new BusinessCalendar({ closures });
        const closed = new Set(closures);
        let earliest = dayNumber(requestDate);
        while (
          !modelIsBusinessDay(dateOf(earliest), closed) ||
          businessDaysBetween(requestDate, dateOf(earliest), closed) < 2
        )
          earliest += 1;
        const day = dateOf(earliest);
        expect(requestDate <= calendar.subtractBusinessDays(day, 2)).toBe(true);
        const dayBefore = calendar.subtractBusinessDays(day, 1);
        expect(dayBefore >= requestDate && requestDate <= calendar.subtractBusinessDays(dayBefore, 2)).toBe(false);
      }),
      propertyRuns(300),
    );
  });

  const hoursArb = fc
    .record({
      open: fc.integer({ min: 7 * 60, max: 12 * 60 }),
      length: fc.integer({ min: 1, max: 9 * 60 }),
      slotMinutes: fc.constantFrom(10, 15, 20, 25, 30, 45, 50, 60, 90),
    })
    .filter(({ length, slotMinutes }) => length >= slotMinutes)
    .map(({ open, length, slotMinutes }) => {
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return {
        open: hhmm(open),
        close: hhmm(open + length),
        slotMinutes,
        openMinutes: open,
        closeMinutes: open + length,
      };
    });

  it('R3 model: slots of any office hours start at the opening, follow one another, and all end by the close', () => {
    fc.assert(
      fc.property(hoursArb, anyDate, ({ openMinutes, closeMinutes, ...hours }, date) => {
        const calendar = new BusinessCalendar({ hours });
        const expected: number[] = [];
        for (let m = openMinutes; m + hours.slotMinutes <= closeMinutes; m += hours.slotMinutes) expected.push(m);
        const minutes = calendar.slotTimes().map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
        expect(minutes).toEqual(expected);
        const slots = calendar.slotsOf(date);
        if (!modelIsBusinessDay(date, new Set())) return expect(slots).toEqual([]);
        const midnight = Date.parse(`${date}T00:00:00+09:00`);
        expect(slots).toEqual(
          expected.map((m) => ({
            start: new Date(midnight + m * 60_000).toISOString(),
            end: new Date(midnight + (m + hours.slotMinutes) * 60_000).toISOString(),
          })),
        );
        for (const slot of slots) expect(calendar.isSlotStart(slot.start)).toBe(true);
        expect(calendar.isSlotStart(new Date(midnight + (expected[0] + 1) * 60_000).toISOString())).toBe(false);
      }),
      propertyRuns(200),
    );
  });
});
