// R12: a supervisor offers one to three slots; each is held until its R6 deadline. The
// holds commit with the offer (or, on a store without multi-stream commits, first).
import type { ReservationView } from '@soudan/scheduling-contracts';
import type { CommandContext } from '../command-handler';
import { officeOf, type SchedulingDeps } from '../deps';
import { viewOf } from '../views';

export interface OfferSlots {
  reservationId: string;
  slots: string[];
  termsVersion: string;
}

export function offerSlots(deps: SchedulingDeps, input: OfferSlots, ctx: CommandContext): Promise<ReservationView> {
  return deps.handler.handle('offer', ctx, async () => {
    const loaded = await deps.handler.streams.reservation(input.reservationId);
    const events = officeOf(deps, loaded.state).decider.decide(
      {
        type: 'OfferSlots',
        data: { slots: input.slots, termsVersion: input.termsVersion, by: ctx.actor },
        metadata: { now: ctx.now },
      },
      loaded.state,
    );
    return { changes: [{ loaded, events }], answer: ([after]) => viewOf(after) };
  });
}
