// Counting limits the request-level throttler cannot express: failures only (a correct
// password must not use up the allowance), and keys that exist only after the body is
// read (account, account + IP). Sliding windows in memory, per replica; the staff
// account's failures are also kept durably (see staff-users.ts).
import { AppError } from '@soudan/platform';

export interface LimitRule {
  limit: number;
  windowMs: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  /** `maxKeys` bounds memory under a flood of distinct keys: the oldest key is forgotten first. */
  constructor(
    readonly rule: LimitRule,
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfter(key: string, now: number): number {
    const live = this.live(key, now);
    if (live.length < this.rule.limit) return 0;
    return Math.max(1, Math.ceil((live[live.length - this.rule.limit] + this.rule.windowMs - now) / 1000));
  }

  record(key: string, now: number): void {
    const live = this.live(key, now);
    live.push(now);
    // Only the last `limit` hits matter for the decision.
    if (live.length > this.rule.limit) live.splice(0, live.length - this.rule.limit);
    this.hits.delete(key);
    this.hits.set(key, live);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }

  /** 429 RATE_LIMITED with the wait when the key is over its limit. */
  enforce(key: string, now: number): void {
    const wait = this.retryAfter(key, now);
    if (wait > 0) throw rateLimited(wait);
  }

  private live(key: string, now: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const from = now - this.rule.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop] <= from) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) this.hits.delete(key);
    return list;
  }
}

export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', 429, 'too many attempts', { retryAfterSeconds });
}
