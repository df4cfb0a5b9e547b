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
  /**
   * What the last round found: looked at again in the next, repaired or not. A repair that
   * appended nothing (the store already agreed, or nothing can change the place) leaves
   * the model as it was, and a full look would find it again; so does a later round.
   */
  private lastFound: Repair[] = [];

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
   * model; each later one at what changed since the round before and at what the round
   * before found (within its grace period, repaired, or a repair that failed or changed
   * nothing), so that a round costs what changed, not the size of the model, and finds
   * what a full look would.
   */
  async check(): Promise<Repair[]> {
    let candidates: Repair[];
    if (!this.changes) {
      this.changes = this.projection.trackChanges();
      candidates = SlotKeeper.mismatches(this.projection);
    } else {
      const scope = this.changes.take();
      for (const c of this.lastFound) {
        scope.reservations.add(c.reservationId);
        scope.slots.add(slotKey(c.officeCode, c.slot));
      }
      candidates = SlotKeeper.mismatches(this.projection, scope);
    }
    this.lastFound = candidates;
    if (candidates.length === 0) return [];
    const repaired = await this.keeper.repair(candidates, {
      actor: 'system:slot-keeper',
      now: this.clock.now().toISOString(),
    });
    for (const repair of repaired) this.logger.warn(repair, 'slot places repaired to match their reservation');
    return repaired;
  }
}
