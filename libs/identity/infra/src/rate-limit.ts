// What a counting limit allows, and how a refusal reads (api.md: 429 RATE_LIMITED with
// Retry-After). The limits themselves are kept where every replica sees them
// (shared-limits.ts); the general per-address limit per replica (request-rate.guard.ts).
import { AppError } from '@soudan/platform';

export interface LimitRule {
  limit: number;
  windowMs: number;
}

export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', 429, 'too many attempts', { retryAfterSeconds });
}
