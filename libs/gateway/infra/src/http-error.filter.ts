// Every error leaves the gateway as api.md's `{ code, message, details }`; no input
// ever yields a 500 (only a defect does, and it is logged).
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StoreUnavailableError, UnstorableEventError, WrongExpectedRevisionError } from '@soudan/event-store';
import { RpcError } from '@soudan/messaging';
import { AppError, languageOf, type Logger } from '@soudan/platform';
import { API_ERRORS } from './error-catalog';
import { fieldMessages, violationsOf } from './validation';

export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Errors raised by express's body parser before any route runs. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: string })?.type;
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON', 400, 'the body is not valid JSON');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 413, 'the body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'unsupported encoding');
  if (type === 'request.aborted') return new AppError('BAD_REQUEST', 400, 'the request was aborted');
  // A body that cannot be decoded as its Content-Encoding says (gzip, deflate, br): the
  // parser marks it as the client's fault (400) with no type of its own.
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(HTTP_CODES[status] ?? 'BAD_REQUEST', status, 'the request body cannot be read');
  }
  return undefined;
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof RpcError) return new AppError(error.code, error.status, error.message, error.details);
  if (error instanceof WrongExpectedRevisionError) return new AppError('REVISION_CONFLICT', 409, error.message);
  if (error instanceof StoreUnavailableError) return new AppError('STORE_UNAVAILABLE', 503, error.message);
  // The edge refuses such input first (storable-input.ts); this is the store's own check behind it.
  if (error instanceof UnstorableEventError) return new AppError('UNSTORABLE_TEXT', 400, 'unstorable text', {});
  const parsed = fromBodyParser(error);
  if (parsed) return parsed;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return new AppError(HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'), status, error.message);
  }
  return undefined;
}

export function errorResponse(error: unknown, request: Request, logger: Logger): { status: number; body: ErrorBody } {
  const known = toAppError(error);
  const appError = known ?? new AppError('INTERNAL', 500, 'internal error');
  if (!known || appError.status >= 500) {
    logger.error(
      { err: error, route: request.path, method: request.method, status: appError.status },
      'request failed',
    );
  }
  const language = languageOf(request.headers['accept-language']);
  const violations = violationsOf(appError);
  const details = violations ? { ...appError.details, fields: fieldMessages(violations, language) } : appError.details;
  return {
    status: appError.status,
    body: { code: appError.code, message: API_ERRORS.message(appError.code, language, appError.message), details },
  };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { status, body } = errorResponse(error, request, this.logger);
    // Refused before its body was read (the roster file): end the connection with the
    // answer, rather than read the rest of an upload nobody will use.
    if (!request.complete && !response.headersSent) response.setHeader('Connection', 'close');
    const retryAfter = body.details.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    else if (status === 503 || status === 429) response.setHeader('Retry-After', '5');
    response.status(status).json(body);
  }
}
