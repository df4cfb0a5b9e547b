// Seeker sign-in by a one-time link (api.md "Sign-in"). Asking for a link answers at
// once, the same way and in the same time whether or not the seeker is on the roster:
// the roster lookup and the mail happen afterwards, off the request path, so neither
// the answer nor its timing tells anyone who is registered.
//
// Only a hash of each link token is stored (`sign-in-token-<sha256>`); what the
// exchange needs (who it is for) is sealed with a key derived from the token itself,
// so the stored record names nobody to someone without the link. Issue and use are
// appended with expected revisions, so a link works once across restarts and replicas.
import { officeOfNumber } from './seeker-office';
import { randomBytes, randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore } from '@soudan/event-store';
import {
  EligibilityApi,
  type MatchSeekerRequest,
  type MatchSeekerResult,
  type SeekerLanguage,
} from '@soudan/eligibility-contracts';
import { RpcError, type RpcClient, requestTyped } from '@soudan/messaging';
import { NotificationApi, type SendSignInLinkRequest } from '@soudan/notification-contracts';
import { AppError, currentCorrelationId, runWithCorrelation, type Logger } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { deriveKey, open, randomToken, seal, sha256Hex, type Sealed } from './crypto';
import type { LimitRule } from './rate-limit';
import { type LimitBackend, memoryLimits, type SharedLimit } from './shared-limits';
import type { SeekerPrincipal } from '@soudan/identity-contracts';
import type { SeekerTokenEndings } from './seeker-token-endings';

export const signInTokenStream = (tokenHash: string) => `sign-in-token-${tokenHash}`;
export const LINK_TTL_MS = 15 * 60_000;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const SEALED_KID = 'sign-in-link-v1';

export interface SeekerSignInLimits {
  /**
   * Link requests per job seeker number, from any address (with IPv6 anyone has addresses
   * to spare): each one mails the seeker, so this is what keeps a mailbox from a flood. A
   * flood locks the number out for the window, but the links it made went to the seeker.
   */
  linksPerAccount: LimitRule;
  /** Link requests per address, whatever the number. */
  linksPerIp: LimitRule;
  /** Failed exchanges (unknown, used, expired tokens) per address. */
  exchangeFailuresPerIp: LimitRule;
  /** Lookups and mails waiting at once; beyond it the request is refused with 503 (same for everyone). */
  maxQueued: number;
  concurrency: number;
}

export const DEFAULT_SEEKER_LIMITS: SeekerSignInLimits = {
  linksPerAccount: { limit: 5, windowMs: 15 * 60_000 },
  linksPerIp: { limit: 30, windowMs: 60 * 60_000 },
  exchangeFailuresPerIp: { limit: 30, windowMs: 15 * 60_000 },
  maxQueued: 1000,
  concurrency: 4,
};

interface LinkIssuedData {
  issuedAt: string;
  /**
   * When the roster match for this link began: the sign-in time of the token it gives
   * (seeker-token-endings.ts). Links issued before it was kept count from `issuedAt`.
   */
  matchedAt?: string;
  expiresAt: string;
  /** `{ seekerId, jobSeekerNumber }`, sealed with a key only the token yields. */
  sealed: Sealed;
}

