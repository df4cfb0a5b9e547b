// R16: during a session the counsellor books the next one; it is confirmed at once on
// the consent on record, which it names. The new reservation, the booked place and the
// note on the current reservation commit together where the store allows it.
import type { ReservationView } from '@soudan/scheduling-contracts';
import { DomainError } from '@soudan/scheduling-domain';
import type { CommandContext } from '../command-handler';
import type { SchedulingDeps } from '../deps';
import type { MeetingDetails } from '@soudan/scheduling-domain';
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
  const { handler } = deps;
  const followUpId = followUpIdFor(input.reservationId, input.slot);
  // Made once per command: a retry after a conflict keeps the same meeting.
  let meeting: MeetingDetails | undefined;
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
    // R71: a follow-up is booked at the office of the session it follows.
    const { settings, decider } = deps.office(original.officeCode);
    meeting ??= await meetingFor(deps, settings, followUpId);
    const number = await freeNumber(deps, original.officeCode, followUpId);
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
          slotMinutes: settings.slotMinutes,
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
