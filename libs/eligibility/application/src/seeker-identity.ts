// R54: events and other services know a seeker only by a keyed pseudonym of the job
// seeker number. Without PSEUDONYM_KEY the pseudonym cannot be recomputed from a number,
// so a leaked event says nothing about who it is.

export const SEEKER_STREAM_PREFIX = 'seeker-';
export const seekerStream = (seekerId: string): string => `${SEEKER_STREAM_PREFIX}${seekerId}`;

// Defined in the contracts: the audit service computes the same pseudonym (R52 disclosures).
export { seekerIdFor } from '@soudan/eligibility-contracts';

export const isSeekerId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
