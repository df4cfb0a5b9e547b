// R16: during a session the counsellor books the next one; it is confirmed at once on
// the consent on record, which it names. The new reservation, the booked place and the
// note on the current reservation commit together where the store allows it.
import type { ReservationView } from '@soudan/scheduling-contracts';
import { DomainError } from '@soudan/scheduling-domain';
import type { CommandContext } from '../command-handler';
import type { SchedulingDeps } from '../deps';
import { followUpIdFor } from '../streams';
import { viewOf } from '../views';
import { meetingFor } from './meeting';
import { freeNumber } from './request-reservation.handler';

export interface BookFollowUp {
  reservationId: string;
  slot: string;
  overrideReason?: string;
  termsVersion: string;
}

export async function bookFollowUp(
  deps: SchedulingDeps,
  input: BookFollowUp,
  ctx: CommandContext,
): Promise<ReservationView> {
  const { handler, decider } = deps;
  const followUpId = followUpIdFor(input.reservationId, input.slot);
  const meeting = await meetingFor(deps, followUpId);
  return handler.handle('follow-up', ctx, async () => {
    const previous = await handler.streams.reservation(input.reservationId);
    const original = previous.state;
    const loaded = await handler.streams.reservation(followUpId);
    // A retry of a follow-up already booked answers with it.
    if (loaded.state.status !== 'none' && loaded.state.followUpOf === input.reservationId)
      return { changes: [], answer: () => viewOf(loaded.state) };
    if (original.status !== 'in_session') {
      throw original.status === 'none'
        ? new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {})
        : new DomainError('INVALID_STATE', 'a follow-up is booked during the session', { status: original.status });
    }
    const metadata = { now: ctx.now };
    const number = await freeNumber(deps, followUpId);
    const created = decider.decide(
      {
        type: 'CreateFollowUp',
        data: {
          reservationId: followUpId,
          number: number.number,
          previousReservationId: input.reservationId,
          officeCode: original.officeCode,
          seekerId: original.seekerId,
          topic: original.topic,
          slot: input.slot,
          termsVersion: input.termsVersion,
          consent: original.consent,
          overrideReason: input.overrideReason,
          by: ctx.actor,
          meeting,
          slotMinutes: deps.settings.slotMinutes,
        },
        metadata,
      },
      loaded.state,
    );
    const noted = decider.decide(
      {
        type: 'RecordFollowUp',
        data: { followUpId, slot: input.slot, by: ctx.actor, overrideReason: input.overrideReason },
        metadata,
      },
      original,
    );
    return {
      changes: [
        { loaded, events: created },
        { loaded: previous, events: noted },
      ],
      claims: number.claim ? [number.claim] : [],
      answer: ([after]) => viewOf(after),
    };
  });
}
