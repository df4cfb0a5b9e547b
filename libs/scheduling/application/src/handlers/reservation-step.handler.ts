// The commands that change one reservation and no place of its own choosing: reject
// (R12), check-in, completion and termination (R20, R21), a join (R15), the invitation
// having gone out, and the timers (R7, R14, R18, reminder). Each is decided and appended
// by the one command handler; a lapse gives its holds back with it.
import type { ReservationView } from '@soudan/scheduling-contracts';
import type { ReservationCommand } from '@soudan/scheduling-domain';
import type { CommandContext } from '../command-handler';
import { officeOf, type SchedulingDeps } from '../deps';
import { viewOf } from '../views';

type Step = Exclude<
  ReservationCommand,
  { type: 'RequestReservation' | 'OfferSlots' | 'Consent' | 'CreateFollowUp' | 'RecordFollowUp' }
>;
export type StepType = Step['type'];
export type StepData<T extends StepType> = Extract<Step, { type: T }>['data'];

export async function reservationStep<T extends StepType>(
  deps: SchedulingDeps,
  reservationId: string,
  type: T,
  data: StepData<T>,
  ctx: CommandContext,
): Promise<{ view: ReservationView; changed: boolean }> {
  return deps.handler.handle(type, ctx, async () => {
    const loaded = await deps.handler.streams.reservation(reservationId);
    const command = { type, data, metadata: { now: ctx.now } } as Step;
    const events = officeOf(deps, loaded.state).decider.decide(command, loaded.state);
    return {
      changes: [{ loaded, events }],
      answer: ([after]) => ({ view: viewOf(after), changed: events.length > 0 }),
    };
  });
}
