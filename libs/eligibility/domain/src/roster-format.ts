// How offices write roster data, and the one form we keep it in. Office exports are
// typed by hand and pass through Excel: full-width digits, every kind of dash, Japanese
// labels. Normalising here makes the same seeker the same seeker however it was typed,
// which is what makes a re-import change nothing.
import type { SeekerStatus } from '@soudan/eligibility-contracts';

// Dashes people and IMEs produce where a hyphen is meant: hyphen-minus, hyphen,
// non-breaking hyphen, figure dash, en/em dash, horizontal bar, minus sign, katakana
// prolonged sound mark (full and half width), full-width hyphen-minus, small hyphen.
const DASHES = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF70\uFE63]/g;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** `NNNNN-NNNNNNNN` (5-digit office code, 8 digits), or undefined when it is not one. */
export function normaliseJobSeekerNumber(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 64) return undefined;
  const compact = raw.normalize('NFKC').replace(/\s/g, '').replace(DASHES, '-');
  const match = /^(\d{5})-?(\d{8})$/.exec(compact);
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/** A 5-digit public employment security office code. */
export function normaliseOfficeCode(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const code = raw.normalize('NFKC').trim();
  return /^\d{5}$/.test(code) ? code : undefined;
}

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

/** Full-width letters and spaces folded, runs of spaces made one; undefined if unusable. */
export function normaliseName(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const folded = raw.normalize('NFKC');
  // A line break inside a quoted name is a broken export, not a name: refuse it rather than guess.
  if (CONTROL.test(folded)) return undefined;
  const name = folded.trim().replace(/\s+/g, ' ');
  if (!name || name.length > NAME_MAX_LENGTH) return undefined;
  return name;
}

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function normaliseEmail(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const email = raw.normalize('NFKC').trim();
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL.test(email)) return undefined;
  return email;
}

/** E-mail addresses compare without regard to case (sign-in, R54 matching). */
export const emailKey = (email: string): string => email.normalize('NFKC').trim().toLowerCase();

const STATUS_LABELS: Record<string, SeekerStatus> = {
  registered: 'registered',
  登録: 'registered',
  登録済: 'registered',
  登録済み: 'registered',
  本登録: 'registered',
  本登録済: 'registered',
  本登録済み: 'registered',
  preregistrationapproved: 'pre_registration_approved',
  仮登録承認: 'pre_registration_approved',
  仮登録承認済: 'pre_registration_approved',
  仮登録承認済み: 'pre_registration_approved',
};

/** R40(a): `registered` / `pre_registration_approved`, or the labels of the office export (登録済, 仮登録承認). */
export function normaliseStatus(raw: string): SeekerStatus | undefined {
  if (typeof raw !== 'string') return undefined;
  const key = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()[\]]/g, '');
  return Object.prototype.hasOwnProperty.call(STATUS_LABELS, key) ? STATUS_LABELS[key] : undefined;
}
