// The rules of a staff account (api.md "Signing in"; R72 offices; R50 the audit copy).
import type { StaffRole, StaffUserEvent } from '@soudan/identity-contracts';
import { deciderSpec } from '@soudan/testing/decider';
import {
  acceptsToken,
  evolveStaffAccount,
  initialStaffAccount,
  needsOtherAccounts,
  publicChangeOf,
  signInWait,
  staffAccountDecider,
  USERNAME,
  type StaffAccountCommand,
  type StaffAccountSummary,
} from './staff-account.decider';
import { manages, mayAssign, officeList, officesOf } from './offices';

const HOME = '16070';
const NOW = '2027-04-01T00:30:00.000Z';
const metadata = { now: NOW, home: HOME };
const given = deciderSpec(staffAccountDecider);

const created = (
  username: string,
  roles: StaffRole[] = ['counsellor'],
  offices?: string[],
  createdBy = 'staff:admin',
): StaffUserEvent => ({
  type: 'StaffUserCreated',
  data: { username, roles, passwordHash: 'h0', createdBy, createdAt: '2026-04-01T00:00:00.000Z', offices },
});
const disabled = (username: string): StaffUserEvent => ({
  type: 'StaffUserDisabled',
  data: { username, by: 'staff:admin', at: '2026-05-01T00:00:00.000Z' },
});

const national = { offices: ['*'] };
const ofOffices = (...offices: string[]) => ({ offices });
const summary = (username: string, roles: StaffRole[], offices: string[], isDisabled = false): StaffAccountSummary => ({
  username,
  roles,
  offices,
  disabled: isDisabled,
});

const create = (
  data: Partial<Extract<StaffAccountCommand, { type: 'CreateStaffAccount' }>['data']> = {},
): StaffAccountCommand => ({
  type: 'CreateStaffAccount',
  metadata,
  data: {
    username: 'kato',
    password: 'Toyama-Bay-2027!',
    passwordHash: 'h1',
    roles: ['counsellor'],
    by: 'staff:admin',
    actor: national,
    ...data,
  },
});

describe('a staff account', () => {
  it('is created with its roles, offices and the password hash only', () => {
    given([])
      .when(create({ offices: ['13010'] }))
      .thenExactly([
        {
          type: 'StaffUserCreated',
          data: {
            username: 'kato',
            roles: ['counsellor'],
            passwordHash: 'h1',
            createdBy: 'staff:admin',
            createdAt: NOW,
            offices: ['13010'],
          },
        },
      ]);
  });

  it('roles asked for are kept once each, anything else left out', () => {
    const [event] = given([])
      .when(create({ roles: ['counsellor', 'supervisor', 'counsellor', 'seeker'] }))
      .events();
    expect(event.data).toMatchObject({ roles: ['counsellor', 'supervisor'] });
  });

  it('refuses a taken username, and a weak password before that', () => {
    given([created('kato')])
      .when(create())
      .thenThrows('STAFF_USER_EXISTS');
    given([created('kato')])
      .when(create({ password: 'short' }))
      .thenThrows('WEAK_PASSWORD');
    given([])
      .when(create({ password: 'kato-Toyama-2027!' }))
      .thenThrows('WEAK_PASSWORD');
  });

  it('R72: without offices named, the creator’s only office, else the configured office', () => {
    const officesMade = (actor?: { offices?: string[] }) =>
      (given([]).when(create({ actor })).events()[0].data as { offices?: string[] }).offices;
    expect(officesMade(ofOffices('13010'))).toEqual(['13010']);
    expect(officesMade(ofOffices('13010', '16070'))).toEqual([HOME]);
    expect(officesMade(national)).toEqual([HOME]);
    expect(officesMade(undefined)).toEqual([HOME]);
    // A member whose token names no offices works for the configured one.
    expect(officesMade({})).toEqual([HOME]);
  });

  it("R72: an administrator of offices gives only their own offices, never '*'", () => {
    const actor = ofOffices('13010');
    given([])
      .when(create({ actor, offices: ['16070'] }))
      .thenThrows('OFFICE_FORBIDDEN');
    given([])
      .when(create({ actor, offices: ['*'] }))
      .thenThrows('OFFICE_FORBIDDEN');
    given([])
      .when(create({ actor: national, offices: ['*'] }))
      .thenEmits('StaffUserCreated');
  });

  it("R72: office lists are five-digit codes once each; '*' stands alone", () => {
    given([])
      .when(create({ offices: ['1301'] }))
      .thenThrows('VALIDATION_FAILED');
    given([])
      .when(create({ offices: [] }))
      .thenThrows('VALIDATION_FAILED');
    const [event] = given([])
      .when(create({ offices: ['13010', '*'] }))
      .events();
    expect(event.data).toMatchObject({ offices: ['*'] });
  });

  it('R72: the first administrator is national, made by the system, once', () => {
    given([])
      .when({ type: 'CreateFirstAdmin', metadata, data: { passwordHash: 'h' } })
      .then([
        {
          type: 'StaffUserCreated',
          data: expect.objectContaining({
            username: 'admin',
            roles: ['admin', 'supervisor'],
            offices: ['*'],
            createdBy: 'system:gateway',
          }),
        },
      ]);
    given([created('admin', ['admin'], ['*'], 'system:gateway')])
      .when({ type: 'CreateFirstAdmin', metadata, data: { passwordHash: 'h' } })
      .thenNothing();
  });
});

