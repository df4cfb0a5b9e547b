import { AppError } from '@soudan/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that cannot be a reservation's is simply not found (404), like an unknown one. */
export function reservationId(raw: string): string {
  if (!UUID.test(raw)) throw new AppError('RESERVATION_NOT_FOUND', 404, 'no such reservation');
  return raw.toLowerCase();
}
