// The snapshot encoding of the open reviews: through JSON and back unchanged, and
// anything else refused rather than half-restored.
import { decodeOpenReviews, encodeOpenReviews, type Review } from './open-reviews';

const review = (n: number, reason: Review['reason'] = 'no_shows'): Review => ({
  seekerId: n.toString(16).padStart(32, '0'),
  reviewId: `review-${n}`,
  reason,
  noShows: n + 1,
  since: '2026-06-01T00:00:00.000Z',
  requestedAt: `2026-11-${10 + n}T00:00:00.000Z`,
});

describe('open reviews snapshot encoding', () => {
  it('restores the reviews saved, in the same order', () => {
    const open = new Map([review(3, 'terminated'), review(1), review(2)].map((r) => [r.seekerId, r]));
    const restored = decodeOpenReviews(JSON.parse(JSON.stringify(encodeOpenReviews(open))));
    expect(restored).toEqual(open);
    expect([...restored.keys()]).toEqual([...open.keys()]);
    expect(decodeOpenReviews(JSON.parse(JSON.stringify(encodeOpenReviews(new Map()))))).toEqual(new Map());
  });

  it('copies each review, so one changed in place later (a new no-show) does not change a snapshot being written', () => {
    const r = review(1);
    const encoded = encodeOpenReviews(new Map([[r.seekerId, r]]));
    r.noShows = 9;
    expect(encoded[0][1].noShows).toBe(2);
  });

  it('refuses states that are not open reviews', () => {
    const good = JSON.parse(JSON.stringify(encodeOpenReviews(new Map([[review(1).seekerId, review(1)]]))));
    expect(() => decodeOpenReviews({})).toThrow(/not an array/);
    expect(() => decodeOpenReviews([['a']])).toThrow(/entry 0 is not a \[seekerId, review\] pair/);
    expect(() => decodeOpenReviews([['a', null]])).toThrow(/the review is not an object/);
    expect(() => decodeOpenReviews([[good[0][0], { ...good[0][1], reviewId: 7 }]])).toThrow(/reviewId is not a string/);
    expect(() => decodeOpenReviews([[good[0][0], { ...good[0][1], noShows: '2' }]])).toThrow(
      /noShows is not a whole number/,
    );
  });
});
