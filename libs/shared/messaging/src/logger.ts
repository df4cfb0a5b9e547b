/**
 * The slice of a pino logger this library writes to (`logger.warn({ err }, 'msg')`), so
 * apps pass their pino instance and tests pass nothing.
 */
export interface MessagingLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
