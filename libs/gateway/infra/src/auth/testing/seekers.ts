// A seeker as the gateway's integration tests meet one: asking for a sign-in link (the
// mail lands with the notification stand-in), and eligibility's events about them, as its
// relay publishes them on JetStream.
import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { SendSignInLinkRequest } from '@soudan/notification-contracts';
import type { EventEnvelope } from '@soudan/messaging';
import { eventually } from '@soudan/testing';
import { call, tokenFromLink, type RosterEntry } from './harness';

/** Asks `gatewayUrl` for a sign-in link; answers its token from the mail, not yet exchanged. */
export async function askForLink(
  gatewayUrl: string,
  mails: SendSignInLinkRequest[],
  seeker: Pick<RosterEntry, 'jobSeekerNumber' | 'email'>,
  headers: Record<string, string>,
): Promise<string> {
  const before = mails.length;
  const asked = await call(gatewayUrl, 'POST', '/auth/seeker/link', {
    body: { jobSeekerNumber: seeker.jobSeekerNumber, email: seeker.email },
    headers,
  });
  expect(asked.status).toBe(202);
  const mail = await eventually(() => mails.slice(before).find((m) => m.email === seeker.email), {
    what: `a sign-in mail to ${seeker.email}`,
  });
  return tokenFromLink(mail.link);
}

/** Eligibility's event about a seeker, recorded now; `data` beside `seekerId` is the event's own. */
function eligibilityEvent(
  type: string,
  seekerId: string,
  data: (now: string) => Record<string, unknown>,
): EventEnvelope {
  const eventId = randomUUID();
  const now = new Date().toISOString();
  return {
    eventId,
    context: 'eligibility',
    type,
    streamId: `seeker-${seekerId}`,
    revision: 5,
    position: '1',
    recordedAt: now,
    data: { seekerId, ...data(now) },
    metadata: { correlationId: eventId, actor: 'staff:sato', schemaVersion: 1 },
  };
}

/** R42: suspended until well after the test. */
export const seekerSuspended = (seekerId: string) =>
  eligibilityEvent('SeekerSuspended', seekerId, (now) => ({
    reason: '無断欠席が続いたため',
    until: '2099-03-31',
    endsAt: '2099-03-31T14:59:59.999Z',
    decidedBy: 'staff:sato',
    suspendedAt: now,
  }));

/** R54: erased at the seeker's request. */
export const seekerErased = (seekerId: string) =>
  eligibilityEvent('SeekerErased', seekerId, (now) => ({ reason: 'request', erasedBy: 'staff:sato', erasedAt: now }));

/** Listed on the roster (again, after an erasure). */
export const seekerRegistered = (seekerId: string) =>
  eligibilityEvent('SeekerRegistered', seekerId, (now) => ({
    officeCode: '16070',
    status: 'registered',
    personalData: 'v1.x',
    registeredAt: now,
  }));
