import { randomBytes } from 'node:crypto';
import type { MeetingDetails } from '@soudan/scheduling-domain';
import type { SchedulingDeps } from '../deps';

/** R15: an unguessable join token for the system's link, and the meeting app's room. */
export async function meetingFor(deps: SchedulingDeps, reservationId: string): Promise<MeetingDetails> {
  const joinToken = randomBytes(24).toString('base64url');
  const { roomUrl } = await deps.meetings.createRoom(reservationId);
  return {
    joinToken,
    roomUrl,
    meetingUrl: `${deps.settings.publicBaseUrl.replace(/\/$/, '')}/join/${joinToken}`,
  };
}
