import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { StoreUnavailableError, UnstorableEventError, WrongExpectedRevisionError } from '@soudan/event-store';
import { throwError, type Observable } from 'rxjs';
import type { MessagingLogger } from '../logger';
import type { RpcErrorPayload } from './rpc-client';

const CODE = /^[A-Z][A-Z0-9_]*$/;

function plainObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Node and driver errors carry codes too (ECONNREFUSED, ERR_INVALID_ARG_TYPE, '23505');
 * those are faults, not answers, and their messages must not reach a caller.
 */
function isSystemError(error: Record<string, unknown>, code: string): boolean {
  return 'errno' in error || 'syscall' in error || code.startsWith('ERR_') || !CODE.test(code);
}

/** The payload a handler's error becomes on the wire; undefined for an unexpected fault. */
export function toRpcErrorPayload(exception: unknown): RpcErrorPayload | undefined {
  if (exception instanceof WrongExpectedRevisionError) {
    return {
      code: exception.code,
      message: 'the record changed while the request was processed; reload and try again',
      status: 409,
      details: {},
    };
  }
  if (exception instanceof StoreUnavailableError) {
    return {
      code: exception.code,
      message: 'the service cannot reach its data store; try again shortly',
      status: 503,
      details: {},
    };
  }
  if (exception instanceof UnstorableEventError) {
    // The edge refuses such text first; a caller that reached the service some other way gets the same answer.
    return {
      code: exception.code,
      message: 'the request holds text that cannot be stored (a NUL character or an unpaired surrogate)',
      status: 400,
      details: {},
    };
  }
  const source = exception instanceof RpcException ? exception.getError() : exception;
  const error = plainObject(source);
  if (!error || typeof error.code !== 'string' || isSystemError(error, error.code)) return undefined;
  const status =
    typeof error.status === 'number' && Number.isInteger(error.status) && error.status >= 400 && error.status <= 599
      ? error.status
      : 422;
  const message = typeof error.message === 'string' && error.message ? error.message : error.code;
  return { code: error.code, message, status, details: plainObject(error.details) ?? {} };
}

/**
 * Server side of the error contract: `@UseFilters(new RpcErrorFilter())` or
 * `microservice.useGlobalFilters(new RpcErrorFilter(logger))`. Domain errors travel as
 * `{ code, message, status, details }`; anything else is logged here and answered as
 * INTERNAL without its message.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown, never> {
  private static readonly fallback = new Logger('RpcErrorFilter');

  constructor(private readonly logger?: MessagingLogger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const payload = toRpcErrorPayload(exception);
    if (payload) return throwError(() => payload);
    const pattern = this.patternOf(host);
    if (this.logger) this.logger.error({ err: exception, pattern }, 'message handler failed');
    else
      RpcErrorFilter.fallback.error(
        `message handler for ${pattern ?? 'unknown pattern'} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    return throwError(
      () =>
        ({
          code: 'INTERNAL',
          message: 'an unexpected error occurred; it has been logged',
          status: 500,
          details: {},
        }) satisfies RpcErrorPayload,
    );
  }

  private patternOf(host: ArgumentsHost): string | undefined {
    try {
      const ctx = host.switchToRpc().getContext() as
        { getSubject?: () => string; getPattern?: () => string } | undefined;
      return ctx?.getSubject?.() ?? ctx?.getPattern?.();
    } catch {
      return undefined;
    }
  }
}