describe('changes an administrator makes', () => {
  const roles = (r: StaffRole[], actor: object | undefined = national, accounts?: StaffAccountSummary[]) =>
    ({ type: 'ChangeStaffRoles', metadata, data: { roles: r, by: 'staff:admin', actor, accounts } }) as const;
  const offices = (o: string[], actor: object | undefined = national, accounts?: StaffAccountSummary[]) =>
    ({ type: 'ChangeStaffOffices', metadata, data: { offices: o, by: 'staff:admin', actor, accounts } }) as const;
  const disable = (actor: object | undefined = national, accounts?: StaffAccountSummary[]) =>
    ({ type: 'DisableStaffAccount', metadata, data: { by: 'staff:admin', actor, accounts } }) as const;
  const enable = (actor: object | undefined = national) =>
    ({ type: 'EnableStaffAccount', metadata, data: { by: 'staff:admin', actor } }) as const;
  const reset = (actor: object | undefined = national) =>
    ({ type: 'ResetStaffPassword', metadata, data: { passwordHash: 'h2', by: 'staff:admin', actor } }) as const;

  it('changes roles, offices, disables, enables and resets, each saying who and when', () => {
    given([created('kato')])
      .when(roles(['supervisor']))
      .thenExactly([
        {
          type: 'StaffUserRolesChanged',
          data: { username: 'kato', roles: ['supervisor'], by: 'staff:admin', at: NOW },
        },
      ]);
    given([created('kato', ['counsellor'], ['16070'])])
      .when(offices(['13010']))
      .thenExactly([
        { type: 'StaffUserOfficesChanged', data: { username: 'kato', offices: ['13010'], by: 'staff:admin', at: NOW } },
      ]);
    given([created('kato')])
      .when(disable())
      .thenExactly([{ type: 'StaffUserDisabled', data: { username: 'kato', by: 'staff:admin', at: NOW } }]);
    given([created('kato'), disabled('kato')])
      .when(enable())
      .thenExactly([{ type: 'StaffUserEnabled', data: { username: 'kato', by: 'staff:admin', at: NOW } }]);
    given([created('kato')])
      .when(reset())
      .thenExactly([
        { type: 'StaffPasswordReset', data: { username: 'kato', passwordHash: 'h2', by: 'staff:admin', at: NOW } },
      ]);
  });

  it('doing a change twice changes nothing', () => {
    given([created('kato', ['counsellor', 'supervisor'])])
      .when(roles(['supervisor', 'counsellor']))
      .thenNothing();
    given([created('kato', ['counsellor'], ['13010', '16070'])])
      .when(offices(['16070', '13010']))
      .thenNothing();
    given([created('kato'), disabled('kato')])
      .when(disable())
      .thenNothing();
    given([created('kato')])
      .when(enable())
      .thenNothing();
  });

  it('R72: the offices of an account from before offices are set, even to the configured one', () => {
    given([created('kato')])
      .when(offices([HOME]))
      .thenEmits('StaffUserOfficesChanged');
  });

  it('an unknown account is not found', () => {
    for (const command of [roles(['supervisor']), offices(['13010']), disable(), enable(), reset()])
      given([]).when(command).thenThrows('STAFF_USER_NOT_FOUND');
  });

  it("R72: an administrator of offices manages only accounts all of whose offices are theirs; others are 'not found'", () => {
    const mine = ofOffices('13010', '16070');
    given([created('kato', ['counsellor'], ['13010'])])
      .when(disable(mine))
      .thenEmits('StaffUserDisabled');
    for (const account of [
      created('kato', ['counsellor'], ['13010', '01010']),
      created('kato', ['counsellor'], ['*']),
      created('kato', ['counsellor'], ['01010']),
    ]) {
      for (const command of [roles(['supervisor'], mine), disable(mine), enable(mine), reset(mine)])
        given([account]).when(command).thenThrows('STAFF_USER_NOT_FOUND');
    }
    // An account from before offices works for the configured office.
    given([created('kato')])
      .when(reset(ofOffices(HOME)))
      .thenEmits('StaffPasswordReset');
    given([created('kato')])
      .when(reset(ofOffices('13010')))
      .thenThrows('STAFF_USER_NOT_FOUND');
  });

  it('R72: only a national administrator assigns offices', () => {
    given([created('kato', ['counsellor'], ['13010'])])
      .when(offices(['13010', '16070'], ofOffices('13010', '16070')))
      .thenThrows('OFFICE_FORBIDDEN');
    // Before looking at the account or the offices asked for.
    given([])
      .when(offices(['bad'], ofOffices('13010')))
      .thenThrows('OFFICE_FORBIDDEN');
    given([created('kato')])
      .when(offices(['bad']))
      .thenThrows('VALIDATION_FAILED');
  });

  describe('LAST_ADMIN: someone can always manage accounts and offices', () => {
    const nationalAdmin = created('admin', ['admin', 'supervisor'], ['*'], 'system:gateway');
    const localAdmin = created('ito', ['admin'], ['13010']);

    it('the last enabled administrator is not disabled and keeps admin', () => {
      const accounts = [summary('admin', ['admin'], ['*']), summary('kato', ['counsellor'], ['*'])];
      given([nationalAdmin]).when(disable(national, accounts)).thenThrows('LAST_ADMIN');
      given([nationalAdmin])
        .when(roles(['supervisor'], national, accounts))
        .thenThrows('LAST_ADMIN');
    });

    it("the last enabled national administrator keeps '*'; an administrator of offices does not count", () => {
      const accounts = [summary('admin', ['admin'], ['*']), summary('ito', ['admin'], ['13010'])];
      given([nationalAdmin])
        .when(offices(['13010'], national, accounts))
        .thenThrows('LAST_ADMIN');
      given([nationalAdmin]).when(disable(national, accounts)).thenThrows('LAST_ADMIN');
    });

    it('a disabled administrator does not count', () => {
      const accounts = [summary('admin', ['admin'], ['*']), summary('sato', ['admin'], ['*'], true)];
      given([nationalAdmin]).when(disable(national, accounts)).thenThrows('LAST_ADMIN');
    });

    it('with another enabled (national) administrator, the change stands', () => {
      const accounts = [summary('admin', ['admin'], ['*']), summary('sato', ['admin', 'supervisor'], ['*'])];
      given([nationalAdmin]).when(disable(national, accounts)).thenEmits('StaffUserDisabled');
      given([nationalAdmin])
        .when(offices(['13010'], national, accounts))
        .thenEmits('StaffUserOfficesChanged');
      // An administrator of offices needs another administrator, national or not.
      given([localAdmin])
        .when(roles(['supervisor'], national, [summary('ito', ['admin'], ['13010']), ...accounts.slice(1)]))
        .thenEmits('StaffUserRolesChanged');
    });

    it('asks for the other accounts only when an enabled administrator would be taken away', () => {
      const state = (events: StaffUserEvent[]) => events.reduce(staffAccountDecider.evolve, initialStaffAccount());
      expect(needsOtherAccounts(disable(), state([nationalAdmin]))).toBe(true);
      expect(needsOtherAccounts(roles(['admin']), state([nationalAdmin]))).toBe(false);
      expect(needsOtherAccounts(roles(['supervisor']), state([nationalAdmin]))).toBe(true);
      expect(needsOtherAccounts(offices(['*']), state([nationalAdmin]))).toBe(false);
      expect(needsOtherAccounts(offices(['13010']), state([nationalAdmin]))).toBe(true);
      expect(needsOtherAccounts(disable(), state([nationalAdmin, disabled('admin')]))).toBe(false);
      expect(needsOtherAccounts(disable(), state([created('kato')]))).toBe(false);
      expect(needsOtherAccounts(enable(), state([nationalAdmin]))).toBe(false);
      expect(() => given([nationalAdmin]).when(disable()).events()).toThrow(/every other account/);
    });
  });
});

