// What "the same event" means when an id comes again: the same type and the same data,
// whatever the order of keys in its objects (PostgreSQL's jsonb compares the same way).
// Stores that cannot compare stored content in place keep this hash with each event.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** SHA-256 (hex) of an event's type and data. */
export function contentHash(type: string, data: unknown): string {
  return createHash('sha256').update(type).update('\u0000').update(canonicalJson(data)).digest('hex');
}
