// Traces (OpenTelemetry): one reservation is one trace, from the HTTP request through
// request-reply over NATS, the store, the relay, JetStream and the consumers (audit, the
// mail). The W3C `traceparent` travels in NATS headers (request-reply and events) and in
// the metadata of each stored event, so the relay, which publishes later and elsewhere,
// continues the trace of the request that appended it.
//
// Off by default: startTelemetry() starts the SDK only when an exporter is configured by
// the standard variables (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), and never with OTEL_SDK_DISABLED=true. Without the
// SDK every helper here is a no-op of the OpenTelemetry API: nothing is added to events.
import { createRequire } from 'node:module';
import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

export { SpanKind } from '@opentelemetry/api';

export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

const tracer = () => trace.getTracer('soudan');

type Env = Record<string, string | undefined>;

/** Whether the standard variables ask for traces to be exported. */
export function tracingConfigured(env: Env = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').trim();
  if (exporters) return exporters.split(',').some((e) => !['none', 'null', ''].includes(e.trim()));
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  serviceName: string;
  env?: Env;
  /** Tests: where spans go (an in-memory exporter); starts the SDK whatever the variables say. */
  spanProcessors?: unknown[];
  /**
   * Patch node:http, express and pg (default true). Only these three: the bundle of
   * every instrumentation costs start-up time and memory on a small machine.
   */
  instrumentations?: boolean;
}

/**
 * Starts the OpenTelemetry SDK when configured (see above); call it before anything
 * else is imported (apps' `telemetry.ts`, the first import of each main.ts).
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry | undefined> {
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingConfigured(env)) return undefined;
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const instrumentations = [];
  if (options.instrumentations !== false) {
    const [{ HttpInstrumentation }, { ExpressInstrumentation, ExpressLayerType }, { PgInstrumentation }] =
      await Promise.all([
        import('@opentelemetry/instrumentation-http'),
        import('@opentelemetry/instrumentation-express'),
        import('@opentelemetry/instrumentation-pg'),
      ]);
    instrumentations.push(
      // The probes and scrapes of the operator port are not worth a trace each.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)\b/.test(request.url ?? ''),
      }),
      // Routers and handlers, not each middleware layer (a dozen spans per request).
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    );
  }
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || `soudan-${options.serviceName}`,
    instrumentations,
    // Traces only: metrics are Prometheus's (/metrics), logs are pino's lines.
    metricReaders: [],
    logRecordProcessors: [],
    ...(options.spanProcessors
      ? {
          spanProcessors: options.spanProcessors as NonNullable<
            ConstructorParameters<typeof NodeSDK>[0]
          >['spanProcessors'],
        }
      : {}),
  });
  sdk.start();
  if (options.instrumentations !== false) {
    // express and pg are CommonJS: requiring them here, after the SDK's hooks are in
    // place, patches the copies that the ESM imports of the app then get from the cache.
    const require = createRequire(import.meta.url);
    for (const name of ['http', 'https', 'express', 'pg']) {
      try {
        require(name);
      } catch {
        // Not installed in this image: nothing to patch.
      }
    }
  }
  return { shutdown: () => sdk.shutdown() };
}

/** The current trace context as `traceparent` (and `tracestate`) entries; empty without an active span. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (!trace.getSpan(ctx)?.spanContext()) return carrier;
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a carrier (headers, event metadata) names as parent; the active one when it names none. */
export function contextFrom(carrier: Record<string, unknown> | undefined): Context {
  const traceparent = carrier?.[TRACEPARENT];
  if (typeof traceparent !== 'string') return context.active();
  const tracestate = carrier?.[TRACESTATE];
  return propagation.extract(context.active(), {
    [TRACEPARENT]: traceparent,
    ...(typeof tracestate === 'string' ? { [TRACESTATE]: tracestate } : {}),
  });
}

/** Runs `work` in a new span (child of `parent`, else of the active span), ending it and recording a failure. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Context[] },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  // A batch's span links the traces of the messages after its first (its parent).
  const links = (options.links ?? [])
    .map((linked) => trace.getSpan(linked)?.spanContext())
    .filter((spanContext) => spanContext !== undefined)
    .map((spanContext) => ({ context: spanContext }));
  const span = tracer().startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: options.attributes,
      ...(links.length > 0 ? { links } : {}),
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (middleware, observables); with the context to run under it. */
export function startSpan(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Marks a span failed with the error's code (never its message: it may quote input). */
export function failSpan(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
  if (typeof code === 'string') span.setAttribute('soudan.error_code', code);
}

/** Runs `fn` with `ctx` active (AsyncLocalStorage: awaited work inside keeps it). */
export function withContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

/** The active trace id, for log lines; undefined without an active span. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && spanContext.traceId !== '00000000000000000000000000000000' ? spanContext.traceId : undefined;
}
