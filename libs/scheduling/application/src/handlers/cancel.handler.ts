// R17: a cancellation by the seeker (online until the day before) or recorded by staff
// (phone, e-mail); the places it held are given back in the same commit.
import type { ReservationView } from '@soudan/scheduling-contracts';
import { DomainError } from '@soudan/scheduling-domain';
import type { CommandContext } from '../command-handler';
import { officeOf, type SchedulingDeps } from '../deps';
import { viewOf } from '../views';

export type Cancel =
  | { reservationId: string; by: 'seeker'; reason?: string }
  | { reservationId: string; by: 'staff'; channel: 'phone' | 'email'; note?: string };

export async function cancel(deps: SchedulingDeps, input: Cancel, ctx: CommandContext): Promise<ReservationView> {
  let phone = deps.settings.officePhone;
  try {
    return await deps.handler.handle('cancel', ctx, async () => {
      const loaded = await deps.handler.streams.reservation(input.reservationId);
      const metadata = { now: ctx.now };
      const office = officeOf(deps, loaded.state);
      phone = office.settings.officePhone;
      const events = office.decider.decide(
        input.by === 'seeker'
          ? { type: 'CancelBySeeker', data: { reason: input.reason }, metadata }
          : { type: 'CancelByStaff', data: { channel: input.channel, note: input.note, by: ctx.actor }, metadata },
        loaded.state,
      );
      return { changes: [{ loaded, events }], answer: ([after]) => viewOf(after) };
    });
  } catch (error) {
    // R17: on the day itself the seeker is told to phone, and which number (R71: their office's).
    if (error instanceof DomainError && error.code === 'SAME_DAY_PHONE_ONLY')
      throw new DomainError(error.code, error.message, { ...error.details, phone });
    throw error;
  }
}
