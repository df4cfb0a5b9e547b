// Around every request-reply handler of a service: its latency by pattern and outcome.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { headerFrom } from '@soudan/messaging';
import {
  contextFrom,
  failSpan,
  rpcServerDuration,
  secondsSince,
  SpanKind,
  startSpan,
  TRACEPARENT,
  TRACESTATE,
  withContext,
} from '@soudan/observability';
import { Observable } from 'rxjs';

/** The pattern a request came in on: the NATS subject, or the in-process pattern. */
export function rpcPatternOf(ctx: unknown): string {
  const c = ctx as { getSubject?: () => string; getPattern?: () => string } | null;
  if (typeof c?.getSubject === 'function') return c.getSubject();
  if (typeof c?.getPattern === 'function') return c.getPattern();
  return 'unknown';
}

function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'INTERNAL';
}

@Injectable()
export class RpcObservabilityInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const ctx = context.switchToRpc().getContext<unknown>();
    const pattern = rpcPatternOf(ctx);
    const headers = (ctx as { getHeaders?: () => Parameters<typeof headerFrom>[0] }).getHeaders?.();
    const parent = contextFrom({
      [TRACEPARENT]: headerFrom(headers, TRACEPARENT),
      [TRACESTATE]: headerFrom(headers, TRACESTATE),
    });
    return new Observable((subscriber) => {
      const started = performance.now();
      let outcome = 'OK';
      const { span, context: active } = startSpan(`rpc ${pattern}`, {
        kind: SpanKind.SERVER,
        parent,
        attributes: { 'rpc.system': 'nats', 'rpc.method': pattern },
      });
      // The handler runs when subscribed: subscribe under the span so its work is inside it.
      const subscription = withContext(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            outcome = outcomeOf(error);
            rpcServerDuration.observe({ pattern, outcome }, secondsSince(started));
            failSpan(span, error);
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            rpcServerDuration.observe({ pattern, outcome }, secondsSince(started));
            span.end();
            subscriber.complete();
          },
        }),
      );
      return () => subscription.unsubscribe();
    });
  }
}
