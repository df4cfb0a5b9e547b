// Structured logs (pino) carrying the correlation id and, when traces are on, the trace id. R52: raw IP addresses and user
// agents never reach a log line, so they are redacted wherever they could appear.
// Credentials never do either: fields that hold one are censored by name, and every
// finished line is searched for what may still quote one (log-redaction.ts).
import { currentTraceId } from '@soudan/observability';
import { pino, type Logger } from 'pino';
import { currentCorrelationId } from './correlation';
import { redactCredentials } from './log-redaction';

export type { Logger } from 'pino';

export function createLogger(options: {
  name: string;
  level?: string;
  destination?: NodeJS.WritableStream;
  /** Values no line may print (the configuration's keys and passwords: secretsOf(config)). */
  secrets?: readonly string[];
}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { service: options.name },
      mixin: () => {
        const correlationId = currentCorrelationId();
        const traceId = currentTraceId();
        return { ...(correlationId ? { correlationId } : {}), ...(traceId ? { traceId } : {}) };
      },
      redact: {
        paths: [
          'ip',
          'ipAddress',
          'userAgent',
          'req.remoteAddress',
          'req.headers["user-agent"]',
          'req.headers["x-forwarded-for"]',
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'password',
          '*.password',
          'adminPassword',
          '*.adminPassword',
          'token',
          '*.token',
          'accessToken',
          '*.accessToken',
          'pseudonymKey',
          'encryptionKey',
          'tokenKey',
          '*.pseudonymKey',
          '*.encryptionKey',
          '*.tokenKey',
          'principalPrivateKey',
          '*.principalPrivateKey',
          'headers["x-soudan-principal"]',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (line) => redactCredentials(line, secrets) },
    },
    (options.destination as pino.DestinationStream | undefined) ?? pino.destination({ sync: false }),
  );
}
