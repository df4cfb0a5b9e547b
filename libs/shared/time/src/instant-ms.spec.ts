import fc from 'fast-check';
import { DateTime } from 'luxon';
import { instantMs, jstDateStartMs, jstDayStartMs } from './business-calendar';

const luxonMs = (text: string) => {
  const parsed = DateTime.fromISO(text);
  return parsed.isValid ? parsed.toMillis() : NaN;
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** Instants as the API writes them, and near misses (day 30 of February, hour 24, odd offsets). */
const written = fc
  .record({
    year: fc.integer({ min: 1970, max: 2100 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.option(fc.integer({ min: 0, max: 60 })),
    millis: fc.option(fc.integer({ min: 0, max: 999 })),
    zone: fc.constantFrom('Z', '+09:00', '-05:30', '+00:00', '+14:00', '+24:00', ''),
  })
  .map(
    ({ year, month, day, hour, minute, second, millis, zone }) =>
      `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}` +
      `${second === null ? '' : `:${pad(second)}${millis === null ? '' : `.${pad(millis, 3)}`}`}${zone}`,
  );

describe('instants without a time-zone library (issue 13: no zone lookups on hot paths)', () => {
  it('instantMs reads every written instant as luxon did, and refuses what it refused', () => {
    fc.assert(
      fc.property(written, (text) => {
        expect(instantMs(text)).toEqual(luxonMs(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('instantMs hands other ISO forms to luxon (week dates, no zone), so what is accepted does not change', () => {
    for (const text of ['2026-W50-3T10:00:00+09:00', '2026-12-09T10:00:00', '2026-12-09', 'not a date', ''])
      expect(instantMs(text)).toEqual(luxonMs(text));
  });

  it('R2: the Japan day of an instant begins at 00:00 JST (15:00 UTC the day before)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const reference = DateTime.fromMillis(ms, { zone: 'Asia/Tokyo' }).startOf('day').toMillis();
        expect(jstDayStartMs(ms)).toBe(reference);
      }),
      { numRuns: 2000 },
    );
    expect(new Date(jstDateStartMs('2026-12-09')).toISOString()).toBe('2026-12-08T15:00:00.000Z');
  });
});