export class SeekerSignIn {
  private readonly perAccount: SharedLimit;
  private readonly perIp: SharedLimit;
  private readonly exchangeFailures: SharedLimit;
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly deps: {
      store: EventStore;
      rpc: RpcClient;
      clock: Clock;
      logger: Logger;
      /** Where the link points: the web app's sign-in page; the token follows in the fragment. */
      linkBase: string;
      rpcTimeoutMs: number;
      /** A suspension or erasure recorded after the link's match ends what the link gives. */
      endings?: SeekerTokenEndings;
      /**
       * Runs work as no one signed in: the caller's principal is not signed into the lookup's
       * and the mail's calls (the gateway's request-principal.ts, which knows who is serving).
       */
      runAsNoOne: <T>(fn: () => T) => T;
    },
    readonly limits: SeekerSignInLimits = DEFAULT_SEEKER_LIMITS,
    /** Shared by every replica (identity-infra's shared-limits.ts); memory for a gateway alone. */
    backend: LimitBackend = memoryLimits(randomBytes(32)),
  ) {
    this.perAccount = backend.limiter('seeker-link-account', limits.linksPerAccount);
    this.perIp = backend.limiter('seeker-link-ip', limits.linksPerIp);
    this.exchangeFailures = backend.limiter('seeker-exchange-failures-ip', limits.exchangeFailuresPerIp);
  }

  /**
   * Takes the request and returns as soon as the limits allow it; the outcome is never
   * told to the caller (a number off the roster is limited the same way).
   */
  async requestLink(input: MatchSeekerRequest, ip: string): Promise<void> {
    if (this.queue.length >= this.limits.maxQueued)
      throw new AppError('SERVICE_BUSY', 503, 'too many sign-in requests at once');
    await this.perIp.take(ip);
    await this.perAccount.take(accountKey(input.jobSeekerNumber));
    const correlationId = currentCorrelationId();
    // Whoever asked, the lookup and the mail act for no one signed in.
    this.queue.push(() =>
      runWithCorrelation(correlationId, () => this.deps.runAsNoOne(() => this.sendLinkIfRegistered(input))),
    );
    this.pump();
  }

  /** Exchanges a link token for the seeker's principal: once, within 15 minutes. */
  async exchange(token: string, ip: string): Promise<SeekerPrincipal> {
    const now = this.deps.clock.now();
    await this.exchangeFailures.check(ip);
    try {
      return await this.redeem(token, now);
    } catch (error) {
      if (error instanceof AppError && error.status === 401) await this.exchangeFailures.count(ip);
      throw error;
    }
  }

  /** Resolves when every queued lookup and mail is done (shutdown, tests). */
  async drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private async redeem(token: string, now: Date): Promise<SeekerPrincipal> {
    if (!TOKEN_FORMAT.test(token)) throw new AppError('INVALID_TOKEN', 401, 'this sign-in link is not valid');
    const streamId = signInTokenStream(sha256Hex(token));
    const events = await this.deps.store.readStream(streamId, { limit: 2 });
    const issued = events[0]?.type === 'SignInLinkIssued' ? (events[0].data as LinkIssuedData) : undefined;
    if (!issued) throw new AppError('INVALID_TOKEN', 401, 'this sign-in link is not valid');
    if (events.length > 1) throw new AppError('INVALID_TOKEN', 401, 'this sign-in link was already used');
    if (now.getTime() >= Date.parse(issued.expiresAt))
      throw new AppError('TOKEN_EXPIRED', 401, 'this sign-in link has expired');
    try {
      await this.deps.store.append(
        streamId,
        [
          {
            eventId: randomUUID(),
            type: 'SignInLinkUsed',
            data: { usedAt: now.toISOString() },
            metadata: this.metadata(),
          },
        ],
        events[0].revision,
      );
    } catch (error) {
      // Someone else redeemed it a moment ago, perhaps on another replica.
      if (error instanceof WrongExpectedRevisionError)
        throw new AppError('INVALID_TOKEN', 401, 'this sign-in link was already used');
      throw error;
    }
    const who = JSON.parse(open(linkKey(token), issued.sealed)) as { seekerId: string; jobSeekerNumber: string };
    const principal: SeekerPrincipal = {
      kind: 'seeker',
      jobSeekerNumber: who.jobSeekerNumber,
      seekerId: who.seekerId,
      roles: ['seeker'],
      signedInAt: Date.parse(issued.matchedAt ?? issued.issuedAt),
    };
    // Asked for before a suspension or erasure the gateway knows of: its token would be refused at once.
    if (this.deps.endings)
      await this.deps.endings.current(principal).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'TOKEN_REVOKED')
          throw new AppError('INVALID_TOKEN', 401, "this sign-in link was ended (the seeker's standing changed)");
        throw error;
      });
    return principal;
  }

  private pump(): void {
    while (this.running < this.limits.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void job()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'sign-in link job failed'))
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }

  private async sendLinkIfRegistered(input: MatchSeekerRequest): Promise<void> {
    // Before the match: whatever eligibility records after this moment ends the link's token.
    const matchedAt = this.deps.clock.now().toISOString();
    const match = await this.match(input);
    if (!match.match) return;
    const token = randomToken();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS).toISOString();
    const data: LinkIssuedData = {
      issuedAt: now.toISOString(),
      matchedAt,
      expiresAt,
      sealed: seal(
        linkKey(token),
        SEALED_KID,
        JSON.stringify({ seekerId: match.seekerId, jobSeekerNumber: input.jobSeekerNumber }),
      ),
    };
    await this.deps.store.append(
      signInTokenStream(sha256Hex(token)),
      [{ eventId: randomUUID(), type: 'SignInLinkIssued', data, metadata: this.metadata() }],
      'no_stream',
    );
    const contact = await this.contact(match.seekerId);
    const mail: SendSignInLinkRequest = {
      email: input.email,
      name: contact?.name,
      language: contact?.language ?? 'ja',
      link: `${this.deps.linkBase}#token=${token}`,
      expiresAt,
      officeCode: officeOfNumber(input.jobSeekerNumber, ''),
    };
    await requestTyped(this.deps.rpc, NotificationApi.sendSignInLink, mail, {
      correlationId: currentCorrelationId(),
      timeoutMs: this.deps.rpcTimeoutMs,
    });
    this.deps.logger.info({ seekerId: match.seekerId }, 'sign-in link sent');
  }

  private async match(input: MatchSeekerRequest): Promise<MatchSeekerResult> {
    try {
      const result = await requestTyped(
        this.deps.rpc,
        EligibilityApi.matchSeeker,
        { jobSeekerNumber: input.jobSeekerNumber, email: input.email } satisfies MatchSeekerRequest,
        { correlationId: currentCorrelationId(), timeoutMs: this.deps.rpcTimeoutMs },
      );
      return result?.match === true && typeof result.seekerId === 'string' ? result : { match: false };
    } catch (error) {
      // Nobody can be told anything anyway; staff see it in the logs.
      const code = error instanceof RpcError ? error.code : 'UNKNOWN';
      this.deps.logger.warn({ code }, 'eligibility could not match a sign-in request; treated as no match');
      return { match: false };
    }
  }

  /** Name and language for the greeting; the mail goes out without them if eligibility cannot say. */
  private async contact(seekerId: string): Promise<{ name: string; language: SeekerLanguage } | undefined> {
    try {
      const result = await requestTyped(
        this.deps.rpc,
        EligibilityApi.getContact,
        { seekerId },
        { timeoutMs: Math.min(2000, this.deps.rpcTimeoutMs) },
      );
      return result && result.erased === false ? { name: result.name, language: result.language } : undefined;
    } catch {
      return undefined;
    }
  }

  private metadata() {
    return { correlationId: currentCorrelationId() ?? randomUUID(), actor: 'system:gateway', schemaVersion: 1 };
  }
}

/** The number as a person may type it (full-width digits, other dashes) counts as the same account. */
function accountKey(jobSeekerNumber: string): string {
  return jobSeekerNumber
    .normalize('NFKC')
    .replace(/[‐-―−ー－]/g, '-')
    .trim();
}

function linkKey(token: string): Buffer {
  return deriveKey(Buffer.from(token, 'utf8'), 'sign-in link v1');
}
