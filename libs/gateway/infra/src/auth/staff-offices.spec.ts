// R72 in the account's own fold, and the office rules the staff routes share.
import { AppError } from '@soudan/platform';
import { ofOffices } from '../eligibility/seekers.controller';
import { listScope, oneOffice, requireNational, staffOffices } from '../scheduling/staff-offices';
import type { StaffPrincipal } from './roles';
import {
  evolveStaffUser,
  initialStaffUser,
  officeList,
  officesOf,
  publicChangeOf,
  type StaffUserEvent,
} from '@soudan/identity-infra';

const created = (username: string, createdBy: string, offices?: string[]): StaffUserEvent => ({
  type: 'StaffUserCreated',
  data: { username, roles: ['counsellor'], passwordHash: 'h', createdBy, createdAt: '2026-04-01T00:00:00Z', offices },
});
const member = (offices?: string[]): StaffPrincipal => ({
  kind: 'staff',
  username: 'm',
  roles: ['supervisor'],
  offices,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as AppError).code;
  }
  return 'none';
};

describe('R72: the offices of a staff account', () => {
  it('R72: an account made before offices existed works for the configured office', () => {
    const state = evolveStaffUser(initialStaffUser(), created('kato', 'staff:admin'));
    expect(state.offices).toBeUndefined();
    expect(officesOf(state, '16070')).toEqual(['16070']);
  });

  it('R72: the first administrator of a history from before offices is national', () => {
    const state = evolveStaffUser(initialStaffUser(), created('admin', 'system:gateway'));
    expect(officesOf(state, '16070')).toEqual(['*']);
    // An account someone named admin later is not.
    expect(officesOf(evolveStaffUser(initialStaffUser(), created('admin', 'staff:x')), '16070')).toEqual(['16070']);
  });

  it('R72: a change of offices replaces them and moves the generation on (its tokens end)', () => {
    const before = evolveStaffUser(initialStaffUser(), created('kato', 'staff:admin', ['16070']));
    const after = evolveStaffUser(before, {
      type: 'StaffUserOfficesChanged',
      data: { username: 'kato', offices: ['13010', '16070'], by: 'staff:admin', at: '2027-04-01T00:00:00Z' },
    });
    expect(officesOf(after, '16070')).toEqual(['13010', '16070']);
    expect(after.generation).toBe(before.generation + 1);
  });

  it("R72: office lists are five-digit codes once each; '*' stands alone", () => {
    expect(officeList(['13010', '13010', '16070'])).toEqual(['13010', '16070']);
    expect(officeList(['13010', '*'])).toEqual(['*']);
    for (const bad of [[], ['1301'], ['130100'], ['13O10'], ['all']])
      expect(codeOf(() => officeList(bad))).toBe('VALIDATION_FAILED');
  });

  it('R72: routes take the offices from the principal, the configured office for one without', () => {
    expect(staffOffices(member(['13010']), '16070')).toEqual(['13010']);
    expect(staffOffices(member(), '16070')).toEqual(['16070']);
    expect(listScope(member(['13010', '16070']), '16070')).toEqual(['13010', '16070']);
    expect(listScope(member(['13010', '16070']), '16070', '13010')).toEqual(['13010']);
    expect(codeOf(() => listScope(member(['13010']), '16070', '16070'))).toBe('OFFICE_FORBIDDEN');
    expect(listScope(member(['*']), '16070', '16070')).toEqual(['16070']);
    expect(oneOffice(member(['13010']), '16070')).toBe('13010');
    expect(oneOffice(member(['13010', '16070']), '16070')).toBe('16070');
    expect(codeOf(() => oneOffice(member(['13010', '01010']), '16070'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => requireNational(member(['13010']), '16070'))).toBe('OFFICE_FORBIDDEN');
    expect(codeOf(() => requireNational(member(['*']), '16070'))).toBe('none');
  });

  it("R72: no-show reviews of the member's offices only; an erased seeker's where offices began", () => {
    const review = (jobSeekerNumber: string | null) => ({
      jobSeekerNumber,
      seekerId: `s-${jobSeekerNumber}`,
      noShows: 3,
      since: '2026-12-01T00:00:00Z',
      reason: 'no_shows' as const,
      reviewId: 'r',
      requestedAt: '2026-12-01T00:00:00Z',
    });
    const reviews = [review('16070-00000001'), review('13010-00000002'), review(null)];
    const numbers = (offices: string[]) => ofOffices(reviews, offices, '16070').map((r) => r.jobSeekerNumber);
    expect(numbers(['13010'])).toEqual(['13010-00000002']);
    expect(numbers(['16070'])).toEqual(['16070-00000001', null]);
    expect(numbers(['*'])).toEqual(['16070-00000001', '13010-00000002', null]);
  });
});

describe('R72, R50: the audit copy of an account change', () => {
  const before = { offices: ['16070'] };
  it('R72: says who changed whose account and how, with the offices before and after, never a hash', () => {
    expect(
      publicChangeOf(
        {
          type: 'StaffUserOfficesChanged',
          data: { username: 'kato', offices: ['13010'], by: 'staff:admin', at: '2027-04-01T00:00:00Z' },
        },
        before,
        '16070',
      ),
    ).toEqual({
      username: 'kato',
      change: 'offices',
      offices: ['13010'],
      previousOffices: ['16070'],
      by: 'staff:admin',
      at: '2027-04-01T00:00:00Z',
    });
    const made = publicChangeOf(created('sato', 'staff:admin', ['13010']), initialStaffUser(), '16070');
    expect(made).toMatchObject({ username: 'sato', change: 'created', roles: ['counsellor'], offices: ['13010'] });
    const reset = publicChangeOf(
      {
        type: 'StaffPasswordReset',
        data: { username: 'kato', passwordHash: 'argon2id$x', by: 'staff:admin', at: 't' },
      },
      before,
      '16070',
    );
    expect(reset).toEqual({
      username: 'kato',
      change: 'password-reset',
      offices: ['16070'],
      by: 'staff:admin',
      at: 't',
    });
    const changed = publicChangeOf(
      { type: 'StaffPasswordChanged', data: { username: 'kato', passwordHash: 'argon2id$y', at: 't' } },
      before,
      '16070',
    );
    expect(JSON.stringify([made, reset, changed])).not.toMatch(/argon2|passwordHash/);
    expect(changed).toMatchObject({ change: 'password-changed', by: 'staff:kato' });
  });

  it('R50: a failed sign-in has no copy here (the access record has it)', () => {
    expect(publicChangeOf({ type: 'StaffSignInFailed', data: { at: 't' } }, before, '16070')).toBeUndefined();
  });
});
