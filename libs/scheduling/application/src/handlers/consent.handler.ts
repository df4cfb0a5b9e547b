// R13: the seeker chooses an offered slot (web or e-mail reply): the consent is recorded,
// the reservation confirmed, the held place booked and the other holds given back, in
// one commit where the store allows it.
import type { ReservationView } from '@soudan/scheduling-contracts';
import type { MeetingDetails } from '@soudan/scheduling-domain';
import type { CommandContext } from '../command-handler';
import { officeOf, type SchedulingDeps } from '../deps';
import { viewOf } from '../views';
import { meetingFor } from './meeting';

export interface GiveConsent {
  reservationId: string;
  slot: string;
  termsVersion: string;
  channel: 'web' | 'email';
}

export async function giveConsent(
  deps: SchedulingDeps,
  input: GiveConsent,
  ctx: CommandContext,
): Promise<ReservationView> {
  // Made once per command: a retry after a conflict keeps the same meeting.
  let meeting: MeetingDetails | undefined;
  return deps.handler.handle('consent', ctx, async () => {
    const loaded = await deps.handler.streams.reservation(input.reservationId);
    const office = officeOf(deps, loaded.state);
    meeting ??= await meetingFor(deps, office.settings, input.reservationId);
    const events = office.decider.decide(
      {
        type: 'Consent',
        data: {
          slot: input.slot,
          termsVersion: input.termsVersion,
          channel: input.channel,
          meeting,
          slotMinutes: office.settings.slotMinutes,
        },
        metadata: { now: ctx.now },
      },
      loaded.state,
    );
    return { changes: [{ loaded, events }], answer: ([after]) => viewOf(after) };
  });
}
