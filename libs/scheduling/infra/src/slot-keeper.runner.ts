// Runs the slot keeper (scheduling-application) at start and then periodically: finds
// where the read model's places disagree with the reservations that own them, checks
// each against the store, and repairs what is still wrong (see SlotKeeper).
import type { Logger } from '@soudan/platform';
import { SlotKeeper, slotKey, type Repair } from '@soudan/scheduling-application';
import type { Clock } from '@soudan/time';
import type { ModelChanges, SchedulingProjection } from './scheduling.projection';

export class SlotKeeperRunner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  /** Changes of the model since the last round (from the first round on). */
  private changes?: ModelChanges;
  /** What the last round found and did not repair: looked at again in the next. */
  private unrepaired: Repair[] = [];

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

  /**
   * One round: what it repaired (tests call it directly). The first looks at the whole
   * model; each later one at what changed since the round before and at what an earlier
   * round found and did not repair (still within its grace period, or a repair that
   * failed), so that a round costs what changed, not the size of the model.
   */
  async check(): Promise<Repair[]> {
    let candidates: Repair[];
    if (!this.changes) {
      this.changes = this.projection.trackChanges();
      candidates = SlotKeeper.mismatches(this.projection);
    } else {
      const scope = this.changes.take();
      for (const c of this.unrepaired) {
        scope.reservations.add(c.reservationId);
        scope.slots.add(slotKey(c.officeCode, c.slot));
      }
      candidates = SlotKeeper.mismatches(this.projection, scope);
    }
    this.unrepaired = candidates;
    if (candidates.length === 0) return [];
    const repaired = await this.keeper.repair(candidates, {
      actor: 'system:slot-keeper',
      now: this.clock.now().toISOString(),
    });
    this.unrepaired = candidates.filter((c) => !repaired.includes(c));
    for (const repair of repaired) this.logger.warn(repair, 'slot places repaired to match their reservation');
    return repaired;
  }
}
