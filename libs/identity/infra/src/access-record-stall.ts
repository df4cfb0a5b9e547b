// R50: a store that will not take the access record for long is an alert, not a log
// flood. The watch counts failed attempts of the recorder and decides what is said, and
// when: one log line as the failure starts, one when staff are alerted (after
// `stallAlertMs`), then at most one every `logEveryMs`, and one when records are stored
// again. Whatever the request rate, a stall of an hour writes a handful of lines.
import type { Logger } from '@soudan/platform';
import type { AccessRecordingStalledV1, LiveStall } from './access-alerts';
import { failureKind, reasonOf } from './access-record-writer';

interface Stall {
  since: number;
  /** Most records that were waiting at once. */
  waited: number;
  dropped: number;
  reason: string;
  alerted: boolean;
  loggedAt: number;
}

export class StallWatch {
  /** Failed attempts in a row. */
  failures = 0;
  private stall?: Stall;

  constructor(
    private readonly logger: Logger,
    private readonly stallAlertMs: number,
    private readonly logEveryMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get failing(): boolean {
    return this.stall !== undefined;
  }

  failed(error: unknown, buffered: number): void {
    this.failures++;
    const now = this.now();
    const reason = reasonOf(error);
    const context = () => ({
      reason,
      since: new Date(this.stall!.since).toISOString(),
      failures: this.failures,
      buffered,
    });
    if (!this.stall) {
      this.stall = { since: now, waited: 0, dropped: 0, reason, alerted: false, loggedAt: now };
      this.logger.error(
        { err: error, kind: failureKind(error), buffered },
        'could not store access records; retrying with backoff',
      );
    } else if (!this.stall.alerted && now - this.stall.since >= this.stallAlertMs) {
      this.stall.alerted = true;
      this.stall.loggedAt = now;
      this.logger.error(
        context(),
        'access records have not been stored for a while; raised to staff (GET /staff/alerts)',
      );
    } else if (now - this.stall.loggedAt >= this.logEveryMs) {
      this.stall.loggedAt = now;
      this.logger.warn(context(), 'access records still cannot be stored');
    }
    this.stall.reason = reason;
    this.stall.waited = Math.max(this.stall.waited, buffered);
  }

  /** Records waiting now (called as records arrive during a stall). */
  waiting(buffered: number): void {
    if (this.stall && buffered > this.stall.waited) this.stall.waited = buffered;
  }

  dropped(count: number): void {
    if (this.stall) this.stall.dropped += count;
  }

  /** Records are stored again: the stall's alert to store, when it was long or cost records. */
  recovered(): AccessRecordingStalledV1 | undefined {
    const stall = this.stall;
    const failedAttempts = this.failures;
    this.failures = 0;
    if (!stall) return undefined;
    this.stall = undefined;
    const now = this.now();
    this.logger.info({ afterMs: now - stall.since, failedAttempts }, 'access records are stored again');
    if (!stall.alerted && stall.dropped === 0) return undefined;
    return {
      from: new Date(stall.since).toISOString(),
      to: new Date(now).toISOString(),
      failedAttempts,
      waited: stall.waited,
      dropped: stall.dropped,
      reason: stall.reason,
    };
  }

  /** The stall while it lasts, once it is long enough to be an alert. */
  live(waiting: number): LiveStall | undefined {
    const stall = this.stall;
    if (!stall || this.now() - stall.since < this.stallAlertMs) return undefined;
    return {
      since: new Date(stall.since).toISOString(),
      failedAttempts: this.failures,
      waiting,
      dropped: stall.dropped,
    };
  }
}
