// A staff account (api.md "Signing in"; R72): its lifecycle as a pure decider. Commands
// are decided against the account's state and answer the events to append, nothing (the
// change is already so), or a DomainError; the edge hashes passwords, reads the store
// and the clock, and passes what the rules need in the command (time on metadata.now,
// the configured office on metadata.home).
//
// Every change that must end the account's tokens (roles, offices, disabling, a reset, a
// new password) moves the account's `generation` on; a token carries the generation it
// was issued at (acceptsToken).
import {
  STAFF_ROLES,
  type StaffAccountChangedV1,
  type StaffRole,
  type StaffUserEvent,
} from '@soudan/identity-contracts';
import { DomainError } from './domain-error';
import { passwordWeakness } from './password-policy';
import { actorOffices, isNational, manages, mayAssign, officeList, officesOf, sameOffices } from './offices';

/** What a staff username is: 3-32 characters, a-z first, then a-z, 0-9, `.`, `_` or `-`. */
export const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;
export const ADMIN_USERNAME = 'admin';
export const ADMIN_ROLES: StaffRole[] = ['admin', 'supervisor'];
/** Who created the first administrator, as stored: the name the system acted under then. */
export const FIRST_ADMIN_CREATOR = 'system:gateway';

export interface StaffAccountState {
  exists: boolean;
  username?: string;
  roles: StaffRole[];
  /** R72: the offices the account works for ('*': every office); absent: the configured office. */
  offices?: string[];
  passwordHash?: string;
  createdAt?: string;
  disabled: boolean;
  /** After a reset: the one-time password only lets its holder choose a new one. */
  mustChangePassword: boolean;
  /** Moves on with every change that must end the account's tokens. */
  generation: number;
  /** Times (ms) of the latest failed sign-ins, at most as many as the limit looks at. */
  failures: number[];
}

export const initialStaffAccount = (): StaffAccountState => ({
  exists: false,
  roles: [],
  disabled: false,
  mustChangePassword: false,
  generation: 0,
  failures: [],
});

