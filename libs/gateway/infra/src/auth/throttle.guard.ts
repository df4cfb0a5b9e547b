// The general per-address limit over every route (@nestjs/throttler), answered in api.md's
// shape with Retry-After. One counter per address for the whole API, not per route: a
// client that spreads a flood over many routes is still one client.
import { createHash } from 'node:crypto';
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { rateLimited } from './rate-limit';

@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw rateLimited(Math.max(1, detail.timeToBlockExpire));
  }
}

export function throttlerOptions(requestsPerMinute: number): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit: requestsPerMinute }],
    generateKey: (_context, tracker, name) => createHash('sha256').update(`${name}\u0000${tracker}`).digest('hex'),
    // Limit headers on every answer would tell a scraper exactly how fast it may go.
    setHeaders: false,
  };
}
