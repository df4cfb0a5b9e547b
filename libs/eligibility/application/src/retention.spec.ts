// The snapshot encoding of the retention facts: through JSON and back unchanged, and
// anything else refused rather than half-restored (a wrong restore could erase early).
import type { RetentionFacts } from '@soudan/eligibility-domain';
import { decodeRetention, encodeRetention } from './retention';

const id = (n: number) => n.toString(16).padStart(32, '0');

describe('retention facts snapshot encoding (R54)', () => {
  it('R54: restores the facts saved, a lifted suspension included', () => {
    const facts = new Map<string, RetentionFacts>([
      [id(1), { onRoster: true, lastActivityAt: '2026-03-01T00:00:00.000Z', reviewOpen: false }],
      [
        id(2),
        {
          onRoster: true,
          lastActivityAt: '2026-04-01T00:00:00.000Z',
          suspensionEndsAt: '2027-01-31T15:00:00.000Z',
          reviewOpen: true,
        },
      ],
      [
        id(3),
        { onRoster: false, lastActivityAt: '2026-05-01T00:00:00.000Z', suspensionEndsAt: undefined, reviewOpen: false },
      ],
    ]);
    const restored = decodeRetention(JSON.parse(JSON.stringify(encodeRetention(facts))));
    expect([...restored.keys()]).toEqual([...facts.keys()]);
    expect(restored.get(id(2))).toEqual(facts.get(id(2)));
    expect(restored.get(id(3))).toEqual({
      onRoster: false,
      lastActivityAt: '2026-05-01T00:00:00.000Z',
      reviewOpen: false,
    });
  });

  it('R54: refuses states that are not retention facts', () => {
    expect(() => decodeRetention({})).toThrow(/not an array/);
    expect(() => decodeRetention([['a']])).toThrow(/not a \[seekerId, facts\] pair/);
    expect(() => decodeRetention([['a', { onRoster: 'yes', reviewOpen: false }]])).toThrow(/booleans/);
    expect(() => decodeRetention([['a', { onRoster: true, reviewOpen: false, lastActivityAt: 7 }]])).toThrow(
      /lastActivityAt is not a string/,
    );
  });
});
