// Nest's logs and the one line per HTTP request, through nestjs-pino over the process's
// pino logger (logger.ts: redaction of credentials and of what identifies a person).
//
// The request line says what an operator needs and nothing a person typed: method, the
// route template (`/api/v1/reservations/:id`, never the raw path or query, which may hold
// a job seeker number, a token or a meeting link), status, time taken, the correlation
// id and the trace id. No `req`/`res` objects: no addresses, user agents or headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule, INestApplication, INestMicroservice } from '@nestjs/common';
import { Logger as NestPinoLogger, LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import type { Logger } from './logger';

/** Set on a request by the gateway's request span (the line is written after the span's context is gone). */
export const REQUEST_TRACE_ID = Symbol('soudan.traceId');

type Request = IncomingMessage & { route?: { path?: unknown }; [REQUEST_TRACE_ID]?: string };

/** The route template a request matched; `unmatched` when none did (Nest's not-found handler is a wildcard). */
export function routeTemplate(request: { route?: { path?: unknown } }): string {
  const route = request.route?.path;
  return typeof route === 'string' && !route.includes('*') ? route : 'unmatched';
}

function requestLine(req: IncomingMessage, res: ServerResponse, responseTime: number) {
  const request = req as Request;
  const correlationId = res.getHeader('x-correlation-id');
  return {
    method: req.method,
    route: routeTemplate(request),
    status: res.headersSent || res.writableFinished ? res.statusCode : 499,
    responseTime,
    ...(typeof correlationId === 'string' && correlationId ? { correlationId } : {}),
    ...(request[REQUEST_TRACE_ID] ? { traceId: request[REQUEST_TRACE_ID] } : {}),
  };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function params(logger: Logger): Params {
  return {
    renameContext: 'component',
    pinoHttp: {
      logger,
      quietReqLogger: true,
      quietResLogger: true,
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      customSuccessObject: (req, res, value: { responseTime: number }) => requestLine(req, res, value.responseTime),
      customErrorObject: (req, res, error, value: { responseTime: number }) => ({
        ...requestLine(req, res, value.responseTime),
        errorCode: codeOf(error),
      }),
      customSuccessMessage: () => 'http request',
      customErrorMessage: () => 'http request',
    },
  };
}

/**
 * nestjs-pino keeps one root logger per process, made by whoever asks first. The
 * process's entry point asks first, with its own logger, so every Nest app of the
 * process (all of them, in the all-in-one system) logs through it.
 */
export function initNestLogging(logger: Logger): void {
  new PinoLogger(params(logger));
}

/** The module an app imports for nestjs-pino (the HTTP middleware, the Nest logger). */
export function nestLoggingModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot(params(logger));
}

/** Nest's own messages through pino, once the app exists (created with `bufferLogs: true`). */
export function useNestLogging(app: INestApplication | INestMicroservice): void {
  app.useLogger(app.get(NestPinoLogger));
}
