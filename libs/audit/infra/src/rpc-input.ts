// Request-reply input is checked again at the service: the gateway validates, but a
// message on the bus may come from anywhere, and bad input must be a 400, never a 500.
import { AUDIT_CATEGORIES } from '@soudan/audit-contracts';
import { DomainError, type AuditCategory } from '@soudan/audit-domain';

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { fields: { [field]: [message] } });

/** A trail position as the API writes it (decimal), or undefined when absent. */
export function positionParam(raw: unknown, field = 'from'): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw invalid(field, 'must be a position returned as next');
  return Number(raw);
}

export function limitParam(raw: unknown, fallback = 100, max = 1000): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw invalid('limit', `must be a whole number from 1 to ${max}`);
  return value;
}

export function categoryParam(raw: unknown): AuditCategory | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !(AUDIT_CATEGORIES as readonly string[]).includes(raw))
    throw invalid('category', `must be one of ${AUDIT_CATEGORIES.join(', ')}`);
  return raw as AuditCategory;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with its offset, as milliseconds. */
export function instantParam(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const ms = typeof raw === 'string' && INSTANT.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(field, 'must be an ISO-8601 instant with offset, e.g. 2026-12-01T00:00:00+09:00');
  return ms;
}

/** `staff:<username>` of the caller, as the gateway passes it. */
export function staffActor(raw: unknown): string {
  if (typeof raw !== 'string' || !/^staff:\S{1,100}$/.test(raw))
    throw invalid('actor', 'a staff member must be named (staff:<username>)');
  return raw;
}

const DASHES = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF70\uFE63]/g;

/** `NNNNN-NNNNNNNN` as staff may type it (full-width digits, dash variants), or VALIDATION_FAILED. */
export function jobSeekerNumberParam(raw: unknown, field: string): string {
  const compact =
    typeof raw === 'string' && raw.length <= 64 ? raw.normalize('NFKC').replace(/\s+/g, '').replace(DASHES, '-') : '';
  const match = /^(\d{5})-?(\d{8})$/.exec(compact);
  if (!match) throw invalid(field, 'must look like 16070-12345678');
  return `${match[1]}-${match[2]}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that cannot be a disclosure's is simply not found, like an unknown one. */
export function disclosureIdParam(raw: unknown): string {
  if (typeof raw !== 'string' || !UUID.test(raw)) throw new DomainError('DISCLOSURE_NOT_FOUND', 'no such disclosure');
  return raw.toLowerCase();
}
