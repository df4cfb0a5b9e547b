// R54: personal data "is erased at the end of its retention period". The period is an
// office setting (`retention.personalDataDays`; the terms of use state none) and runs
// from the seeker's last activity: a roster change, a request's contact, the end of a
// reservation (cancelled, lapsed, rejected, completed, no-show, terminated), a
// supervisor's review decision or suspension. A running suspension, or a review waiting
// for a supervisor, holds the data: the period counts from the suspension's end, and
// not at all while a review is open. Open reservations are scheduling's to say; the
// sweep asks before it erases.
import type { SeekerEvent } from './seeker';

export interface RetentionPolicy {
  /** Days after the last activity at which the seeker's personal data is erased. */
  personalDataDays: number;
}

/** Two years: the terms of use state no period, so this is the system's choice; offices set their own. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { personalDataDays: 730 };

const MAX_RETENTION_DAYS = 36_500;

/** Whether `days` is a period an office may set (1 to 36,500 whole days). */
export function isRetentionDays(days: unknown): days is number {
  // Stryker disable next-line ConditionalExpression: Number.isInteger is false for a non-number too (typeof narrows)
  if (typeof days !== 'number') return false;
  return Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS;
}

/**
 * The office's setting (`retention: { personalDataDays }`), the default when it has none.
 * A setting that is there but wrong is refused (office settings are checked at start):
 * falling back silently could erase data earlier than the office decided.
 */
export function retentionPolicyFrom(setting: unknown): RetentionPolicy {
  if (setting === undefined || setting === null) return DEFAULT_RETENTION_POLICY;
  const days = (setting as { personalDataDays?: unknown }).personalDataDays;
  if (days === undefined) return DEFAULT_RETENTION_POLICY;
  if (!isRetentionDays(days))
    throw new Error(
      `retention.personalDataDays must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${JSON.stringify(days)}`,
    );
  return { personalDataDays: days };
}

/** What the retention period of one seeker depends on, folded from their events. */
export interface RetentionFacts {
  onRoster: boolean;
  /** The latest activity (ISO instant); undefined before the first. */
  lastActivityAt?: string;
  /** The end of a suspension that was not lifted: the period counts from the later of the two. */
  suspensionEndsAt?: string;
  /** A no-show or termination review waits for a supervisor. */
  reviewOpen: boolean;
}

export const initialRetention = (): RetentionFacts => ({ onRoster: false, reviewOpen: false });

const later = (a: string | undefined, b: string | undefined): string | undefined => {
  if (a === undefined) return b;
  // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN, never later: a all the same
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};

const active = (facts: RetentionFacts, at: string | undefined): RetentionFacts => ({
  ...facts,
  lastActivityAt: later(facts.lastActivityAt, at),
});

export function evolveRetention(facts: RetentionFacts, event: SeekerEvent): RetentionFacts {
  switch (event.type) {
    case 'SeekerRegistered':
      return { ...active(facts, event.data.registeredAt), onRoster: true };
    case 'SeekerUpdated':
      return active(facts, event.data.updatedAt);
    case 'ContactRecorded':
    case 'NoShowCounted':
      return active(facts, event.data.recordedAt);
    case 'ReservationEndRecorded':
      return active(facts, event.data.endedAt);
    case 'NoShowReviewRequested':
      return { ...active(facts, event.data.requestedAt), reviewOpen: true };
    case 'NoShowReviewDismissed':
      return { ...active(facts, event.data.dismissedAt), reviewOpen: false };
    case 'SeekerSuspended':
      return { ...active(facts, event.data.suspendedAt), reviewOpen: false, suspensionEndsAt: event.data.endsAt };
    case 'SuspensionLifted':
      return { ...active(facts, event.data.liftedAt), suspensionEndsAt: undefined };
    case 'SeekerErased':
      return { ...facts, onRoster: false, reviewOpen: false };
    default:
      // EligibilityChanged: a standing, not an activity.
      return facts;
  }
}

/**
 * When the seeker's personal data is due for erasure: the period after their last
 * activity (or after the end of a suspension, when that is later). Undefined while it
 * is never due: not on the roster, a review open, or no activity known.
 */
export function retentionDueAt(facts: RetentionFacts, days: number): string | undefined {
  if (!facts.onRoster || facts.reviewOpen) return undefined;
  const from = later(facts.lastActivityAt, facts.suspensionEndsAt);
  if (from === undefined) return undefined;
  return new Date(Date.parse(from) + days * 86_400_000).toISOString();
}

export function isRetentionDue(facts: RetentionFacts, now: string, days: number): boolean {
  const dueAt = retentionDueAt(facts, days);
  // Stryker disable next-line ConditionalExpression: now >= NaN is false all the same
  if (dueAt === undefined) return false;
  return Date.parse(now) >= Date.parse(dueAt);
}
