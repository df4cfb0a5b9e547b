import { AppError } from '@soudan/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that cannot be a reservation's is simply not found (404), like an unknown one. */
export function reservationId(raw: string): string {
  if (!UUID.test(raw)) throw new AppError('RESERVATION_NOT_FOUND', 404, 'no such reservation');
  return raw.toLowerCase();
}

const OFFICE_CODE = /^\d{5}$/;

/** R70-R73: an office code from a path or a query; 400 VALIDATION_FAILED naming the field otherwise. */
export function officeCodeParam(field: string, raw: unknown): string {
  if (typeof raw !== 'string' || !OFFICE_CODE.test(raw)) {
    const message = `${field} must be a five-digit office code, such as 16070`;
    throw new AppError('VALIDATION_FAILED', 400, message, { fields: { [field]: [message] } });
  }
  return raw;
}
