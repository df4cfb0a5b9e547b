// Staff accounts in the gateway's own store: one stream per user (`staff-user-<name>`),
// never published (it holds the password hash). Failed sign-ins are events of that
// stream too, so the per-account limit holds across restarts and replicas.
//
// The lifecycle an office needs at the April transfers (異動): list, change roles,
// disable and re-enable, reset the password (a one-time password that must be changed at
// the next sign-in). Each of those, and a password change, moves the account's
// `generation` on; tokens carry the generation they were issued at, and the AuthGuard
// refuses a token of an older generation or of a disabled account on its next request,
// on every replica (it reads the account's stream), not when the token expires.
//
// R72: every account works for one or more offices (`offices`; '*' is every office, a
// national role). An account made before offices existed names none and works for the
// office the deployment is configured with. A national administrator assigns offices; an
// administrator of offices manages the accounts of those offices only, and does not see
// the others (404, as for an unknown name).
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@soudan/event-store';
import { AppError, ConfigError, currentCorrelationId, type Logger } from '@soudan/platform';
import {
  IdentityEventTypes,
  STAFF_CHANGES_STREAM,
  STAFF_INDEX_STREAM,
  StaffIndexEventTypes,
  staffUserStream,
  STAFF_USER_STREAM_PREFIX,
  type StaffAccountChangedV1,
  type StaffUserEvent,
} from '@soudan/identity-contracts';
import type { Clock } from '@soudan/time';
import { USERNAME } from './auth.dto';
import { passwordWeakness, type PasswordHasher } from './passwords';
import { rateLimited, type LimitRule } from './rate-limit';
import { memoryLimits, type LimitBackend, type SharedLimit } from './shared-limits';
import { STAFF_ROLES, type StaffPrincipal, type StaffRole } from './roles';

export { STAFF_CHANGES_STREAM, STAFF_INDEX_STREAM, staffUserStream, type StaffAccountChangedV1, type StaffUserEvent };

export const ADMIN_USERNAME = 'admin';
export const ADMIN_ROLES: StaffRole[] = ['admin', 'supervisor'];

/** The audit record's copy of an account event; none for a failed sign-in (that is the access record's). */
export function publicChangeOf(
  event: StaffUserEvent,
  before: Pick<StaffUserState, 'offices'>,
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
    default:
      return undefined;
  }
}

