// R54: the daily retention sweep of this service. Each replica looks every hour (and a
// minute after start) whether the Japanese calendar day changed since its last sweep,
// and sweeps then; two replicas may both sweep, and each seeker is still erased once
// (RetentionSweep decides on the stream with its expected revision). Time comes from the
// Clock, so tests drive a day forward and call `sweep` or `check` directly.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { RetentionSweepResult } from '@soudan/eligibility-application';
import { CLOCK, LOGGER, type Logger } from '@soudan/platform';
import { jstDateOf, type Clock } from '@soudan/time';
import { EligibilityCore } from './eligibility-core';

/** How often each replica looks whether the day changed. */
const CHECK_INTERVAL_MS = 3_600_000;
/** The first look after start: the service is up and its consumers running first. */
const FIRST_CHECK_MS = 60_000;

@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private checking?: Promise<unknown>;
  private stopped = false;
  private lastSweptDay?: string;

  constructor(
    @Inject(EligibilityCore) private readonly core: EligibilityCore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_CHECK_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.checking?.catch(() => undefined);
  }

  /** Sweeps when the day (JST) changed since the last sweep of this replica; undefined when it did not sweep. */
  async check(): Promise<RetentionSweepResult | undefined> {
    const day = jstDateOf(this.clock.now());
    if (day === this.lastSweptDay) return undefined;
    const result = await this.core.retention.sweep();
    // Only a sweep that got through counts; a failed one is tried again at the next look.
    this.lastSweptDay = day;
    return result;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.checking = this.check()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'retention sweep failed; it is tried again at the next look'),
        )
        .finally(() => this.schedule(CHECK_INTERVAL_MS));
    }, delay);
    this.timer.unref?.();
  }
}
