import { SlidingWindowLimiter } from './rate-limit';
import { TokenBuckets } from './request-rate.guard';

describe('limits', () => {
  it('sliding window: allows `limit` hits per window, then tells how long to wait', () => {
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    for (const t of [0, 1000, 2000]) {
      expect(limiter.retryAfter('k', t)).toBe(0);
      limiter.record('k', t);
    }
    expect(limiter.retryAfter('k', 3000)).toBe(57);
    expect(() => limiter.enforce('k', 3000)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 57 } }));
    expect(limiter.retryAfter('other', 3000)).toBe(0);
    expect(limiter.retryAfter('k', 60_001)).toBe(0);
  });

  it('sliding window: forgets the oldest keys beyond its bound, so a flood of names cannot grow memory', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 }, 100);
    for (let i = 0; i < 1000; i++) limiter.record(`name-${i}`, 0);
    expect(limiter.retryAfter('name-999', 1)).toBeGreaterThan(0);
    expect(limiter.retryAfter('name-0', 1)).toBe(0);
  });

  it('token bucket: a burst up to the allowance, then one per refill interval', () => {
    const buckets = new TokenBuckets(60, 60_000);
    for (let i = 0; i < 60; i++) expect(buckets.take('ip', 0)).toBe(0);
    expect(buckets.take('ip', 0)).toBe(1);
    expect(buckets.take('ip', 1000)).toBe(0);
    expect(buckets.take('ip', 1000)).toBeGreaterThan(0);
    expect(buckets.take('other', 1000)).toBe(0);
  });
});
