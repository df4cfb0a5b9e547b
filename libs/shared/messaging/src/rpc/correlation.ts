/** Header that carries the correlation id on every request (NATS header or in-process). */
export const CORRELATION_HEADER = 'x-correlation-id';

type HeaderBag = { get(name: string): string } | Record<string, string | string[] | undefined>;

/** A header value from NATS headers (`MsgHdrs`) or the in-process record; undefined when absent. */
export function headerFrom(headers: HeaderBag | undefined | null, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    // MsgHdrs answers '' for a missing header.
    return (headers as { get(name: string): string }).get(name) || undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

/**
 * The caller's correlation id inside a message handler, for `NatsContext` and
 * `InProcessContext` alike: `correlationIdFrom(ctx)` with `@Ctx() ctx`.
 */
export function correlationIdFrom(ctx: unknown): string | undefined {
  const getHeaders = (ctx as { getHeaders?: () => HeaderBag | undefined } | null)?.getHeaders;
  if (typeof getHeaders !== 'function') return undefined;
  return headerFrom(getHeaders.call(ctx), CORRELATION_HEADER);
}
