// The HTTP edge: JSON only, bounded bodies, a correlation id on every request, security
// headers, CORS for the configured web origin only, an access record of every request
// (R50), api.md's error shape for everything that goes wrong, OpenAPI at /api/docs.
import type { Server as HttpServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { EventRelay } from '@soudan/messaging';
import { failSpan, httpRequestDuration, secondsSince, SpanKind, startSpan, withContext } from '@soudan/observability';
import {
  AppError,
  currentCorrelationId,
  nestLoggingModule,
  REQUEST_TRACE_ID,
  routeTemplate,
  useNestLogging,
  runWithCorrelation,
  sanitizeCorrelationId,
  type ServiceRuntime,
} from '@soudan/platform';
import { ACCESS_STREAM_PREFIX, AccessRecorder, GATEWAY_CONTEXT } from './auth/access-record';
import { STAFF_CHANGES_STREAM, StaffDirectory } from '@soudan/identity-infra';
import { clientIp } from './auth/client-ip';
import type { RequestWithPrincipal } from './auth/auth.guard';
import type { GatewayOptions } from './auth/gateway-options';
import { API_ERRORS } from './error-catalog';
import { errorResponse, HttpErrorFilter } from './http-error.filter';
import { refuseUnstorableText } from './storable-input';
import { GatewayModule } from './gateway.module';
import { runForRequest, signingForRequests } from './auth/request-principal';
import { validationPipe } from './validation';
import { webApp } from './web-app';

export const API_PREFIX = 'api/v1';
const BODY_LIMIT = '64kb';
const ROSTER_IMPORT_PATH = `/${API_PREFIX}/staff/seekers/import`;
/** Objects and arrays within each other, counting the body itself. */
const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests objects or arrays deeper than `max` (without recursion). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current))
      if (child !== null && typeof child === 'object') pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/**
 * The gateway's runtime: its request-reply client signs, for every call, the principal of
 * the HTTP request being served (README "The bus is a trust boundary").
 */
export function signingRuntime(runtime: ServiceRuntime): ServiceRuntime {
  const key = runtime.config.principalPrivateKey;
  if (!key) throw new Error('the gateway needs PRINCIPAL_PRIVATE_KEY to sign the principals of its requests');
  return { ...runtime, rpc: runtime.rpc.signing(signingForRequests(key)) };
}

export async function createGatewayApp(
  serviceRuntime: ServiceRuntime,
  options: GatewayOptions = {},
): Promise<INestApplication> {
  const runtime = signingRuntime(serviceRuntime);
  const logger = runtime.logger;
  class GatewayRoot {}
  const app = await NestFactory.create(
    { module: GatewayRoot, imports: [GatewayModule.register(runtime, options), nestLoggingModule(logger)] },
    { bodyParser: false, bufferLogs: true },
  );
  useNestLogging(app);
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  // Behind a proxy, the client's address is in X-Forwarded-For; believe only as many hops as configured.
  server.set('trust proxy', runtime.config.trustProxyHops > 0 ? runtime.config.trustProxyHops : false);
  // The seeker's web app at / (npm start); its files are not API accesses and go unrecorded.
  if (options.webRoot) app.use(webApp(options.webRoot));

  app.use((request: Request, response: Response, next: NextFunction) => {
    const correlationId = sanitizeCorrelationId(request.headers['x-correlation-id']);
    runWithCorrelation(correlationId, () =>
      runForRequest(request as RequestWithPrincipal, () => {
        // Echo the id so a caller can quote it when reporting a problem.
        response.setHeader('X-Correlation-Id', currentCorrelationId() ?? '');
        next();
      }),
    );
  });
  app.use(requestMetrics);
  app.use(accessRecording(app.get(AccessRecorder), runtime));
  app.use(
    helmet({
      // Only /api/docs (Swagger UI, scripts from 'self') and /join pages serve HTML. No
      // upgrade-insecure-requests: `npm start` serves plain http on localhost, and the
      // browser would fetch Swagger UI's scripts over https and fail.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      crossOriginResourcePolicy: { policy: runtime.config.webOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    // Answers may carry tokens or personal data: no cache keeps them.
    if (request.path.startsWith(`/${API_PREFIX}/`)) response.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (runtime.config.webOrigins.length > 0) {
    app.enableCors({
      origin: runtime.config.webOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language', 'X-Correlation-Id'],
      exposedHeaders: ['X-Correlation-Id', 'Retry-After'],
      // Bearer tokens, not cookies: the browser sends no credentials of its own.
      credentials: false,
      maxAge: 600,
    });
  }
  app.use((request: Request, response: Response, next: NextFunction) => {
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    // The roster import is the one route that takes a file as it is: an office's CSV export.
    const csvImport =
      request.method === 'POST' && request.path === ROSTER_IMPORT_PATH && Boolean(request.is('text/csv'));
    if (hasBody && !request.is('application/json') && !csvImport) {
      const { status, body } = errorResponse(
        Object.assign(new Error('unsupported media type'), { type: 'charset.unsupported' }),
        request,
        logger,
      );
      response.status(status).json(body);
      return;
    }
    // The file itself is read after the guards, by the import route (csv-body.interceptor.ts).
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use((request: Request, _response: Response, next: NextFunction) => {
    // No request of api.md nests deeper than a few levels; a deeper body would only
    // exhaust the stack of the validation that walks it (a 500 instead of a 400).
    if (nestedDeeperThan(request.body, MAX_JSON_DEPTH))
      return next(
        new AppError('JSON_TOO_DEEP', 400, 'the JSON body is nested too deeply', { maxDepth: MAX_JSON_DEPTH }),
      );
    next();
  });
  app.use(refuseUnstorableText());
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const { status, body } = errorResponse(error, request, logger);
    response.status(status).json(body);
  });

  applyApiPrefix(app);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.enableShutdownHooks();

  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document);

  await app.get(StaffDirectory).ensureAdmin({
    password: runtime.config.adminPassword,
    embedded: runtime.config.mode === 'embedded',
    announce: options.announce ?? ((text) => process.stdout.write(`${text}\n`)),
  });
  // Every route is registered by init(); what no route takes (outside /api/v1 as well)
  // gets the error shape of api.md, not express's HTML page.
  await app.init();
  // A body shorter than its Content-Length is given up on after a minute, not five.
  const httpServer = app.getHttpServer() as HttpServer;
  httpServer.requestTimeout = 60_000;
  httpServer.headersTimeout = 30_000;
  answerClientErrorsInShape(httpServer);
  app.use((request: Request, response: Response) => {
    const { status, body } = errorResponse(new AppError('NOT_FOUND', 404, 'no such route'), request, logger);
    response.status(status).json(body);
  });
  return app;
}

/**
 * The OpenAPI document of the routes (served at /api/docs, checked in as docs/openapi.json
 * by `npm run openapi`).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('soudan')
      .setDescription(
        'オンライン職業相談 予約システム API. Errors are `{ code, message, details }`; messages are Japanese by default, English with `Accept-Language: en`. Sign in through /auth/... and send `Authorization: Bearer <accessToken>`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
}

/** Everything under /api/v1 except the meeting link in the e-mails, short and outside the API (api.md). */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['join/{:token}', { path: '/', method: RequestMethod.GET }] });
}

