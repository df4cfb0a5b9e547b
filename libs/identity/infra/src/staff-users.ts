// Staff accounts in identity's store (the gateway hosts it): one stream per user (`staff-user-<name>`),
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
//
// The rules are identity's domain (@soudan/identity-domain, staff-account.decider.ts):
// this is the shell around them, which reads and appends the streams, hashes passwords,
// counts failures across replicas and answers the edge's errors.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@soudan/event-store';
import { AppError, ConfigError, currentCorrelationId, type Logger } from '@soudan/platform';
import {
  acceptsToken,
  actorOffices,
  ADMIN_ROLES,
  ADMIN_USERNAME,
  decideStaffAccount,
  DomainError,
  evolveStaffAccount,
  FIRST_ADMIN_CREATOR,
  initialStaffAccount,
  manages,
  needsOtherAccounts,
  officeList,
  officesOf,
  passwordWeakness,
  publicChangeOf,
  signInWait,
  type ChangeStaffOffices,
  type ChangeStaffRoles,
  type DisableStaffAccount,
  type EnableStaffAccount,
  type StaffAccountCommand,
  type StaffAccountState,
  USERNAME,
} from '@soudan/identity-domain';
import {
  IdentityEventTypes,
  IdentityErrors,
  STAFF_CHANGES_STREAM,
  STAFF_INDEX_STREAM,
  StaffIndexEventTypes,
  staffUserStream,
  STAFF_USER_STREAM_PREFIX,
  type StaffAccountChangedV1,
  type StaffPrincipal,
  type StaffRole,
  type StaffUserEvent,
} from '@soudan/identity-contracts';
import type { Clock } from '@soudan/time';
import type { PasswordHasher } from './passwords';
import { rateLimited, type LimitRule } from './rate-limit';
import { memoryLimits, type LimitBackend, type SharedLimit } from './shared-limits';

export { STAFF_CHANGES_STREAM, STAFF_INDEX_STREAM, staffUserStream, type StaffAccountChangedV1, type StaffUserEvent };
export { ADMIN_ROLES, ADMIN_USERNAME, officeList, officesOf, publicChangeOf };

/** The account's state as identity's domain folds it. */
export type StaffUserState = StaffAccountState;
export const initialStaffUser = initialStaffAccount;
export const evolveStaffUser = evolveStaffAccount;

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

