import type { Request } from 'express';

/** The client's address as express sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
export function clientIp(request: Request): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}
