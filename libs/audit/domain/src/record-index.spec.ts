import { AUDIT_CATEGORIES, type AuditCategory } from './categories';
import { RecordIndex, subjectKey, type IndexEntry } from './record-index';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const HOUR = 3600_000;
const SEEKER = 'a'.repeat(32);

function indexOf(entries: Array<Omit<IndexEntry, 'position'>>): RecordIndex {
  const index = new RecordIndex();
  entries.forEach((entry, position) => index.add({ position, ...entry }));
  return index;
}

describe('the audit record index', () => {
  // 0 access, 1 reservation, 2 access (seeker, device), 3 reservation, 4 access ... up to 3000 records
  const entries = Array.from({ length: 3000 }, (_, i) => ({
    category: i % 2 === 0 ? ('access' as const) : ('reservation' as const),
    atMs: T0 + i * HOUR,
    subject: i % 10 === 2 ? SEEKER : undefined,
    hasDevice: i % 2 === 0,
  }));
  const index = indexOf(entries);

  it('R53: pages through every record in order, saying when more follow', () => {
    const first = index.find({ limit: 3 });
    expect(first).toEqual({ positions: [0, 1, 2], more: true });
    expect(index.find({ after: 2, limit: 3 }).positions).toEqual([3, 4, 5]);
    expect(index.find({ after: 2996, limit: 3 })).toEqual({ positions: [2997, 2998, 2999], more: false });
    expect(index.find({ after: 2999, limit: 3 })).toEqual({ positions: [], more: false });
  });

  it('R53: filters by category and by time, since inclusive and until exclusive, as instants', () => {
    expect(index.find({ category: 'reservation', after: 2, limit: 2 })).toEqual({ positions: [3, 5], more: true });
    expect(index.find({ sinceMs: T0 + 10 * HOUR, untilMs: T0 + 13 * HOUR, limit: 10 })).toEqual({
      positions: [10, 11, 12],
      more: false,
    });
    expect(index.find({ category: 'access', sinceMs: T0 + 2500 * HOUR, limit: 1000 }).positions).toHaveLength(250);
    // A time range late in the history skips whole blocks and still finds exactly the range.
    expect(index.find({ sinceMs: T0 + 2048 * HOUR, untilMs: T0 + 2050 * HOUR, limit: 10 }).positions).toEqual([
      2048, 2049,
    ]);
  });

  it('R53: a page that filled up exactly at the last match says nothing more follows', () => {
    expect(index.find({ category: 'reservation', after: 2994, limit: 2 })).toEqual({
      positions: [2995, 2997],
      more: true,
    });
    expect(index.find({ category: 'reservation', after: 2996, limit: 2 })).toEqual({
      positions: [2997, 2999],
      more: false,
    });
  });

  it('R52: finds the records of one seeker that carry device data', () => {
    const found = index.find({ subject: SEEKER, deviceOnly: true, limit: 1000 });
    expect(found.positions.slice(0, 3)).toEqual([2, 12, 22]);
    expect(found.positions).toHaveLength(300);
    expect(index.find({ subject: 'b'.repeat(32), limit: 10 }).positions).toEqual([]);
  });

  it('R53: records whose time cannot be read still page, but never match a time filter', () => {
    const odd = indexOf([
      { category: 'other', atMs: Number.NaN, hasDevice: false },
      { category: 'other', atMs: T0, hasDevice: false },
    ]);
    expect(odd.find({ limit: 10 }).positions).toEqual([0, 1]);
    expect(odd.find({ sinceMs: 0, limit: 10 }).positions).toEqual([1]);
  });

  it('refuses a position out of order, which would misfile every later record', () => {
    const fresh = new RecordIndex();
    expect(() => fresh.add({ position: 1, category: 'access', atMs: T0, hasDevice: false })).toThrow(RangeError);
  });
});

