// Durable timers (R7, R14, R18, reminder) fire as commands like any other; a refusal
// means the reservation moved on, which is fine.
import { DomainError } from '@soudan/scheduling-domain';
import type { CommandContext } from '../command-handler';
import type { SchedulingDeps } from '../deps';
import { reservationStep } from './reservation-step.handler';

export type TimerCommand = 'Lapse' | 'MarkOverdue' | 'SendReminder' | 'MarkNoShow';

export async function fireTimer(
  deps: SchedulingDeps,
  reservationId: string,
  type: TimerCommand,
  ctx: CommandContext,
): Promise<'fired' | 'not-due' | 'moot'> {
  try {
    const { changed } = await reservationStep(deps, reservationId, type, {}, ctx);
    return changed ? 'fired' : 'moot';
  } catch (error) {
    if (error instanceof DomainError) return error.code === 'NOT_YET_DUE' ? 'not-due' : 'moot';
    throw error;
  }
}
