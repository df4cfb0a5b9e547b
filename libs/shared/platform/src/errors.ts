// One error shape for every edge: `{ code, message, details }` with an HTTP status.

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * HTTP status of a domain refusal by its code: state conflicts are 409, unknown
 * things 404, every other business refusal 422 (api.md "Errors").
 */
const CONFLICT_CODES = new Set([
  'REVISION_CONFLICT',
  'SLOT_FULL',
  'ALREADY_CANCELLED',
  'SAME_DAY_PHONE_ONLY',
  'INVALID_STATE',
  'IDEMPOTENCY_KEY_REUSED',
  // R30: a terms version is published once.
  'TERMS_VERSION_EXISTS',
  // R52: disclosures (a second officer approves, once).
  'SAME_APPROVER',
  'DISCLOSURE_ALREADY_APPROVED',
  'DISCLOSURE_NOT_APPROVED',
]);

export function statusForCode(code: string): number {
  if (CONFLICT_CODES.has(code)) return 409;
  if (code.endsWith('_NOT_FOUND') || code === 'NOT_FOUND') return 404;
  if (code === 'STORE_UNAVAILABLE' || code === 'UPSTREAM_UNAVAILABLE' || code === 'UPSTREAM_TIMEOUT') return 503;
  if (code === 'VALIDATION_FAILED') return 400;
  return 422;
}
