// Structured logs (pino) carrying the correlation id. R52: raw IP addresses and user
// agents never reach a log line, so they are redacted wherever they could appear.
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { currentCorrelationId } from './correlation';

export type { Logger } from 'pino';

export function createLogger(options: { name: string; level?: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { service: options.name },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      redact: {
        paths: ['ip', 'ipAddress', 'userAgent', 'req.remoteAddress', 'req.headers["user-agent"]', 'req.headers["x-forwarded-for"]', 'req.headers.authorization', 'password'],
        censor: '[redacted]',
      },
    },
    (options.destination as pino.DestinationStream | undefined) ?? pino.destination({ sync: false }),
  );
}

/** Nest's logger interface over pino, so framework messages are structured too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ component: context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ component: context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ component: context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ component: context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ component: context }, String(message));
  }
}
