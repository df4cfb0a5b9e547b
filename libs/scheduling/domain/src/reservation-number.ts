// A reservation number a person can read out on the phone (R17: same-day cancellations
// are by phone only) and type without mistakes: six characters in two groups of three,
// from an alphabet without look-alikes (no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V),
// e.g. `K7P-4XA`. Unique within an office: each number is claimed by a stream of its own
// (`number-<office>-<number>`) that can only be created once. Reservation ids stay as
// they are; the number is what people see and say.
import { createHash } from 'node:crypto';

export const NUMBER_ALPHABET = '34789ACEFHJKMNPRTWXY';
const LENGTH = 6;

/** The candidate number for a reservation's attempt: derived, so a retry of the same request proposes the same one. */
export function candidateNumber(reservationId: string, attempt: number): string {
  const digest = createHash('sha256').update(`number\u0000${reservationId}\u0000${attempt}`).digest();
  let chars = '';
  for (let i = 0; i < LENGTH; i += 1) chars += NUMBER_ALPHABET[digest[i] % NUMBER_ALPHABET.length];
  return `${chars.slice(0, 3)}-${chars.slice(3)}`;
}

/**
 * A number as a person typed or said it (any case, spaces or hyphens, full-width
 * characters), in its one written form; undefined when it cannot be a number.
 */
export function normalizeNumber(input: string): string | undefined {
  const plain = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐－ー]/g, '');
  if (plain.length !== LENGTH || [...plain].some((c) => !NUMBER_ALPHABET.includes(c))) return undefined;
  return `${plain.slice(0, 3)}-${plain.slice(3)}`;
}