describe('passwords and signing in', () => {
  const change = (newPassword: string, password = 'Old-Password-2026!') =>
    ({
      type: 'ChangeStaffPassword',
      metadata,
      data: { password, newPassword, passwordHash: 'h3' },
    }) as const;
  const signIn = (passwordCorrect: boolean, changingPassword?: boolean) =>
    ({ type: 'SignInStaff', metadata, data: { passwordCorrect, changingPassword } }) as const;
  const wasReset: StaffUserEvent = {
    type: 'StaffPasswordReset',
    data: { username: 'kato', passwordHash: 'h2', by: 'staff:admin', at: '2026-06-01T00:00:00.000Z' },
  };

  it('a new password is strong and not the current one', () => {
    given([created('kato')])
      .when(change('Fresh-Start-2027?'))
      .thenExactly([{ type: 'StaffPasswordChanged', data: { username: 'kato', passwordHash: 'h3', at: NOW } }]);
    given([created('kato')])
      .when(change('Old-Password-2026!'))
      .thenThrows('WEAK_PASSWORD');
    given([created('kato')])
      .when(change('password123456'))
      .thenThrows('WEAK_PASSWORD');
    given([]).when(change('Fresh-Start-2027?')).thenThrows('STAFF_USER_NOT_FOUND');
  });

  it('a wrong password is a failed sign-in of the account (none for an unknown name)', () => {
    given([created('kato')])
      .when(signIn(false))
      .thenExactly([{ type: 'StaffSignInFailed', data: { at: NOW } }]);
    given([]).when(signIn(false)).thenNothing();
  });

  it('only the right password learns that the account is disabled', () => {
    given([created('kato'), disabled('kato')])
      .when(signIn(true))
      .thenThrows('ACCOUNT_DISABLED');
    given([created('kato'), disabled('kato')])
      .when(signIn(false))
      .thenEmits('StaffSignInFailed');
    given([created('kato')])
      .when(signIn(true))
      .thenNothing();
  });

  it('after a reset the one-time password only lets its holder choose a new one', () => {
    given([created('kato'), wasReset])
      .when(signIn(true))
      .thenThrows('PASSWORD_CHANGE_REQUIRED');
    given([created('kato'), wasReset])
      .when(signIn(true, true))
      .thenNothing();
  });

  it('every change that must end the tokens moves the generation on; a re-enabling does not', () => {
    const state = (events: StaffUserEvent[]) => events.reduce(staffAccountDecider.evolve, initialStaffAccount());
    const account = state([created('kato')]);
    expect(acceptsToken(account, undefined)).toBe(true);
    expect(acceptsToken(account, 0)).toBe(true);
    const later = state([
      created('kato'),
      disabled('kato'),
      { type: 'StaffUserEnabled', data: { username: 'kato', by: 'staff:admin', at: NOW } },
    ]);
    expect(later.generation).toBe(1);
    expect(acceptsToken(later, 0)).toBe(false);
    expect(acceptsToken(later, 1)).toBe(true);
    expect(acceptsToken(state([created('kato'), disabled('kato')]), 1)).toBe(false);
    expect(acceptsToken(state([created('kato'), wasReset]), 1)).toBe(false);
    const changed = state([
      created('kato'),
      wasReset,
      { type: 'StaffPasswordChanged', data: { username: 'kato', passwordHash: 'h3', at: NOW } },
    ]);
    expect(changed).toMatchObject({ generation: 2, mustChangePassword: false, passwordHash: 'h3' });
    expect(acceptsToken(changed, 2)).toBe(true);
    expect(acceptsToken(initialStaffAccount(), 0)).toBe(false);
  });

  it('a reset clears the failed sign-ins; the fold keeps only as many as the limit looks at', () => {
    const fail = (at: string): StaffUserEvent => ({ type: 'StaffSignInFailed', data: { at } });
    const three = [fail('2027-04-01T00:00:01Z'), fail('2027-04-01T00:00:02Z'), fail('2027-04-01T00:00:03Z')];
    const kept = [created('kato'), ...three].reduce((s, e) => evolveStaffAccount(s, e, 2), initialStaffAccount());
    expect(kept.failures).toEqual([Date.parse('2027-04-01T00:00:02Z'), Date.parse('2027-04-01T00:00:03Z')]);
    expect(evolveStaffAccount(kept, wasReset).failures).toEqual([]);
  });

  it('the account waits once its failures within the window reach the limit, attempts running included', () => {
    const rule = { limit: 3, windowMs: 60_000 };
    const now = 1_000_000;
    expect(signInWait([now - 1000, now - 500], 0, rule, now)).toBe(0);
    // An attempt still running counts: the oldest failure leaves the window in 59 s.
    expect(signInWait([now - 1000, now - 500], 1, rule, now)).toBe(59);
    // Only attempts running: "soon".
    expect(signInWait([], 3, rule, now)).toBe(1);
    // The oldest failure in the window leaves it in 59 s.
    expect(signInWait([now - 1000, now - 500, now - 100], 0, rule, now)).toBe(59);
    // Failures older than the window do not count.
    expect(signInWait([now - 120_000, now - 500, now - 100], 0, rule, now)).toBe(0);
  });
});

