// Checks made before anything is sent, with the message shown beside the field. The
// gateway checks again (api.md VALIDATION_FAILED); these only spare a round trip.
type T = (key: string, options?: Record<string, unknown>) => string;

const FULL_WIDTH_DIGITS = /[０-９]/g;

/** 16070-12345678 from what people type: full-width digits, dashes of any kind, no dash, spaces. */
export function normalizeJobSeekerNumber(input: string): string {
  const ascii = input
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/[‐‑‒–—―−ーｰ－]/g, '-');
  return /^\d{13}$/.test(ascii) ? `${ascii.slice(0, 5)}-${ascii.slice(5)}` : ascii;
}

export function isJobSeekerNumber(input: string): boolean {
  return /^\d{5}-\d{8}$/.test(normalizeJobSeekerNumber(input));
}

/** The shape the gateway accepts (one @, a dot in the domain, no spaces). */
export function isEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim()) && input.trim().length <= 254;
}

export function validateSignIn(values: { number: string; email: string }, t: T): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.number.trim()) errors.number = t('validation.required', { field: t('signIn.number') });
  else if (!isJobSeekerNumber(values.number)) errors.number = t('validation.numberFormat');
  if (!values.email.trim()) errors.email = t('validation.required', { field: t('signIn.email') });
  else if (!isEmail(values.email)) errors.email = t('validation.emailFormat');
  return errors;
}