/** A command as the edge asks for it; the time and the configured office are added when it is decided. */
type Undated<C> = C extends unknown ? Omit<C, 'metadata'> : never;

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
      const [event] = this.decide(
        { type: 'CreateFirstAdmin', metadata: this.meta(), data: { passwordHash: await this.hasher.hash(password) } },
        initialStaffAccount(),
      );
      await this.appendCreated(event as StaffUserEvent & { type: 'StaffUserCreated' }, FIRST_ADMIN_CREATOR);
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
    const state = await this.load(input.username);
    const [event] = await this.decideHashing(
      (passwordHash) => ({
        type: 'CreateStaffAccount',
        metadata: this.meta(),
        data: { ...input, passwordHash, by: createdBy, actor: by },
      }),
      state,
      input.password,
    );
    try {
      await this.appendCreated(event as StaffUserEvent & { type: 'StaffUserCreated' }, createdBy);
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
    const mine = actorOffices(by, this.home);
    return states
      .filter((s) => s.exists && manages(mine, s, this.home))
      .map((s) => this.view(s))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  async get(username: string, by?: StaffPrincipal): Promise<StaffUserView> {
    return this.view(await this.existing(username, by));
  }

  /** New roles; the account's tokens end (they carry the old ones). */
  async setRoles(username: string, requested: StaffRole[], by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    return this.act(username, { type: 'ChangeStaffRoles', data: { roles: requested, by, actor } });
  }

  /**
   * R72: the offices an account works for, set by a national administrator; the account's
   * tokens end (the next sign-in carries the new offices).
   */
  async setOffices(username: string, requested: string[], by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    return this.act(username, { type: 'ChangeStaffOffices', data: { offices: requested, by, actor } });
  }

  /** The account can no longer sign in, and its tokens end now. Disabling twice changes nothing. */
  async disable(username: string, by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    return this.act(username, { type: 'DisableStaffAccount', data: { by, actor } });
  }

  async enable(username: string, by: string, actor?: StaffPrincipal): Promise<StaffUserView> {
    return this.act(username, { type: 'EnableStaffAccount', data: { by, actor } });
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
    const state = USERNAME.test(username) ? await this.load(username) : initialStaffAccount();
    const oneTime = temporaryPassword();
    const [event] = await this.decideHashing(
      (passwordHash) => ({ type: 'ResetStaffPassword', metadata: this.meta(), data: { passwordHash, by, actor } }),
      state,
      oneTime,
    );
    await this.change(username, event, by);
    return { username, temporaryPassword: oneTime };
  }

  /**
   * A new password for whoever knows the current one (or the one-time one after a reset);
   * the account's other tokens end. Counts failures like a sign-in.
   */
  async changePassword(username: string, password: string, newPassword: string, ip: string): Promise<StaffPrincipal> {
    await this.signIn(username, password, ip, { changingPassword: true });
    const [event] = await this.decideHashing(
      (passwordHash) => ({
        type: 'ChangeStaffPassword',
        metadata: this.meta(),
        data: { password, newPassword, passwordHash },
      }),
      await this.load(username),
      newPassword,
    );
    await this.change(username, event, `staff:${username}`);
    const after = await this.load(username);
    return this.principalOf(after);
  }

  /**
   * A token's principal as the account stands now: the account is there, enabled, and
   * of the generation the token was issued at. Read from the store on every call, so a
   * change made through another replica counts at once.
   */
  async current(principal: StaffPrincipal): Promise<StaffPrincipal> {
    const state = USERNAME.test(principal.username) ? await this.load(principal.username) : initialStaffAccount();
    if (!acceptsToken(state, principal.generation))
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
    const known = USERNAME.test(username) ? await this.load(username) : initialStaffAccount();
    const at = this.clock.now();
    const now = at.getTime();
    await this.ipFailures.check(ip);
    const pending = this.inFlight.get(username) ?? 0;
    if (known.exists) {
      const wait = signInWait(known.failures, pending, this.limits.failuresPerAccount, now);
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
      // Only someone who knows the password learns the account's standing (ACCOUNT_DISABLED, ...).
      const failed = this.decide(
        {
          type: 'SignInStaff',
          metadata: { now: at.toISOString(), home: this.home },
          data: { passwordCorrect: ok, changingPassword: options.changingPassword },
        },
        known,
      );
      if (ok) return this.principalOf(known);
      await this.ipFailures.count(ip);
      if (known.exists) {
        await this.append(username, failed, 'any', 'anonymous').catch((error: unknown) => {
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
    const cached = this.cache.get(username) ?? { state: initialStaffAccount(), revision: -1 };
    const events = await this.store.readStream(streamId, { fromRevision: cached.revision + 1 });
    const next = events.reduce<Cached>(
      (c, e) => ({
        state: evolveStaffAccount(c.state, toEvent(e), this.limits.failuresPerAccount.limit),
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

  /** Another administrator's account is "not found" to an administrator of other offices (R72). */
  private async existing(username: string, actor?: StaffPrincipal): Promise<StaffUserState> {
    const state = USERNAME.test(username) ? await this.load(username) : initialStaffAccount();
    if (!state.exists || !manages(actorOffices(actor, this.home), state, this.home))
      throw new AppError('STAFF_USER_NOT_FOUND', 404, 'no staff user of this name');
    return state;
  }

  private meta(): { now: string; home: string } {
    return { now: this.at(), home: this.home };
  }

  /** The account's rules decide (identity's domain); a refusal answers as the edge's error. */
  private decide(command: StaffAccountCommand, state: StaffAccountState): StaffUserEvent[] {
    try {
      return decideStaffAccount(command, state);
    } catch (error) {
      if (error instanceof DomainError) {
        const known = (IdentityErrors as Record<string, { status: number } | undefined>)[error.code];
        throw new AppError(error.code, known?.status ?? 400, error.message, error.details);
      }
      throw error;
    }
  }

  /**
   * Decided once before the (slow, capped) hash is made, so a refused command costs no
   * hash, then with the hash; the rules are pure, so both answer alike but for the hash.
   */
  private async decideHashing(
    command: (passwordHash: string) => StaffAccountCommand,
    state: StaffAccountState,
    password: string,
  ): Promise<StaffUserEvent[]> {
    this.decide(command(''), state);
    return this.decide(command(await this.hasher.hash(password)), state);
  }

  /**
   * A change an administrator makes to an existing account: decided on the account as it
   * stands (with every other account when the LAST_ADMIN rule needs them), then appended;
   * a change that is already so appends nothing. Answers the account after.
   */
  private async act(
    username: string,
    command: Undated<ChangeStaffRoles | ChangeStaffOffices | DisableStaffAccount | EnableStaffAccount>,
  ): Promise<StaffUserView> {
    const state = USERNAME.test(username) ? await this.load(username) : initialStaffAccount();
    let full = { ...command, metadata: this.meta() } as StaffAccountCommand;
    if (needsOtherAccounts(full, state))
      full = { ...full, data: { ...full.data, accounts: await this.list() } } as StaffAccountCommand;
    const events = this.decide(full, state);
    if (events.length === 0) return this.view(state);
    await this.change(username, events[0], command.data.by);
    return this.view(await this.load(username));
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
    const copy = publicChangeOf(event, cached?.state ?? initialStaffAccount(), this.home);
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
          data: publicChangeOf(event, initialStaffAccount(), this.home)!,
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

function toEvent(recorded: RecordedEvent): StaffUserEvent {
  return { type: recorded.type, data: recorded.data } as StaffUserEvent;
}

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I), in groups of four to read out. */
const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
export function temporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => READABLE[randomInt(READABLE.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