describe('R50, R72: the audit copy of an account change', () => {
  it('R72: says who changed whose account and how, with the offices before and after, never a hash', () => {
    const copy = publicChangeOf(
      { type: 'StaffUserOfficesChanged', data: { username: 'kato', offices: ['13010'], by: 'staff:admin', at: NOW } },
      { offices: ['16070'] },
      HOME,
    );
    expect(copy).toEqual({
      username: 'kato',
      change: 'offices',
      offices: ['13010'],
      previousOffices: ['16070'],
      by: 'staff:admin',
      at: NOW,
    });
    const made = publicChangeOf(created('sato', ['counsellor'], ['13010']), { offices: undefined }, HOME);
    expect(made).toEqual({
      username: 'sato',
      change: 'created',
      roles: ['counsellor'],
      offices: ['13010'],
      by: 'staff:admin',
      at: '2026-04-01T00:00:00.000Z',
    });
    expect(JSON.stringify(made)).not.toContain('h0');
  });

  it('R72: an account from before offices is copied with the configured office', () => {
    const copy = publicChangeOf(disabled('kato'), {}, HOME);
    expect(copy).toMatchObject({ change: 'disabled', offices: [HOME] });
  });

  it('R50: a failed sign-in has no copy (the access record has it)', () => {
    expect(publicChangeOf({ type: 'StaffSignInFailed', data: { at: NOW } }, {}, HOME)).toBeUndefined();
  });
});

