import { RecordIndex, type IndexEntry } from './record-index';

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
