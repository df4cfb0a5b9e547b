import { DateTime } from 'luxon';
import { AppError } from '@soudan/platform';

/** `YYYY-MM-DD` that is a real calendar date (2026-02-30 is not). */
export function calendarDate(field: string, value: string): string {
  if (!DateTime.fromISO(value, { zone: 'Asia/Tokyo' }).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new AppError('VALIDATION_FAILED', 400, `${field} is not a calendar date`, {
      fields: { [field]: [`${field} must be a real date (YYYY-MM-DD)`] },
    });
  }
  return value;
}