export interface StaffUserState {
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

export const initialStaffUser = (): StaffUserState => ({
  exists: false,
  roles: [],
  disabled: false,
  mustChangePassword: false,
  generation: 0,
  failures: [],
});

export function evolveStaffUser(state: StaffUserState, event: StaffUserEvent, keepFailures = 100): StaffUserState {
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
            event.data.username === ADMIN_USERNAME && event.data.createdBy === 'system:gateway'
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
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** What an administrator sees of an account (never its hash or failures). */
export interface StaffUserView {
  username: string;
  roles: StaffRole[];
  /** R72: the offices the account works for ('*': every office). */
  offices: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt?: string;
}

export function viewOf(state: StaffUserState, home: string): StaffUserView {
  return {
    username: state.username!,
    roles: state.roles,
    offices: officesOf(state, home),
    disabled: state.disabled,
    mustChangePassword: state.mustChangePassword,
    ...(state.createdAt ? { createdAt: state.createdAt } : {}),
  };
}

export interface StaffLimits {
  /** Failed sign-ins per account (api: at most 100 an hour, then 429). */
  failuresPerAccount: LimitRule;
  /** Failed sign-ins per client address, whatever the account. */
  failuresPerIp: LimitRule;
  /** Every failure answers no sooner than this, so an unknown and a known name look alike. */
  failureFloorMs: number;
}

export const DEFAULT_STAFF_LIMITS: StaffLimits = {
  failuresPerAccount: { limit: 100, windowMs: 60 * 60_000 },
  failuresPerIp: { limit: 300, windowMs: 60 * 60_000 },
  failureFloorMs: 400,
};

interface Cached {
  state: StaffUserState;
  /** Revision of the last event folded in; -1 before any. */
  revision: number;
}

export class StaffDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly unknownFailures: SharedLimit;
  private readonly ipFailures: SharedLimit;
  /** Attempts being checked right now, per account: they count against the limit until they end. */
  private readonly inFlight = new Map<string, number>();
  private dummyHash?: Promise<string>;

  constructor(
    private readonly store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The office the deployment is configured with: where an account without offices works. */
    readonly home: string,
    readonly limits: StaffLimits = DEFAULT_STAFF_LIMITS,
    /** Shared by every replica (shared-limits.ts); a known account's failures are in its own stream. */
    backend: LimitBackend = memoryLimits(randomBytes(32)),
  ) {
    this.unknownFailures = backend.limiter('staff-failures-unknown-account', limits.failuresPerAccount);
    this.ipFailures = backend.limiter('staff-failures-ip', limits.failuresPerIp);
  }

  /**
   * The first start creates `admin` from ADMIN_PASSWORD. Outside the embedded default
   * a missing or weak one stops start-up; embedded, with none set, a strong one is
   * made, shown once through `announce`, and only its hash is kept.
   */
  async ensureAdmin(options: {
    password?: string;
    embedded: boolean;
    announce: (text: string) => void;
  }): Promise<void> {
    if (options.password !== undefined) {
      const weakness = passwordWeakness(options.password, ADMIN_USERNAME);
      if (weakness) throw new ConfigError('ADMIN_PASSWORD', `is too weak: it ${weakness}`);
    }
    if ((await this.load(ADMIN_USERNAME)).exists) return;
    let password = options.password;
    let generated = false;
    if (password === undefined) {
      if (!options.embedded) {
        throw new ConfigError(
          'ADMIN_PASSWORD',
          'is required at the first start, to create the user admin (at least 12 characters, hard to guess)',
        );
      }
      password = randomBytes(18).toString('base64url');
      generated = true;
    }
    try {
      await this.appendCreated(
        // The first administrator is the national one: they register offices and assign staff.
        created(ADMIN_USERNAME, ADMIN_ROLES, await this.hasher.hash(password), 'system:gateway', this.clock.now(), [
          '*',
        ]),
        'system:gateway',
      );
    } catch (error) {
      // Another replica created it at the same moment: theirs stands.
      if (error instanceof WrongExpectedRevisionError) return;
      throw error;
    }
    this.logger.info({ username: ADMIN_USERNAME }, 'created the first admin');
    if (generated) {
      options.announce(
        [
          '',
          '================================================================',
          ' 初回起動: 管理者ユーザー admin を作成しました。',
          ` パスワード: ${password}`,
          ' この表示は一度だけです。安全な場所に控えてください。',
          ' (First start: created the user admin; this password is shown only once.)',
          '================================================================',
          '',
        ].join('\n'),
      );
    }
  }

  /**
   * A new account, for the offices named (R72), which must be the creator's own ('*' only
   * from a national administrator); none named: the creator's only office, else the
   * configured office.
   */
  async create(
    input: { username: string; password: string; roles: StaffRole[]; offices?: string[] },
    createdBy: string,
    by?: StaffPrincipal,
  ): Promise<StaffUserView> {
    const roles = rolesOf(input.roles);
    const mine = this.officesOfPrincipal(by);
    const offices = input.offices
      ? officeList(input.offices)
      : mine.length === 1 && mine[0] !== '*'
        ? mine
        : [this.home];
    this.mayAssign(mine, offices);
    const weakness = passwordWeakness(input.password, input.username);
    if (weakness)
      throw new AppError('WEAK_PASSWORD', 400, `the password ${weakness}`, { fields: { password: [weakness] } });
    if ((await this.load(input.username)).exists)
      throw new AppError('STAFF_USER_EXISTS', 409, 'this username is taken');
    try {
      await this.appendCreated(
        created(input.username, roles, await this.hasher.hash(input.password), createdBy, this.clock.now(), offices),
        createdBy,
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError)
        throw new AppError('STAFF_USER_EXISTS', 409, 'this username is taken');
      throw error;
    }
    return this.view(await this.load(input.username));
  }

  /** Every account, by name: for an administrator of offices, the accounts of those offices (R72). */
  async list(by?: StaffPrincipal): Promise<StaffUserView[]> {
    const names = await this.indexedNames();
    const states = await Promise.all(names.map((name) => this.load(name)));
    const mine = this.officesOfPrincipal(by);
    return states
      .filter((s) => s.exists && this.manages(mine, s))
      .map((s) => this.view(s))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  async get(username: string, by?: StaffPrincipal): Promise<StaffUserView> {
    return this.view(await this.existing(username, by));
  }

  /** New roles; the account's tokens end (they carry the old ones). */
  async setRoles(username: string, requested: StaffRole[], by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    const roles = rolesOf(requested);
    const state = await this.existing(username, actor);
    if (sameRoles(state.roles, roles)) return this.view(state);
    if (state.roles.includes('admin') && !roles.includes('admin') && !state.disabled)
      await this.keepAnAdmin(username, state);
    await this.change(username, { type: 'StaffUserRolesChanged', data: { username, roles, by, at: this.at() } }, by);
    return this.view(await this.load(username));
  }

  /**
   * R72: the offices an account works for, set by a national administrator; the account's
   * tokens end (the next sign-in carries the new offices).
   */
  async setOffices(username: string, requested: string[], by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    const mine = this.officesOfPrincipal(actor);
    if (!mine.includes('*'))
      throw new AppError('OFFICE_FORBIDDEN', 403, 'only a national administrator assigns offices');
    const offices = officeList(requested);
    const state = await this.existing(username, actor);
    if (sameOffices(officesOf(state, this.home), offices) && state.offices) return this.view(state);
    if (state.roles.includes('admin') && !offices.includes('*') && !state.disabled)
      await this.keepAnAdmin(username, state);
    await this.change(
      username,
      { type: 'StaffUserOfficesChanged', data: { username, offices, by, at: this.at() } },
      by,
    );
    return this.view(await this.load(username));
  }

  /** The account can no longer sign in, and its tokens end now. Disabling twice changes nothing. */
  async disable(username: string, by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    const state = await this.existing(username, actor);
    if (state.disabled) return this.view(state);
    if (state.roles.includes('admin')) await this.keepAnAdmin(username, state);
    await this.change(username, { type: 'StaffUserDisabled', data: { username, by, at: this.at() } }, by);
    return this.view(await this.load(username));
  }

  async enable(username: string, by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    const state = await this.existing(username, actor);
    if (!state.disabled) return this.view(state);
    await this.change(username, { type: 'StaffUserEnabled', data: { username, by, at: this.at() } }, by);
    return this.view(await this.load(username));
  }

  /**
   * A one-time password, shown once to the administrator who hands it over: it only lets
   * its holder choose a new password (POST /auth/staff/password). The old password and
   * every token of the account stop working at once.
   */
  async resetPassword(
    username: string,
    by: string,
    actor?: StaffPrincipal,
  ): Promise<{ username: string; temporaryPassword: string }> {
    await this.existing(username, actor);
    const oneTime = temporaryPassword();
    const passwordHash = await this.hasher.hash(oneTime);
    await this.change(
      username,
      { type: 'StaffPasswordReset', data: { username, passwordHash, by, at: this.at() } },
      by,
    );
    return { username, temporaryPassword: oneTime };
  }

  /**
   * A new password for whoever knows the current one (or the one-time one after a reset);
   * the account's other tokens end. Counts failures like a sign-in.
   */
  async changePassword(username: string, password: string, newPassword: string, ip: string): Promise<StaffPrincipal> {
    await this.signIn(username, password, ip, { changingPassword: true });
    const weakness =
      passwordWeakness(newPassword, username) ??
      (newPassword === password ? 'is the same as the current one' : undefined);
    if (weakness)
      throw new AppError('WEAK_PASSWORD', 400, `the new password ${weakness}`, { fields: { newPassword: [weakness] } });
    await this.change(
      username,
      {
        type: 'StaffPasswordChanged',
        data: { username, passwordHash: await this.hasher.hash(newPassword), at: this.at() },
      },
      `staff:${username}`,
    );
    const after = await this.load(username);
    return this.principalOf(after);
  }

  /**
   * A token's principal as the account stands now: the account is there, enabled, and
   * of the generation the token was issued at. Read from the store on every call, so a
   * change made through another replica counts at once.
   */
  async current(principal: StaffPrincipal): Promise<StaffPrincipal> {
    const state = USERNAME.test(principal.username) ? await this.load(principal.username) : initialStaffUser();
    if (!state.exists || state.disabled || state.mustChangePassword || state.generation !== (principal.generation ?? 0))
      throw new AppError('TOKEN_REVOKED', 401, 'this token was ended (the account changed); sign in again');
    // The offices as the account stands (a change of offices also ended older tokens).
    return { ...principal, offices: officesOf(state, this.home) };
  }

  /** The principal for a correct username and password; 401, or 429 once the account's failures are used up. */
  async signIn(
    username: string,
    password: string,
    ip: string,
    options: { changingPassword?: boolean } = {},
  ): Promise<StaffPrincipal> {
    const started = performance.now();
    const known = USERNAME.test(username) ? await this.load(username) : initialStaffUser();
    const now = this.clock.now().getTime();
    await this.ipFailures.check(ip);
    const pending = this.inFlight.get(username) ?? 0;
    if (known.exists) {
      const wait = accountWait(known.failures, pending, this.limits.failuresPerAccount, now);
      if (wait > 0) throw rateLimited(wait);
    } else if (pending >= this.limits.failuresPerAccount.limit) {
      throw rateLimited(60);
    } else {
      await this.unknownFailures.check(username);
    }
    this.inFlight.set(username, pending + 1);
    let ok: boolean;
    try {
      ok = known.exists
        ? await this.hasher.verify(known.passwordHash!, password)
        : await this.hasher.verify(await this.dummy(), password).then(() => false);
      if (ok) {
        // Only someone who knows the password learns the account's standing.
        if (known.disabled) throw new AppError('ACCOUNT_DISABLED', 403, 'this account is disabled');
        if (known.mustChangePassword && !options.changingPassword)
          throw new AppError(
            'PASSWORD_CHANGE_REQUIRED',
            403,
            'choose a new password first (POST /auth/staff/password)',
          );
        return this.principalOf(known);
      }
      await this.ipFailures.count(ip);
      if (known.exists) {
        await this.append(
          username,
          [{ type: 'StaffSignInFailed', data: { at: new Date(now).toISOString() } }],
          'any',
          'anonymous',
        ).catch((error: unknown) => {
          // The refusal stands; only the durable count misses one.
          this.logger.warn({ err: error, username }, 'could not record a failed sign-in');
        });
        // Fold it in now, so the next attempt here sees it without waiting for a read.
        await this.load(username).catch(() => undefined);
      } else {
        await this.unknownFailures.count(username);
      }
    } finally {
      const left = (this.inFlight.get(username) ?? 1) - 1;
      if (left > 0) this.inFlight.set(username, left);
      else this.inFlight.delete(username);
    }
    const wait = started + this.limits.failureFloorMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    throw new AppError('INVALID_CREDENTIALS', 401, 'wrong username or password');
  }

  /** Current state, catching up with what other replicas appended since the last look. */
  async load(username: string): Promise<StaffUserState> {
    const streamId = staffUserStream(username);
    const cached = this.cache.get(username) ?? { state: initialStaffUser(), revision: -1 };
    const events = await this.store.readStream(streamId, { fromRevision: cached.revision + 1 });
    const next = events.reduce<Cached>(
      (c, e) => ({
        state: evolveStaffUser(c.state, toEvent(e), this.limits.failuresPerAccount.limit),
        revision: e.revision,
      }),
      cached,
    );
    // Unknown names are not cached: a flood of made-up names must not grow memory.
    if (next.state.exists) this.cache.set(username, next);
    return next.state;
  }

  private at(): string {
    return this.clock.now().toISOString();
  }

  private view(state: StaffUserState): StaffUserView {
    return viewOf(state, this.home);
  }

  private principalOf(state: StaffUserState): StaffPrincipal {
    return {
      kind: 'staff',
      username: state.username!,
      roles: state.roles,
      generation: state.generation,
      offices: officesOf(state, this.home),
    };
  }

  /** The offices of whoever acts; none given (the system, a test): every office. */
  private officesOfPrincipal(principal?: StaffPrincipal): string[] {
    if (!principal) return ['*'];
    return principal.offices && principal.offices.length > 0 ? principal.offices : [this.home];
  }

  /** R72: an administrator manages the accounts all of whose offices are theirs. */
  private manages(mine: readonly string[], state: StaffUserState): boolean {
    if (mine.includes('*')) return true;
    return officesOf(state, this.home).every((office) => office !== '*' && mine.includes(office));
  }

  /** Offices an administrator may give: their own; '*' only their own if national. */
  private mayAssign(mine: readonly string[], offices: readonly string[]): void {
    if (mine.includes('*')) return;
    const foreign = offices.filter((office) => !mine.includes(office));
    if (foreign.length > 0)
      throw new AppError('OFFICE_FORBIDDEN', 403, `you do not work for office ${foreign.join(', ')}`, {
        offices: foreign,
      });
  }

  /** Another administrator's account is "not found" to an administrator of other offices (R72). */
  private async existing(username: string, actor?: StaffPrincipal): Promise<StaffUserState> {
    const state = USERNAME.test(username) ? await this.load(username) : initialStaffUser();
    if (!state.exists || !this.manages(this.officesOfPrincipal(actor), state))
      throw new AppError('STAFF_USER_NOT_FOUND', 404, 'no staff user of this name');
    return state;
  }

  /**
   * Refuses to take away the last enabled administrator (nobody could manage accounts
   * after), or the last national one (nobody could register offices or assign staff).
   */
  private async keepAnAdmin(username: string, state: StaffUserState): Promise<void> {
    const national = officesOf(state, this.home).includes('*');
    const others = (await this.list()).filter(
      (u) =>
        u.username !== username && !u.disabled && u.roles.includes('admin') && (!national || u.offices.includes('*')),
    );
    if (others.length === 0)
      throw new AppError(
        'LAST_ADMIN',
        409,
        national ? 'this is the last enabled national administrator' : 'this is the last enabled administrator',
      );
  }

  /** Appends one change at the revision it was decided on: a concurrent change answers 409 instead of both landing. */
  private async change(username: string, event: StaffUserEvent, actor: string): Promise<void> {
    const cached = this.cache.get(username);
    const revision = cached?.revision;
    const metadata = { correlationId: currentCorrelationId() ?? randomUUID(), actor, schemaVersion: 1 };
    const account = {
      streamId: staffUserStream(username),
      expected: revision ?? ('any' as const),
      events: [{ eventId: randomUUID(), type: event.type, data: event.data, metadata }],
    };
    const copy = publicChangeOf(event, cached?.state ?? initialStaffUser(), this.home);
    const audited = {
      streamId: STAFF_CHANGES_STREAM,
      expected: 'any' as const,
      events: copy
        ? [{ eventId: randomUUID(), type: IdentityEventTypes.StaffAccountChanged, data: copy, metadata }]
        : [],
    };
    try {
      // One commit where the store can: a change is in the audit record exactly when it happened.
      if (this.store.appendMany && audited.events.length > 0) await this.store.appendMany([account, audited]);
      else {
        await this.store.append(account.streamId, account.events, account.expected);
        if (audited.events.length > 0) await this.store.append(audited.streamId, audited.events, audited.expected);
      }
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError)
        throw new AppError('REVISION_CONFLICT', 409, 'the account changed meanwhile; look again and retry');
      throw error;
    } finally {
      await this.load(username).catch(() => undefined);
    }
  }

  /** The account's first event and its line in the index, in one append where the store can. */
  private async appendCreated(event: StaffUserEvent & { type: 'StaffUserCreated' }, actor: string): Promise<void> {
    const username = event.data.username;
    const metadata = { correlationId: currentCorrelationId() ?? randomUUID(), actor, schemaVersion: 1 };
    const account = { streamId: staffUserStream(username), expected: 'no_stream' as const };
    const index = { streamId: STAFF_INDEX_STREAM, expected: 'any' as const };
    const accountEvents = [{ eventId: randomUUID(), type: event.type, data: event.data, metadata }];
    const indexEvents = [
      { eventId: randomUUID(), type: StaffIndexEventTypes.StaffUserIndexed, data: { username }, metadata },
    ];
    const audited = {
      streamId: STAFF_CHANGES_STREAM,
      expected: 'any' as const,
      events: [
        {
          eventId: randomUUID(),
          type: IdentityEventTypes.StaffAccountChanged,
          data: publicChangeOf(event, initialStaffUser(), this.home)!,
          metadata,
        },
      ],
    };
    if (this.store.appendMany) {
      await this.store.appendMany([{ ...account, events: accountEvents }, { ...index, events: indexEvents }, audited]);
      return;
    }
    await this.store.append(account.streamId, accountEvents, account.expected);
    await this.store.append(index.streamId, indexEvents, index.expected);
    await this.store.append(audited.streamId, audited.events, audited.expected);
  }

  /**
   * The names in the index. Accounts made before the index existed are found once, by a
   * scan of the log, and indexed (marked by StaffIndexBackfilled); a name indexed twice by
   * two replicas at once is one name.
   */
  private async indexedNames(): Promise<string[]> {
    const index = await this.store.readStream(STAFF_INDEX_STREAM);
    const names = new Set(
      index
        .filter((e) => e.type === StaffIndexEventTypes.StaffUserIndexed)
        .map((e) => (e.data as { username: string }).username),
    );
    if (index.some((e) => e.type === StaffIndexEventTypes.StaffIndexBackfilled)) return [...names];
    const found = new Set<string>();
    for (let after: bigint | undefined; ;) {
      const page = await this.store.readAll({ after, limit: 1000 });
      for (const e of page)
        if (e.type === 'StaffUserCreated' && e.streamId.startsWith(STAFF_USER_STREAM_PREFIX))
          found.add((e.data as { username: string }).username);
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    const metadata = {
      correlationId: currentCorrelationId() ?? randomUUID(),
      actor: 'system:gateway',
      schemaVersion: 1,
    };
    const missing = [...found].filter((name) => !names.has(name));
    await this.store.append(
      STAFF_INDEX_STREAM,
      [
        ...missing.map((username) => ({
          eventId: randomUUID(),
          type: StaffIndexEventTypes.StaffUserIndexed,
          data: { username },
          metadata,
        })),
        {
          eventId: randomUUID(),
          type: StaffIndexEventTypes.StaffIndexBackfilled,
          data: { accounts: found.size },
          metadata,
        },
      ],
      'any',
    );
    return [...new Set([...names, ...found])];
  }

  private async append(
    username: string,
    events: StaffUserEvent[],
    expected: 'no_stream' | 'any' | number,
    actor: string,
  ): Promise<void> {
    const correlationId = currentCorrelationId() ?? randomUUID();
    await this.store.append(
      staffUserStream(username),
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        data: e.data,
        metadata: { correlationId, actor, schemaVersion: 1 },
      })),
      expected,
    );
  }

  /** A real hash to verify against for unknown names, so they cost the same time. */
  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(24).toString('base64url'));
    return this.dummyHash;
  }
}

