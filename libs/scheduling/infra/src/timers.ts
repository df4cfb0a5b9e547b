// Durable timers (R7, R14, R18, the reminder). Nothing is scheduled anywhere but in the
// history: each timer's due time follows from a reservation's events, so timers survive
// restarts and fire late after downtime. Firing is a command like any other; with two
// replicas both may try, and the expected revision plus fixed event ids let one win.
import { timersDue, timersFired, timersOverdue } from '@soudan/observability';
import type { Logger } from '@soudan/platform';
import type { Scheduling } from '@soudan/scheduling-application';
import { noShowAt, reminderAt, type Reservation } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import type { SchedulingProjection } from './scheduling.projection';
import { TimerIndex } from './timer-index';

export type TimerKind = 'MarkOverdue' | 'Lapse' | 'SendReminder' | 'MarkNoShow';

export interface DueTimer {
  reservationId: string;
  kind: TimerKind;
  dueAt: string;
}

const after = (instant: string) => new Date(new Date(instant).getTime() + 1).toISOString();

/** The timers a reservation has pending in its current state. */
export function timersOf(r: Reservation): DueTimer[] {
  const id = r.reservationId;
  switch (r.status) {
    case 'requested':
      return r.answerDueBy && !r.overdue
        ? [{ reservationId: id, kind: 'MarkOverdue', dueAt: after(r.answerDueBy) }]
        : [];
    case 'offered': {
      const last = r.offered
        .map((s) => s.deadline)
        .sort()
        .at(-1);
      return last ? [{ reservationId: id, kind: 'Lapse', dueAt: after(last) }] : [];
    }
    case 'confirmed':
    case 'invited': {
      const timers: DueTimer[] = [{ reservationId: id, kind: 'MarkNoShow', dueAt: noShowAt(r.slot) }];
      if (!r.reminded && reminderAt(r.slot) < r.slot)
        timers.push({ reservationId: id, kind: 'SendReminder', dueAt: reminderAt(r.slot) });
      return timers;
    }
    default:
      return [];
  }
}

export class TimerRunner {
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<unknown>;
  private index?: TimerIndex<Reservation, DueTimer>;
  private stopped = false;

  constructor(
    private readonly projection: SchedulingProjection,
    private readonly service: Scheduling,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.ticking = this.tick()
        .catch((error) => this.logger.error({ err: error }, 'timer tick failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /** Fires every timer that is due now; returns what it fired (tests drive it directly). */
  async tick(): Promise<DueTimer[]> {
    const now = this.clock.now().toISOString();
    if (!this.index) {
      // Built from the model as it is and kept in step with it from then on (timer-index.ts).
      const index = new TimerIndex<Reservation, DueTimer>(timersOf);
      this.projection.onReservation((reservation) => index.update(reservation));
      this.index = index;
    }
    const due = this.index.due(now);
    measureDue(due, now);
    const fired: DueTimer[] = [];
    for (const timer of due) {
      try {
        const outcome = await this.service.fire(timer.reservationId, timer.kind, {
          correlationId: `timer-${timer.kind}-${timer.reservationId}`,
          actor: 'system:timer',
          now,
        });
        if (outcome === 'fired') {
          fired.push(timer);
          timersFired.inc({ kind: timer.kind });
          this.logger.info(
            {
              reservationId: timer.reservationId,
              timer: timer.kind,
              dueAt: timer.dueAt,
              late: Date.parse(now) - Date.parse(timer.dueAt),
            },
            'timer fired',
          );
        }
      } catch (error) {
        this.logger.warn({ err: error, timer }, 'timer failed; it stays due and is tried again');
      }
    }
    return fired;
  }
}

const TIMER_KINDS: TimerKind[] = ['MarkOverdue', 'Lapse', 'SendReminder', 'MarkNoShow'];
/** A timer still unfired this long after it fell due is overdue: the runner is behind or failing. */
const OVERDUE_AFTER_MS = 60_000;

function measureDue(due: DueTimer[], now: string): void {
  const nowMs = Date.parse(now);
  for (const kind of TIMER_KINDS) {
    const ofKind = due.filter((timer) => timer.kind === kind);
    timersDue.set({ kind }, ofKind.length);
    timersOverdue.set({ kind }, ofKind.filter((timer) => nowMs - Date.parse(timer.dueAt) > OVERDUE_AFTER_MS).length);
  }
}