describe('the fold and the small rules', () => {
  const fold = (events: StaffUserEvent[]) => events.reduce(staffAccountDecider.evolve, initialStaffAccount());

  it('an account that was never created has no roles, no failures, generation 0', () => {
    expect(initialStaffAccount()).toEqual({
      exists: false,
      roles: [],
      disabled: false,
      mustChangePassword: false,
      generation: 0,
      failures: [],
    });
  });

  it('R72: the first administrator of a history from before offices is national; an account named admin later is not', () => {
    expect(fold([created('admin', ['admin'], undefined, 'system:gateway')]).offices).toEqual(['*']);
    expect(fold([created('admin', ['admin'], undefined, 'staff:x')]).offices).toBeUndefined();
    expect(fold([created('kato', ['admin'], undefined, 'system:gateway')]).offices).toBeUndefined();
    expect(fold([created('admin', ['admin'], ['13010'], 'system:gateway')]).offices).toEqual(['13010']);
  });

  it('R72: a change of roles or offices replaces them and ends the tokens (generation)', () => {
    const account = fold([
      created('kato', ['counsellor'], ['16070']),
      { type: 'StaffUserRolesChanged', data: { username: 'kato', roles: ['supervisor'], by: 'staff:admin', at: NOW } },
      { type: 'StaffUserOfficesChanged', data: { username: 'kato', offices: ['13010'], by: 'staff:admin', at: NOW } },
    ]);
    expect(account).toMatchObject({ roles: ['supervisor'], offices: ['13010'], generation: 2 });
  });

  it('what a username is: a-z first, then 2-31 of a-z, 0-9, . _ -', () => {
    for (const good of ['kato', 'k.a_t-o9', 'abc', `a${'b'.repeat(31)}`]) expect(USERNAME.test(good)).toBe(true);
    for (const bad of ['Kato', '9kato', '.kato', 'ab', `a${'b'.repeat(32)}`, 'kato!', ' kato', 'kato ', 'ka to'])
      expect(USERNAME.test(bad)).toBe(false);
  });

  it('R72: an account whose offices list is empty works for the configured office', () => {
    expect(officesOf({ offices: [] }, HOME)).toEqual([HOME]);
    expect(officesOf({}, HOME)).toEqual([HOME]);
    expect(officesOf({ offices: ['13010'] }, HOME)).toEqual(['13010']);
  });

  it('R72: an office code is five digits exactly, or * alone; the refusal names the field', () => {
    for (const bad of [['130100'], ['a13010'], ['13010a'], [13010 as unknown as string], ['**']]) {
      let thrown: unknown;
      try {
        officeList(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { offices: [expect.any(String)] } },
      });
    }
  });

  it('R72: an administrator of offices is told which offices are not theirs', () => {
    expect(() => mayAssign(['13010'], ['13010', '16070', '01010'])).toThrow(
      expect.objectContaining({ code: 'OFFICE_FORBIDDEN', details: { offices: ['16070', '01010'] } }),
    );
    expect(() => mayAssign(['13010', '16070'], ['16070'])).not.toThrow();
  });

  it('R72: a national account is managed by national administrators only', () => {
    expect(manages(['13010'], { offices: ['*'] }, HOME)).toBe(false);
    expect(manages(['*'], { offices: ['*'] }, HOME)).toBe(true);
    expect(manages(['13010', '16070'], { offices: ['13010'] }, HOME)).toBe(true);
    expect(manages(['13010'], { offices: ['13010', '16070'] }, HOME)).toBe(false);
  });
});