/**
 * Publishes the access record (`access-*` streams) and the audit copy of staff account
 * changes (`staff-account-changes`, no hashes) as `events.gateway.*`. The accounts' own
 * streams and link tokens stay in the gateway's store: they hold password hashes and secrets.
 */
export function createGatewayRelay(runtime: ServiceRuntime): EventRelay {
  if (!runtime.store || !runtime.bus) throw new Error('the gateway relay needs the gateway store and an event bus');
  return new EventRelay({
    store: runtime.store,
    bus: runtime.bus,
    context: GATEWAY_CONTEXT,
    streamPrefixes: [ACCESS_STREAM_PREFIX, STAFF_CHANGES_STREAM],
    logger: runtime.logger.child({ component: 'relay' }),
  });
}

/**
 * HTTP rate and latency per route template and status (soudan_http_request_duration_seconds),
 * and the request's span: named by its route template once routing knows it, the parent
 * of everything the request causes (a child of the HTTP server span when node:http is
 * instrumented). No raw path, query or body goes into it.
 */
function requestMetrics(request: Request, response: Response, next: NextFunction): void {
  const started = performance.now();
  const { span, context } = startSpan(`${request.method} request`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': request.method },
  });
  const traceId = span.spanContext().traceId;
  if (span.isRecording()) Object.assign(request, { [REQUEST_TRACE_ID]: traceId });
  let done = false;
  const observe = () => {
    if (done) return;
    done = true;
    const status = response.writableFinished || response.headersSent ? String(response.statusCode) : '499';
    const route = routeTemplate(request);
    httpRequestDuration.observe({ method: request.method, route, status }, secondsSince(started));
    span.updateName(`${request.method} ${route}`);
    span.setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', Number(status));
    if (Number(status) >= 500) failSpan(span, { code: `HTTP_${status}` });
    span.end();
  };
  response.once('finish', observe);
  response.once('close', observe);
  withContext(context, () => next());
}

/** Records every request once it is answered or abandoned, whatever answered it. */
function accessRecording(recorder: AccessRecorder, runtime: ServiceRuntime) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    const at = runtime.clock.now();
    const correlationId = currentCorrelationId();
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      const route = (request as Request & { route?: { path?: unknown } }).route?.path;
      try {
        recorder.record({
          at,
          method: request.method,
          // Nest's not-found handler is a wildcard route (`*path`): no route matched.
          route: typeof route === 'string' && !route.includes('*') ? route : null,
          path: request.originalUrl.split('?')[0],
          params: stringParams(request.params),
          // An answer cut off before it was sent is recorded as the client's abort (499).
          status: response.writableFinished || response.headersSent ? response.statusCode : 499,
          principal: (request as RequestWithPrincipal).principal,
          durationMs: performance.now() - started,
          ip: clientIp(request),
          userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined,
          correlationId,
        });
      } catch (error) {
        runtime.logger.error({ err: error }, 'could not record an access');
      }
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}

function stringParams(params: unknown): Record<string, string> {
  if (!params || typeof params !== 'object') return {};
  return Object.fromEntries(
    Object.entries(params as Record<string, unknown>).filter(([, v]) => typeof v === 'string') as Array<
      [string, string]
    >,
  );
}

/**
 * What Node's HTTP parser refuses before any route runs (a URL or headers over its 16 KB
 * limit, a request it cannot parse) is answered in api.md's error shape too, not with
 * Node's empty 400/431.
 */
export function answerClientErrorsInShape(server: HttpServer): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code === 'ECONNRESET' && !socket.readable)) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const [status, reason, code] = tooLarge
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE']
      : [400, 'Bad Request', 'BAD_REQUEST'];
    const body = JSON.stringify({ code, message: API_ERRORS.message(code, 'ja', code), details: {} });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
