// R54: events and other services know a seeker only by a keyed pseudonym of the job
// seeker number. Without PSEUDONYM_KEY the pseudonym cannot be recomputed from a number,
// so a leaked event says nothing about who it is. Here, in the contracts, because the
// audit service computes it too: a disclosure (R52) names a seeker by number.
import { createHmac } from 'node:crypto';

/** 128 bits of HMAC-SHA256 in hex: collision-free for any realistic roster, short enough for stream names and URLs. */
export function seekerIdFor(pseudonymKey: Buffer, normalisedJobSeekerNumber: string): string {
  return createHmac('sha256', pseudonymKey)
    .update(`seeker\u0000${normalisedJobSeekerNumber}`)
    .digest('hex')
    .slice(0, 32);
}
