// R72 at the edge of scheduling: a member of staff works on their offices' reservations
// only. The offices go to scheduling in the request (signed with the rest of it by the
// gateway's principal), and scheduling narrows lists and refuses another office's
// reservation as not found. An explicit `office` the member does not work for is 403.
import { AppError } from '@soudan/platform';
import type { Principal } from '../auth/roles';

/** The offices a staff principal works for ('*' for every office); the configured office when it names none. */
export function staffOffices(principal: Principal | undefined, home: string): string[] {
  if (principal?.kind !== 'staff') return [home];
  return principal.offices && principal.offices.length > 0 ? principal.offices : [home];
}

export function worksFor(offices: readonly string[], officeCode: string): boolean {
  return offices.includes('*') || offices.includes(officeCode);
}

/**
 * The offices a list shows: all the member's, or the one asked for (`?office=`), which
 * must be theirs (403 OFFICE_FORBIDDEN otherwise).
 */
export function listScope(principal: Principal | undefined, home: string, office?: string): string[] {
  const offices = staffOffices(principal, home);
  if (office === undefined) return offices;
  if (!worksFor(offices, office)) throw new AppError('OFFICE_FORBIDDEN', 403, `you do not work for office ${office}`);
  return [office];
}

/**
 * The one office a setting is for (capacity, terms, a disclosure): the one named, else the
 * member's only office, else the configured office when they work for it (a national
 * role, or a member of several offices among them the configured one: what the console
 * sets without naming one). Otherwise the office must be named (400).
 */
export function oneOffice(principal: Principal | undefined, home: string, office?: string): string {
  const offices = staffOffices(principal, home);
  if (office !== undefined) {
    if (!worksFor(offices, office)) throw new AppError('OFFICE_FORBIDDEN', 403, `you do not work for office ${office}`);
    return office;
  }
  if (offices.length === 1 && offices[0] !== '*') return offices[0];
  if (worksFor(offices, home)) return home;
  throw new AppError('VALIDATION_FAILED', 400, 'name the office (you work for more than one)', {
    fields: { office: ['required for a member of several offices'] },
  });
}

/** Registering offices and assigning staff to them is a national administrator's ('*') work (R70, R72). */
export function requireNational(principal: Principal | undefined, home: string): void {
  if (!staffOffices(principal, home).includes('*'))
    throw new AppError('OFFICE_FORBIDDEN', 403, 'only a national administrator may do this');
}
