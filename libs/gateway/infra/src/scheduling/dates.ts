import { AppError } from '@soudan/platform';

/** A real date: Date.parse rolls 2026-02-30 over into March, so the date must read back the same. */
const exists = (value: string) => {
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
};

/** `YYYY-MM-DD` that is a real calendar date (2026-02-30 is not). */
export function calendarDate(field: string, value: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !exists(value)) {
    throw new AppError('VALIDATION_FAILED', 400, `${field} is not a calendar date`, {
      fields: { [field]: [`${field} must be a real date (YYYY-MM-DD)`] },
    });
  }
  return value;
}