describe('changes that differ only a little are changes', () => {
  const roles = (r: StaffRole[]) =>
    ({ type: 'ChangeStaffRoles', metadata, data: { roles: r, by: 'staff:admin', actor: national } }) as const;
  const offices = (o: string[]) =>
    ({ type: 'ChangeStaffOffices', metadata, data: { offices: o, by: 'staff:admin', actor: national } }) as const;

  it('a role added, or one swapped for another, is a change of roles', () => {
    given([created('kato', ['counsellor'])])
      .when(roles(['counsellor', 'supervisor']))
      .thenEmits('StaffUserRolesChanged');
    given([created('kato', ['counsellor', 'auditor'])])
      .when(roles(['counsellor', 'supervisor']))
      .thenEmits('StaffUserRolesChanged');
    given([created('kato', ['counsellor', 'supervisor'])])
      .when(roles(['counsellor']))
      .thenEmits('StaffUserRolesChanged');
  });

  it('R72: an office added, or one swapped for another, is a change of offices', () => {
    given([created('kato', ['counsellor'], ['13010'])])
      .when(offices(['13010', '16070']))
      .thenEmits('StaffUserOfficesChanged');
    given([created('kato', ['counsellor'], ['13010', '16070'])])
      .when(offices(['13010', '01010']))
      .thenEmits('StaffUserOfficesChanged');
  });

  it('a weak password is refused naming the field it came in', () => {
    const fields = (command: StaffAccountCommand, events: StaffUserEvent[] = [created('kato')]) => {
      try {
        given(events).when(command).events();
      } catch (error) {
        return (error as { details: { fields: Record<string, string[]> } }).details.fields;
      }
      return undefined;
    };
    expect(fields(create({ password: 'short' }), [])).toEqual({ password: [expect.any(String)] });
    expect(
      fields({
        type: 'ChangeStaffPassword',
        metadata,
        data: { password: 'Same-Secret-27!x', newPassword: 'Same-Secret-27!x', passwordHash: 'h' },
      }),
    ).toEqual({ newPassword: ['is the same as the current one'] });
  });
});

