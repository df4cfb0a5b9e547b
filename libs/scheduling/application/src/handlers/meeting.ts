import { randomBytes } from 'node:crypto';
import type { MeetingDetails } from '@soudan/scheduling-domain';
import type { SchedulingDeps } from '../deps';
import type { SchedulingSettings } from '../ports';

/** R15: an unguessable join token for the system's link (under the office's public address), and the meeting app's room. */
export async function meetingFor(
  deps: SchedulingDeps,
  office: SchedulingSettings,
  reservationId: string,
): Promise<MeetingDetails> {
  const joinToken = randomBytes(24).toString('base64url');
  const { roomUrl } = await deps.meetings.createRoom(reservationId, office);
  return {
    joinToken,
    roomUrl,
    meetingUrl: `${office.publicBaseUrl.replace(/\/$/, '')}/join/${joinToken}`,
  };
}
