// One JSON request to the API over a given keep-alive agent (each agent bound to a local
// address of its own, so the gateway's per-address limits see many clients): the floods
// and the end-to-end bench send with it.
import { request, type Agent } from 'node:http';

export interface HttpAnswer {
  status: number;
  retryAfter?: string;
  body: Record<string, any>;
}

export interface HttpCallOptions {
  body?: unknown;
  /** A body sent as it is (bad JSON, on purpose). */
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function httpCall(
  agent: Agent,
  baseUrl: string,
  method: string,
  path: string,
  options: HttpCallOptions = {},
): Promise<HttpAnswer> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/v1${path}`,
      {
        method,
        agent,
        timeout: options.timeoutMs,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: HttpAnswer['body'] = {};
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            body = { unparsed: text.slice(0, 200) };
          }
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            body,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}