describe('the audit record index: edges', () => {
  it('R53: the subject key is the 32-bit FNV-1a of the seeker id; no seeker is 0', () => {
    expect(subjectKey('a')).toBe(0xe40c292c);
    expect(subjectKey('foobar')).toBe(0xbf9cf968);
    expect(subjectKey(undefined)).toBe(0);
    expect(subjectKey('')).toBe(0);
  });

  it('R53: a time filter with only an end finds everything before it; with only a start everything from it', () => {
    const index = indexOf(
      [0, 1, 2, 3].map((h) => ({ category: 'access' as const, atMs: T0 + h * HOUR, hasDevice: false })),
    );
    expect(index.find({ untilMs: T0 + 2 * HOUR, limit: 10 }).positions).toEqual([0, 1]);
    expect(index.find({ sinceMs: T0 + 2 * HOUR, limit: 10 }).positions).toEqual([2, 3]);
  });

  it('R53: records out of time order in a block are still found by either end of a time filter', () => {
    const index = indexOf([
      { category: 'access', atMs: T0 + 5 * HOUR, hasDevice: false },
      { category: 'access', atMs: T0, hasDevice: false },
      { category: 'access', atMs: T0 + 2 * HOUR, hasDevice: false },
    ]);
    expect(index.find({ untilMs: T0 + HOUR, limit: 10 }).positions).toEqual([1]);
    expect(index.find({ sinceMs: T0 + 4 * HOUR, limit: 10 }).positions).toEqual([0]);
  });

  it('R53: a time range starting at the last instant of a block finds that record and the first of the next block', () => {
    const index = indexOf(
      Array.from({ length: 1030 }, (_, i) => ({ category: 'access' as const, atMs: T0 + i * HOUR, hasDevice: false })),
    );
    expect(index.find({ sinceMs: T0 + 1023 * HOUR, untilMs: T0 + 1025 * HOUR, limit: 10 }).positions).toEqual([
      1023, 1024,
    ]);
    expect(index.find({ sinceMs: T0 + 1022 * HOUR, untilMs: T0 + 1024 * HOUR, limit: 10 }).positions).toEqual([
      1022, 1023,
    ]);
  });

  it('R51: a category the index does not know is filed as other; every known one is found as itself', () => {
    const index = indexOf([
      ...AUDIT_CATEGORIES.map((category) => ({ category, atMs: T0, hasDevice: false })),
      { category: 'unheard-of' as AuditCategory, atMs: T0, hasDevice: false },
    ]);
    AUDIT_CATEGORIES.forEach((category, position) =>
      expect(index.find({ category, limit: 10 }).positions).toEqual(
        category === 'other' ? [position, AUDIT_CATEGORIES.length] : [position],
      ),
    );
  });

  it('R53: a category without any record finds nothing', () => {
    const index = indexOf([{ category: 'access', atMs: T0, hasDevice: false }]);
    expect(index.find({ category: 'terms', limit: 10 })).toEqual({ positions: [], more: false });
  });

  it('R53: a page of one category after a position that is not in it starts at the next of that category', () => {
    const index = indexOf(
      ['access', 'reservation', 'reservation', 'access', 'reservation'].map((category) => ({
        category: category as AuditCategory,
        atMs: T0,
        hasDevice: false,
      })),
    );
    expect(index.find({ category: 'reservation', after: 0, limit: 10 }).positions).toEqual([1, 2, 4]);
    expect(index.find({ category: 'reservation', after: 1, limit: 10 }).positions).toEqual([2, 4]);
    expect(index.find({ category: 'reservation', after: 3, limit: 10 }).positions).toEqual([4]);
    expect(index.find({ category: 'access', after: 3, limit: 10 })).toEqual({ positions: [], more: false });
  });

  it('R52: a disclosure of device data leaves out the records of the same seeker that carry none', () => {
    const index = indexOf([
      { category: 'access', atMs: T0, subject: SEEKER, hasDevice: true },
      { category: 'access', atMs: T0, subject: SEEKER, hasDevice: false },
      { category: 'reservation', atMs: T0, subject: SEEKER, hasDevice: false },
      { category: 'access', atMs: T0, subject: SEEKER, hasDevice: true },
    ]);
    expect(index.find({ subject: SEEKER, deviceOnly: true, limit: 10 }).positions).toEqual([0, 3]);
    expect(index.find({ subject: SEEKER, deviceOnly: false, limit: 10 }).positions).toEqual([0, 1, 2, 3]);
  });
});
