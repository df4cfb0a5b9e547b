// Runs the slot keeper (scheduling-application) at start and then periodically: finds
// where the read model's places disagree with the reservations that own them, checks
// each against the store, and repairs what is still wrong (see SlotKeeper).
import type { Logger } from '@soudan/platform';
import { SlotKeeper, type Repair } from '@soudan/scheduling-application';
import type { Clock } from '@soudan/time';
import type { SchedulingProjection } from './scheduling.projection';

export class SlotKeeperRunner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly keeper: SlotKeeper,
    private readonly projection: SchedulingProjection,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.check()
        .catch((error) => this.logger.error({ err: error }, 'slot check failed; it runs again'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: what it repaired (tests call it directly). */
  async check(): Promise<Repair[]> {
    const candidates = SlotKeeper.mismatches(this.projection);
    if (candidates.length === 0) return [];
    const repaired = await this.keeper.repair(candidates, {
      actor: 'system:slot-keeper',
      now: this.clock.now().toISOString(),
    });
    for (const repair of repaired) this.logger.warn(repair, 'slot places repaired to match their reservation');
    return repaired;
  }
}
