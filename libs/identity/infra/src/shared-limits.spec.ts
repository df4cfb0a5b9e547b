import { memoryLimits } from './shared-limits';

describe('counting limits (memory backend: the semantics the PostgreSQL one shares)', () => {
  it('take: allows the limit, then refuses with 429 and the seconds until the window ends', async () => {
    const limit = memoryLimits(Buffer.alloc(32, 1)).limiter('test', { limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) await limit.take('a');
    await expect(limit.take('a')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const error = (await limit.take('a').catch((e: unknown) => e)) as { details: { retryAfterSeconds: number } };
    expect(error.details.retryAfterSeconds).toBeGreaterThan(55);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another key has its own allowance.
    await expect(limit.take('b')).resolves.toBeUndefined();
  });

  it('check and count: only counted failures use up the allowance', async () => {
    const limit = memoryLimits(Buffer.alloc(32, 1)).limiter('failures', { limit: 2, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await limit.check('ip');
    await limit.count('ip');
    await limit.check('ip');
    await limit.count('ip');
    await expect(limit.check('ip')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
