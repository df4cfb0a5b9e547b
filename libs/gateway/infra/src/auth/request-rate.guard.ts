// The general per-address limit over every route, answered in api.md's shape with
// Retry-After. One allowance per address for the whole API, not per route: a client
// that spreads a flood over many routes is still one client.
//
// Not @nestjs/throttler: its 6.x build is CommonJS and `require`s @nestjs/common, which is
// ESM-only since Nest 12; Node 20 manages that, Jest on Node 20 cannot (require(esm) in
// Jest needs Node 24.9+), so no test could load it. A token bucket per address is all
// the general limit needs: O(1) memory per address, bursts up to the allowance.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { clientIp } from './client-ip';
import { RUNTIME, type ServiceRuntime } from '@soudan/platform';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';
import { rateLimited } from '@soudan/identity-infra';

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    windowMs: number,
    private readonly maxKeys = 200_000,
  ) {
    this.perMs = capacity / windowMs;
  }

  /** Takes one token; answers 0, or the seconds until one is back. */
  take(key: string, now: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
    bucket.tokens -= 1;
    return 0;
  }
}

@Injectable()
export class RequestRateGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(@Inject(GATEWAY_OPTIONS) options: GatewayOptions, @Inject(RUNTIME) runtime: ServiceRuntime) {
    this.buckets = new TokenBuckets(options.requestsPerIpPerMinute ?? runtime.config.requestsPerIpPerMinute, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const wait = this.buckets.take(clientIp(context.switchToHttp().getRequest<Request>()), Date.now());
    if (wait > 0) throw rateLimited(wait);
    return true;
  }
}