export function evolveStaffAccount(
  state: StaffAccountState,
  event: StaffUserEvent,
  keepFailures = 100,
): StaffAccountState {
  switch (event.type) {
    case 'StaffUserCreated':
      return {
        ...state,
        exists: true,
        username: event.data.username,
        roles: event.data.roles,
        ...(event.data.offices
          ? { offices: event.data.offices }
          : // The first administrator of a history from before offices is the national one.
            event.data.username === ADMIN_USERNAME && event.data.createdBy === FIRST_ADMIN_CREATOR
            ? { offices: ['*'] }
            : {}),
        passwordHash: event.data.passwordHash,
        createdAt: event.data.createdAt,
      };
    case 'StaffSignInFailed':
      return { ...state, failures: [...state.failures, Date.parse(event.data.at)].slice(-keepFailures) };
    case 'StaffUserRolesChanged':
      return { ...state, roles: event.data.roles, generation: state.generation + 1 };
    case 'StaffUserOfficesChanged':
      return { ...state, offices: event.data.offices, generation: state.generation + 1 };
    case 'StaffUserDisabled':
      return { ...state, disabled: true, generation: state.generation + 1 };
    case 'StaffUserEnabled':
      return { ...state, disabled: false };
    case 'StaffPasswordReset':
      return {
        ...state,
        passwordHash: event.data.passwordHash,
        mustChangePassword: true,
        failures: [],
        generation: state.generation + 1,
      };
    case 'StaffPasswordChanged':
      return {
        ...state,
        passwordHash: event.data.passwordHash,
        mustChangePassword: false,
        generation: state.generation + 1,
      };
    // Stryker disable next-line ConditionalExpression,BlockStatement: unreachable, every event type is handled (never)
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Another account as the LAST_ADMIN rule looks at it: its offices as they stand ('*': national). */
export interface StaffAccountSummary {
  username: string;
  roles: readonly StaffRole[];
  offices: readonly string[];
  disabled: boolean;
}

type Meta = {
  metadata: {
    /** When the command is decided (ISO-8601). */
    now: string;
    /** The office the deployment is configured with: where an account without offices works (R72). */
    home: string;
  };
};

/**
 * Who acts: `by` as events name them (`staff:<name>`, `system:...`), and the offices of
 * the acting member of staff; no `actor`: the system, for every office.
 */
type ByActor = { by: string; actor?: { offices?: readonly string[] } };

/** Every other account, read only when needsOtherAccounts says so (the LAST_ADMIN rule). */
type OtherAccounts = { accounts?: readonly StaffAccountSummary[] };

export type CreateStaffAccount = Meta & {
  type: 'CreateStaffAccount';
  data: ByActor & {
    username: string;
    /** Only judged by the password policy, never kept; `passwordHash` is what is stored. */
    password: string;
    passwordHash: string;
    roles: readonly string[];
    offices?: readonly string[];
  };
};
/** The first start's administrator: national, made by the system (its password was judged before). */
export type CreateFirstAdmin = Meta & { type: 'CreateFirstAdmin'; data: { passwordHash: string } };
export type ChangeStaffRoles = Meta & {
  type: 'ChangeStaffRoles';
  data: ByActor & OtherAccounts & { roles: readonly string[] };
};
export type ChangeStaffOffices = Meta & {
  type: 'ChangeStaffOffices';
  data: ByActor & OtherAccounts & { offices: readonly string[] };
};
export type DisableStaffAccount = Meta & { type: 'DisableStaffAccount'; data: ByActor & OtherAccounts };
export type EnableStaffAccount = Meta & { type: 'EnableStaffAccount'; data: ByActor };
/** A one-time password's hash; the edge makes the password and shows it once. */
export type ResetStaffPassword = Meta & { type: 'ResetStaffPassword'; data: ByActor & { passwordHash: string } };
/** By the account's holder, who proved the current (or one-time) password first. */
export type ChangeStaffPassword = Meta & {
  type: 'ChangeStaffPassword';
  data: { password: string; newPassword: string; passwordHash: string };
};
/** A sign-in whose password the edge checked against the account's hash. */
export type SignInStaff = Meta & {
  type: 'SignInStaff';
  data: { passwordCorrect: boolean; changingPassword?: boolean };
};

export type StaffAccountCommand =
  | CreateStaffAccount
  | CreateFirstAdmin
  | ChangeStaffRoles
  | ChangeStaffOffices
  | DisableStaffAccount
  | EnableStaffAccount
  | ResetStaffPassword
  | ChangeStaffPassword
  | SignInStaff;

/** The staff roles asked for, once each, in the order asked; anything else is left out. */
export function rolesOf(requested: readonly string[]): StaffRole[] {
  return [...new Set(requested)].filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
}

export function sameRoles(a: readonly StaffRole[], b: readonly StaffRole[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/**
 * Whether deciding the command needs every other account (`accounts`): it would take an
 * enabled administrator away (disable them, drop `admin`, or drop '*' from their offices).
 */
export function needsOtherAccounts(command: StaffAccountCommand, state: StaffAccountState): boolean {
  if (!state.roles.includes('admin') || state.disabled) return false;
  switch (command.type) {
    case 'ChangeStaffRoles':
      return !command.data.roles.includes('admin');
    case 'ChangeStaffOffices':
      return !command.data.offices.includes('*');
    case 'DisableStaffAccount':
      return true;
    default:
      return false;
  }
}

const notFound = () => new DomainError('STAFF_USER_NOT_FOUND', 'no staff user of this name');

/** R72: an account an administrator of other offices does not manage is "not found" to them, as an unknown one. */
function managed(state: StaffAccountState, data: ByActor, home: string): string {
  if (!state.exists || !manages(actorOffices(data.actor, home), state, home)) throw notFound();
  return state.username!;
}

/**
 * Refuses to take away the last enabled administrator (nobody could manage accounts
 * after), or the last national one (nobody could register offices or assign staff).
 */
function keepAnAdmin(state: StaffAccountState, data: OtherAccounts, home: string): void {
  if (!data.accounts) throw new Error('the LAST_ADMIN rule needs every other account (needsOtherAccounts)');
  const national = isNational(officesOf(state, home));
  const others = data.accounts.filter(
    (u) =>
      u.username !== state.username &&
      !u.disabled &&
      u.roles.includes('admin') &&
      (!national || u.offices.includes('*')),
  );
  if (others.length === 0)
    throw new DomainError(
      'LAST_ADMIN',
      national ? 'this is the last enabled national administrator' : 'this is the last enabled administrator',
    );
}

function weakPassword(field: string, what: string, weakness: string): DomainError {
  return new DomainError('WEAK_PASSWORD', `${what} ${weakness}`, { fields: { [field]: [weakness] } });
}

export function decideStaffAccount(command: StaffAccountCommand, state: StaffAccountState): StaffUserEvent[] {
  const { now: at, home } = command.metadata;
  switch (command.type) {
    case 'CreateStaffAccount': {
      const d = command.data;
      const roles = rolesOf(d.roles);
      const mine = actorOffices(d.actor, home);
      // R72: none named: the creator's only office, else the configured office.
      const offices = d.offices ? officeList(d.offices) : mine.length === 1 && !isNational(mine) ? mine : [home];
      mayAssign(mine, offices);
      const weakness = passwordWeakness(d.password, d.username);
      if (weakness) throw weakPassword('password', 'the password', weakness);
      if (state.exists) throw new DomainError('STAFF_USER_EXISTS', 'this username is taken');
      return [
        {
          type: 'StaffUserCreated',
          data: { username: d.username, roles, passwordHash: d.passwordHash, createdBy: d.by, createdAt: at, offices },
        },
      ];
    }
    case 'CreateFirstAdmin': {
      if (state.exists) return [];
      return [
        {
          type: 'StaffUserCreated',
          data: {
            username: ADMIN_USERNAME,
            roles: ADMIN_ROLES,
            passwordHash: command.data.passwordHash,
            createdBy: FIRST_ADMIN_CREATOR,
            createdAt: at,
            // The first administrator is the national one: they register offices and assign staff.
            offices: ['*'],
          },
        },
      ];
    }
    case 'ChangeStaffRoles': {
      const d = command.data;
      const roles = rolesOf(d.roles);
      const username = managed(state, d, home);
      if (sameRoles(state.roles, roles)) return [];
      if (state.roles.includes('admin') && !roles.includes('admin') && !state.disabled) keepAnAdmin(state, d, home);
      return [{ type: 'StaffUserRolesChanged', data: { username, roles, by: d.by, at } }];
    }
    case 'ChangeStaffOffices': {
      const d = command.data;
      // R72: only a national administrator assigns offices.
      if (!isNational(actorOffices(d.actor, home)))
        throw new DomainError('OFFICE_FORBIDDEN', 'only a national administrator assigns offices');
      const offices = officeList(d.offices);
      const username = managed(state, d, home);
      if (sameOffices(officesOf(state, home), offices) && state.offices) return [];
      if (state.roles.includes('admin') && !isNational(offices) && !state.disabled) keepAnAdmin(state, d, home);
      return [{ type: 'StaffUserOfficesChanged', data: { username, offices, by: d.by, at } }];
    }
    case 'DisableStaffAccount': {
      const d = command.data;
      const username = managed(state, d, home);
      if (state.disabled) return [];
      if (state.roles.includes('admin')) keepAnAdmin(state, d, home);
      return [{ type: 'StaffUserDisabled', data: { username, by: d.by, at } }];
    }
    case 'EnableStaffAccount': {
      const d = command.data;
      const username = managed(state, d, home);
      if (!state.disabled) return [];
      return [{ type: 'StaffUserEnabled', data: { username, by: d.by, at } }];
    }
    case 'ResetStaffPassword': {
      const d = command.data;
      const username = managed(state, d, home);
      return [{ type: 'StaffPasswordReset', data: { username, passwordHash: d.passwordHash, by: d.by, at } }];
    }
    case 'ChangeStaffPassword': {
      const d = command.data;
      if (!state.exists) throw notFound();
      const username = state.username!;
      const weakness =
        passwordWeakness(d.newPassword, username) ??
        (d.newPassword === d.password ? 'is the same as the current one' : undefined);
      if (weakness) throw weakPassword('newPassword', 'the new password', weakness);
      return [{ type: 'StaffPasswordChanged', data: { username, passwordHash: d.passwordHash, at } }];
    }
    case 'SignInStaff': {
      const d = command.data;
      if (!d.passwordCorrect) return state.exists ? [{ type: 'StaffSignInFailed', data: { at } }] : [];
      // Only someone who knows the password learns the account's standing.
      if (state.disabled) throw new DomainError('ACCOUNT_DISABLED', 'this account is disabled');
      if (state.mustChangePassword && !d.changingPassword)
        throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'choose a new password first (POST /auth/staff/password)');
      return [];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export const staffAccountDecider = {
  initialState: initialStaffAccount,
  evolve: (state: StaffAccountState, event: StaffUserEvent) => evolveStaffAccount(state, event),
  decide: decideStaffAccount,
};

/**
 * Whether a token issued at `generation` still stands: the account is there, enabled, not
 * waiting for a new password, and no change ended its tokens since.
 */
export function acceptsToken(state: StaffAccountState, generation: number | undefined): boolean {
  return state.exists && !state.disabled && !state.mustChangePassword && state.generation === (generation ?? 0);
}

/**
 * Seconds before the account may try again (0: now): its failed sign-ins within the
 * window, and attempts still running (they may yet fail), against the limit.
 */
export function signInWait(
  failures: readonly number[],
  pending: number,
  rule: { limit: number; windowMs: number },
  nowMs: number,
): number {
  const live = failures.filter((t) => t > nowMs - rule.windowMs);
  if (live.length + pending < rule.limit) return 0;
  // Attempts still running may yet fail; until they end, say "soon".
  const oldest = live[live.length + pending - rule.limit];
  return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + rule.windowMs - nowMs) / 1000));
}

/** The audit record's copy of an account event (R50-R53); none for a failed sign-in (that is the access record's). */
export function publicChangeOf(
  event: StaffUserEvent,
  before: { offices?: readonly string[] },
  home: string,
): StaffAccountChangedV1 | undefined {
  const offices = officesOf(before, home);
  switch (event.type) {
    case 'StaffUserCreated': {
      const { username, roles, createdBy, createdAt } = event.data;
      return { username, change: 'created', roles, offices: officesOf(event.data, home), by: createdBy, at: createdAt };
    }
    case 'StaffUserRolesChanged':
      return { ...event.data, change: 'roles', offices };
    case 'StaffUserOfficesChanged':
      return { ...event.data, change: 'offices', previousOffices: offices };
    case 'StaffUserDisabled':
      return { ...event.data, change: 'disabled', offices };
    case 'StaffUserEnabled':
      return { ...event.data, change: 'enabled', offices };
    case 'StaffPasswordReset':
      return { username: event.data.username, change: 'password-reset', offices, by: event.data.by, at: event.data.at };
    case 'StaffPasswordChanged':
      return {
        username: event.data.username,
        change: 'password-changed',
        offices,
        by: `staff:${event.data.username}`,
        at: event.data.at,
      };
    // Stryker disable next-line ConditionalExpression: equivalent, falling out of the switch answers undefined too
    default:
      return undefined;
  }
}