describe('the audit copy of every kind of change', () => {
  const before = { offices: ['16070'] };
  const at = NOW;
  it('R50: roles, enabling, a reset and a new password, each with the offices it works for', () => {
    expect(
      publicChangeOf(
        { type: 'StaffUserRolesChanged', data: { username: 'kato', roles: ['supervisor'], by: 'staff:admin', at } },
        before,
        HOME,
      ),
    ).toEqual({ username: 'kato', change: 'roles', roles: ['supervisor'], offices: ['16070'], by: 'staff:admin', at });
    expect(
      publicChangeOf({ type: 'StaffUserEnabled', data: { username: 'kato', by: 'staff:admin', at } }, before, HOME),
    ).toEqual({ username: 'kato', change: 'enabled', offices: ['16070'], by: 'staff:admin', at });
    expect(
      publicChangeOf(
        { type: 'StaffPasswordReset', data: { username: 'kato', passwordHash: 'secret', by: 'staff:admin', at } },
        before,
        HOME,
      ),
    ).toEqual({ username: 'kato', change: 'password-reset', offices: ['16070'], by: 'staff:admin', at });
    expect(
      publicChangeOf(
        { type: 'StaffPasswordChanged', data: { username: 'kato', passwordHash: 'secret', at } },
        before,
        HOME,
      ),
    ).toEqual({ username: 'kato', change: 'password-changed', offices: ['16070'], by: 'staff:kato', at });
  });
});

describe('the sign-in window', () => {
  it('a failure exactly one window old no longer counts', () => {
    const rule = { limit: 1, windowMs: 60_000 };
    expect(signInWait([1_000_000 - 60_000], 0, rule, 1_000_000)).toBe(0);
    expect(signInWait([1_000_000 - 59_999], 0, rule, 1_000_000)).toBe(1);
  });
});

describe('a command the decider does not know', () => {
  it('is a defect, not a refusal', () => {
    expect(() =>
      staffAccountDecider.decide(
        { type: 'RenameStaffAccount', metadata } as unknown as StaffAccountCommand,
        initialStaffAccount(),
      ),
    ).toThrow(/unknown command/);
  });
});
