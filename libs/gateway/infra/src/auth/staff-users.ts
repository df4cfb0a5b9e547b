// Staff accounts in the gateway's own store: one stream per user (`staff-user-<name>`),
// never published (it holds the password hash). Failed sign-ins are events of that
// stream too, so the per-account limit holds across restarts and replicas.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@soudan/event-store';
import { AppError, ConfigError, currentCorrelationId, type Logger } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { USERNAME } from './auth.dto';
import { passwordWeakness, type PasswordHasher } from './passwords';
import { rateLimited, type LimitRule } from './rate-limit';
import { memoryLimits, type LimitBackend, type SharedLimit } from './shared-limits';
import { STAFF_ROLES, type StaffPrincipal, type StaffRole } from './roles';

export const staffUserStream = (username: string) => `staff-user-${username}`;
export const ADMIN_USERNAME = 'admin';
export const ADMIN_ROLES: StaffRole[] = ['admin', 'supervisor'];

export type StaffUserEvent =
  | {
      type: 'StaffUserCreated';
      data: { username: string; roles: StaffRole[]; passwordHash: string; createdBy: string; createdAt: string };
    }
  | { type: 'StaffSignInFailed'; data: { at: string } };

export interface StaffUserState {
  exists: boolean;
  username?: string;
  roles: StaffRole[];
  passwordHash?: string;
  /** Times (ms) of the latest failed sign-ins, at most as many as the limit looks at. */
  failures: number[];
}

export const initialStaffUser = (): StaffUserState => ({ exists: false, roles: [], failures: [] });

export function evolveStaffUser(state: StaffUserState, event: StaffUserEvent, keepFailures = 100): StaffUserState {
  switch (event.type) {
    case 'StaffUserCreated':
      return {
        ...state,
        exists: true,
        username: event.data.username,
        roles: event.data.roles,
        passwordHash: event.data.passwordHash,
      };
    case 'StaffSignInFailed':
      return { ...state, failures: [...state.failures, Date.parse(event.data.at)].slice(-keepFailures) };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
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
      await this.append(
        ADMIN_USERNAME,
        [created(ADMIN_USERNAME, ADMIN_ROLES, await this.hasher.hash(password), 'system:gateway', this.clock.now())],
        'no_stream',
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

  async create(
    input: { username: string; password: string; roles: StaffRole[] },
    createdBy: string,
  ): Promise<{ username: string; roles: StaffRole[] }> {
    const roles = [...new Set(input.roles)].filter((r) => (STAFF_ROLES as readonly string[]).includes(r));
    const weakness = passwordWeakness(input.password, input.username);
    if (weakness)
      throw new AppError('WEAK_PASSWORD', 400, `the password ${weakness}`, { fields: { password: [weakness] } });
    if ((await this.load(input.username)).exists)
      throw new AppError('STAFF_USER_EXISTS', 409, 'this username is taken');
    try {
      await this.append(
        input.username,
        [created(input.username, roles, await this.hasher.hash(input.password), createdBy, this.clock.now())],
        'no_stream',
        createdBy,
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError)
        throw new AppError('STAFF_USER_EXISTS', 409, 'this username is taken');
      throw error;
    }
    return { username: input.username, roles };
  }

  /** The principal for a correct username and password; 401, or 429 once the account's failures are used up. */
  async signIn(username: string, password: string, ip: string): Promise<StaffPrincipal> {
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
      if (ok) return { kind: 'staff', username, roles: known.roles };
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

  private async append(
    username: string,
    events: StaffUserEvent[],
    expected: 'no_stream' | 'any',
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
): StaffUserEvent {
  return { type: 'StaffUserCreated', data: { username, roles, passwordHash, createdBy, createdAt: at.toISOString() } };
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
