import { canonicalJson, contentHash } from './content-hash';

describe('content hash of an event (what a retry must repeat)', () => {
  it('is the same for the same type and data in any key order, at any depth', () => {
    expect(contentHash('Confirmed', { slot: 'S1', meeting: { a: 1, b: [1, { y: 2, x: 1 }] } })).toBe(
      contentHash('Confirmed', { meeting: { b: [1, { x: 1, y: 2 }], a: 1 }, slot: 'S1' }),
    );
    expect(canonicalJson({ b: undefined, a: null })).toBe('{"a":null}');
  });

  it('differs when the type, a value, or the order of an array differs', () => {
    const base = contentHash('Confirmed', { slot: 'S1', slots: ['S1', 'S2'] });
    expect(contentHash('Cancelled', { slot: 'S1', slots: ['S1', 'S2'] })).not.toBe(base);
    expect(contentHash('Confirmed', { slot: 'S2', slots: ['S1', 'S2'] })).not.toBe(base);
    expect(contentHash('Confirmed', { slot: 'S1', slots: ['S2', 'S1'] })).not.toBe(base);
    expect(contentHash('Confirmed', { slot: 'S1', slots: ['S1', 'S2'], extra: 0 })).not.toBe(base);
  });
});
