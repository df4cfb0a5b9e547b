// R72: every staff account works for one or more offices ('*': every office, a national
// role). An account made before offices existed names none and works for the office the
// deployment is configured with (`home`).
import { DomainError } from './domain-error';

export const EVERY_OFFICE = '*';

/** R72: the offices an account works for; one made before offices existed works for the configured one. */
export function officesOf(account: { offices?: readonly string[] }, home: string): string[] {
  return account.offices && account.offices.length > 0 ? [...account.offices] : [home];
}

/** The offices of whoever acts; none given (the system, a test): every office. */
export function actorOffices(actor: { offices?: readonly string[] } | undefined, home: string): string[] {
  if (!actor) return [EVERY_OFFICE];
  return officesOf(actor, home);
}

export const isNational = (offices: readonly string[]) => offices.includes(EVERY_OFFICE);

const OFFICE_CODE = /^(\d{5}|\*)$/;

/** Offices as given, once each, in order; '*' stands alone (it already means every office). */
export function officeList(requested: readonly string[]): string[] {
  const offices = [...new Set(requested)];
  const bad = offices.filter((office) => typeof office !== 'string' || !OFFICE_CODE.test(office));
  if (offices.length === 0 || bad.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'offices must be five-digit office codes, or * for every office', {
      fields: { offices: ['one or more five-digit office codes, or *'] },
    });
  return offices.includes(EVERY_OFFICE) ? [EVERY_OFFICE] : offices;
}

export function sameOffices(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((o) => b.includes(o));
}

/**
 * R72: an administrator manages the accounts all of whose offices are theirs (a national
 * one, every account). A national account ('*') is managed by national administrators
 * only: '*' is among the offices of none but them.
 */
export function manages(mine: readonly string[], account: { offices?: readonly string[] }, home: string): boolean {
  if (isNational(mine)) return true;
  return officesOf(account, home).every((office) => mine.includes(office));
}

/** R72: offices an administrator may give: their own; '*' only by a national one. */
export function mayAssign(mine: readonly string[], offices: readonly string[]): void {
  if (isNational(mine)) return;
  const foreign = offices.filter((office) => !mine.includes(office));
  if (foreign.length > 0)
    throw new DomainError('OFFICE_FORBIDDEN', `you do not work for office ${foreign.join(', ')}`, {
      offices: foreign,
    });
}