function created(
  username: string,
  roles: StaffRole[],
  passwordHash: string,
  createdBy: string,
  at: Date,
  offices: string[],
): StaffUserEvent & { type: 'StaffUserCreated' } {
  return {
    type: 'StaffUserCreated',
    data: { username, roles, passwordHash, createdBy, createdAt: at.toISOString(), offices },
  };
}

/** R72: the offices an account works for; one made before offices existed works for the configured one. */
export function officesOf(state: Pick<StaffUserState, 'offices'>, home: string): string[] {
  return state.offices && state.offices.length > 0 ? state.offices : [home];
}

const OFFICE_CODE = /^(\d{5}|\*)$/;

/** Offices as given, once each, in order; '*' stands alone (it already means every office). */
export function officeList(requested: readonly string[]): string[] {
  const offices = [...new Set(requested)];
  const bad = offices.filter((office) => typeof office !== 'string' || !OFFICE_CODE.test(office));
  if (offices.length === 0 || bad.length > 0)
    throw new AppError('VALIDATION_FAILED', 400, 'offices must be five-digit office codes, or * for every office', {
      fields: { offices: ['one or more five-digit office codes, or *'] },
    });
  return offices.includes('*') ? ['*'] : offices;
}

function sameOffices(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((o) => b.includes(o));
}

function toEvent(recorded: RecordedEvent): StaffUserEvent {
  return { type: recorded.type, data: recorded.data } as StaffUserEvent;
}

function accountWait(failures: number[], pending: number, rule: LimitRule, now: number): number {
  const live = failures.filter((t) => t > now - rule.windowMs);
  if (live.length + pending < rule.limit) return 0;
  // Attempts still running may yet fail; until they end, say "soon".
  const oldest = live[live.length + pending - rule.limit];
  return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 1000));
}

/** The staff roles asked for, once each, in the order asked. */
function rolesOf(requested: readonly string[]): StaffRole[] {
  return [...new Set(requested)].filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
}

function sameRoles(a: readonly StaffRole[], b: readonly StaffRole[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I), in groups of four to read out. */
const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
export function temporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => READABLE[randomInt(READABLE.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
