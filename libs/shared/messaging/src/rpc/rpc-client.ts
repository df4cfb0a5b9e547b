import { randomUUID } from 'node:crypto';
import type { ClientProxy } from '@nestjs/microservices';
// Not re-exported from the package root; ClientNats raises it for a no-responders reply.
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { firstValueFrom, throwError, timeout } from 'rxjs';
import {
  failSpan,
  rpcClientDuration,
  secondsSince,
  SpanKind,
  startSpan,
  traceHeaders,
  withContext,
} from '@soudan/observability';
import { RpcError } from '../messaging.port';
import { CORRELATION_HEADER } from './correlation';
import { PRINCIPAL_HEADER } from './principal';

export const DEFAULT_RPC_TIMEOUT_MS = 5000;

export interface RpcRequestOptions {
  /** Overrides the client's default (5 s unless configured). */
  timeoutMs?: number;
  /** Defaults to the client's `correlationId()` provider, else a fresh UUID. */
  correlationId?: string;
  headers?: Record<string, string>;
  /** A signed principal to send as it is (a service passing on the one it received). */
  principal?: string;
}

/** Signs the principal of one request (the gateway's signer; see principal.ts). */
export type PrincipalSource = (pattern: string, payload: unknown) => string | undefined;

export interface RpcClientOptions {
  timeoutMs?: number;
  /** Where the current request's correlation id lives (e.g. platform's `currentCorrelationId`). */
  correlationId?: () => string | undefined;
  /** The gateway's: a principal for every request; services have none and act for no one. */
  principal?: PrincipalSource;
}

/** The part of a Nest ClientProxy (ClientNats, InProcessClient) the wrapper uses. */
export type RpcProxy = Pick<ClientProxy, 'send' | 'emit' | 'close' | 'connect'>;

/** What differs between transports: the Nest client and how it carries headers. */
export interface RpcTransport {
  readonly client: RpcProxy;
  wrap(payload: unknown, headers: Record<string, string>): unknown;
}

/** The error payload a server answers with (see RpcErrorFilter). */
export interface RpcErrorPayload {
  code: string;
  message: string;
  status: number;
  details?: Record<string, unknown>;
}

function isErrorPayload(value: unknown): value is RpcErrorPayload {
  const v = value as Partial<RpcErrorPayload> | null;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.status === 'number';
}

/**
 * Maps whatever a Nest client rejected with onto the stable codes the gateway knows:
 * the server's error payload as it was sent, anything about reaching the server as
 * UPSTREAM_UNAVAILABLE.
 */
export function toRpcError(error: unknown, pattern: string): RpcError {
  if (error instanceof RpcError) return error;
  if (isErrorPayload(error)) {
    const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
    return new RpcError(
      error.code,
      typeof error.message === 'string' ? error.message : error.code,
      error.status,
      details,
    );
  }
  if (error instanceof EmptyResponseException) {
    // nats-server answers a request nobody subscribes to with an empty 503 status message.
    return new RpcError('UPSTREAM_UNAVAILABLE', `no service answers ${pattern}; is it running?`, 503);
  }
  const e = error as { status?: unknown; message?: unknown } | null;
  if (typeof e === 'object' && e !== null && e.status === 'error') {
    // Nest's default filter: the server runs without RpcErrorFilter and hides the cause.
    return new RpcError('INTERNAL', `the service answering ${pattern} failed`, 500);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new RpcError('UPSTREAM_UNAVAILABLE', `cannot reach the service answering ${pattern}: ${reason}`, 503);
}

/** Request-reply for callers (the gateway): one promise per request, never a hang. */
export class RpcClient {
  private readonly defaultTimeoutMs: number;

  constructor(
    private readonly transport: RpcTransport,
    private readonly options: RpcClientOptions = {},
  ) {
    this.defaultTimeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  }

  /** The same connection, signing every request's principal with `principal`. */
  signing(principal: PrincipalSource): RpcClient {
    return new RpcClient(this.transport, { ...this.options, principal });
  }

  /** The Nest client underneath, for the rare caller that needs `emit`. */
  get proxy(): RpcProxy {
    return this.transport.client;
  }

  async request<TRes>(pattern: string, payload: unknown, options: RpcRequestOptions = {}): Promise<TRes> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const correlationId = options.correlationId ?? this.options.correlationId?.() ?? randomUUID();
    const { span, context } = startSpan(`rpc ${pattern}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'rpc.system': 'nats', 'rpc.method': pattern },
    });
    const headers: Record<string, string> = {
      ...options.headers,
      ...traceHeaders(context),
      [CORRELATION_HEADER]: correlationId,
    };
    const principal = options.principal ?? this.options.principal?.(pattern, payload);
    if (principal) headers[PRINCIPAL_HEADER] = principal;
    const reply$ = this.transport.client.send<TRes>(pattern, this.transport.wrap(payload, headers)).pipe(
      // Covers connecting too: a client still reconnecting to NATS answers in time as well.
      timeout({
        first: timeoutMs,
        with: () =>
          throwError(
            () =>
              new RpcError('UPSTREAM_TIMEOUT', `no answer from ${pattern} within ${timeoutMs} ms`, 503, {
                pattern,
                timeoutMs,
              }),
          ),
      }),
    );
    const started = performance.now();
    try {
      const reply = await withContext(context, () => firstValueFrom(reply$, { defaultValue: undefined as TRes }));
      rpcClientDuration.observe({ pattern, outcome: 'OK' }, secondsSince(started));
      return reply;
    } catch (error) {
      const rpcError = toRpcError(error, pattern);
      rpcClientDuration.observe({ pattern, outcome: rpcError.code }, secondsSince(started));
      failSpan(span, rpcError);
      throw rpcError;
    } finally {
      span.end();
    }
  }

  async close(): Promise<void> {
    await this.transport.client.close();
  }
}
