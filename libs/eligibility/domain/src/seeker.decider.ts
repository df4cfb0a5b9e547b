// Commands and decide (emmett's shape): pure; time arrives on metadata.now, sealed
// personal data arrives ready-made from the application (which holds the keys).
import type {
  EligibilityChangedV1,
  EligibilityReasonCode,
  ReservationEnd,
  SealedData,
  SeekerStatus,
} from '@soudan/eligibility-contracts';
import { DomainError } from './domain-error';
import type { NoShowPolicy } from './no-show-policy';
import { isRetentionDue } from './retention';
import { activeSuspension, evolve, noShowsInWindow, type SeekerEvent, type SeekerState } from './seeker';

type Meta = { metadata: { now: string } };

export type RegisterSeeker = Meta & {
  type: 'RegisterSeeker';
  data: {
    seekerId: string;
    officeCode: string;
    status: SeekerStatus;
    /** Present when the roster's personal data is new or differs from what is kept. */
    personalData?: SealedData;
  };
};

export type RecordContact = Meta & { type: 'RecordContact'; data: { seekerId: string; contact?: SealedData } };

export type SuspendSeeker = Meta & {
  type: 'SuspendSeeker';
  data: { seekerId: string; reason: string; until: string; endsAt: string; decidedBy: string };
};

export type LiftSuspension = Meta & {
  type: 'LiftSuspension';
  data: { seekerId: string; liftedBy: string; note?: string };
};

export type CountNoShow = Meta & {
  type: 'CountNoShow';
  data: {
    seekerId: string;
    reservationId: string;
    slot: string;
    recordedAt: string;
    reviewId: string;
    policy: NoShowPolicy;
  };
};

export type ReviewTermination = Meta & {
  type: 'ReviewTermination';
  data: {
    seekerId: string;
    reservationId: string;
    slot: string;
    reviewId: string;
    policy: NoShowPolicy;
  };
};

export type DismissReview = Meta & {
  type: 'DismissReview';
  data: { seekerId: string; dismissedBy: string; note?: string };
};

export type EraseSeeker = Meta & {
  type: 'EraseSeeker';
  data: {
    seekerId: string;
    erasedBy: string;
    reason: 'request' | 'retention';
    /** R54: erase only when the retention period of this many days has ended (the sweep); nothing otherwise. */
    dueAfterDays?: number;
  };
};

/** R54: one of the seeker's reservations ended (scheduling said so). */
export type RecordReservationEnd = Meta & {
  type: 'RecordReservationEnd';
  data: { seekerId: string; reservationId: string; end: ReservationEnd; endedAt: string };
};

export type SeekerCommand =
  | RegisterSeeker
  | RecordContact
  | SuspendSeeker
  | LiftSuspension
  | CountNoShow
  | ReviewTermination
  | DismissReview
  | EraseSeeker
  | RecordReservationEnd;

export const SUSPENSION_REASON_MAX_LENGTH = 500;

/** The roster-level standing after the given events, as scheduling is told of it. */
function standing(state: SeekerState, seekerId: string, now: string): EligibilityChangedV1 {
  const reasons: EligibilityReasonCode[] = [];
  if (!state.onRoster) reasons.push('NOT_REGISTERED');
  const suspension = activeSuspension(state, now);
  if (suspension) reasons.push('SUSPENDED');
  return {
    seekerId,
    eligible: reasons.length === 0,
    reasons,
    officeCode: state.officeCode,
    status: state.status,
    suspendedUntil: suspension?.endsAt,
    changedAt: now,
  };
}

function withStanding(state: SeekerState, events: SeekerEvent[], seekerId: string, now: string): SeekerEvent[] {
  const after = events.reduce(evolve, state);
  return [...events, { type: 'EligibilityChanged', data: standing(after, seekerId, now) }];
}

function requireOnRoster(state: SeekerState, seekerId: string): void {
  if (!state.onRoster) {
    throw new DomainError(
      'SEEKER_NOT_FOUND',
      state.erased ? 'this seeker has been erased' : 'no seeker with this job seeker number is on the roster',
      {
        erased: state.erased,
        seekerId,
      },
    );
  }
}

export function decide(command: SeekerCommand, state: SeekerState): SeekerEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'RegisterSeeker': {
      const { seekerId, officeCode, status, personalData } = command.data;
      if (!state.onRoster) {
        if (!personalData) throw new Error('RegisterSeeker: a new roster entry needs its sealed personal data');
        return withStanding(
          state,
          [{ type: 'SeekerRegistered', data: { seekerId, officeCode, status, personalData, registeredAt: now } }],
          seekerId,
          now,
        );
      }
      const changes = {
        officeCode: officeCode !== state.officeCode ? officeCode : undefined,
        status: status !== state.status ? status : undefined,
        // No sealed data given (undefined) gives undefined either way: no change of it.
        personalData: personalData !== state.personalData ? personalData : undefined,
      };
      if (!changes.officeCode && !changes.status && !changes.personalData) return [];
      const updated: SeekerEvent = {
        type: 'SeekerUpdated',
        data: Object.fromEntries(
          Object.entries({ seekerId, ...changes, updatedAt: now }).filter(([, v]) => v !== undefined),
        ) as { seekerId: string; updatedAt: string },
      };
      // Only the office and the status change whether the seeker may request (R40 a, b).
      return changes.officeCode || changes.status ? withStanding(state, [updated], seekerId, now) : [updated];
    }

    case 'RecordContact': {
      requireOnRoster(state, command.data.seekerId);
      const { seekerId, contact } = command.data;
      if (!contact || contact === state.contact) return [];
      return [{ type: 'ContactRecorded', data: { seekerId, contact, recordedAt: now } }];
    }

    case 'SuspendSeeker': {
      const { seekerId, reason, until, endsAt, decidedBy } = command.data;
      requireOnRoster(state, seekerId);
      const trimmed = typeof reason === 'string' ? reason.trim() : '';
      if (!trimmed || trimmed.length > SUSPENSION_REASON_MAX_LENGTH) {
        throw new DomainError('VALIDATION_FAILED', 'a suspension needs a reason', {
          fields: { reason: ['required, at most 500 characters'] },
        });
      }
      // R42: a suspension has a period; one that ended already would suspend nobody.
      if (Date.parse(endsAt) <= Date.parse(now)) {
        throw new DomainError('SUSPENSION_END_NOT_IN_FUTURE', 'the suspension would already have ended', {
          until,
          endsAt,
        });
      }
      const running = activeSuspension(state, now);
      if (running && running.reason === trimmed && running.endsAt === endsAt) return [];
      return withStanding(
        state,
        [
          {
            type: 'SeekerSuspended',
            data: {
              seekerId,
              reason: trimmed,
              until,
              endsAt,
              decidedBy,
              reviewId: state.review?.reviewId,
              suspendedAt: now,
            },
          },
        ],
        seekerId,
        now,
      );
    }

    case 'LiftSuspension': {
      const { seekerId, liftedBy, note } = command.data;
      if (!activeSuspension(state, now)) {
        // A number nobody has on the roster is an unknown seeker, not a seeker without a suspension.
        requireOnRoster(state, seekerId);
        throw new DomainError('SUSPENSION_NOT_FOUND', 'this seeker is not suspended', {
          seekerId,
          endedAt: state.suspension?.endsAt,
        });
      }
      const lifted: SeekerEvent = {
        type: 'SuspensionLifted',
        data: { seekerId, liftedBy, ...(note ? { note } : {}), liftedAt: now },
      };
      return state.onRoster ? withStanding(state, [lifted], seekerId, now) : [lifted];
    }

    case 'CountNoShow': {
      const { seekerId, reservationId, slot, recordedAt, reviewId, policy } = command.data;
      // R62's cousin: scheduling may report the same no-show twice (redelivery, a replay).
      if (state.countedNoShows.includes(reservationId)) return [];
      const window = noShowsInWindow([...state.noShows, { slot }], policy.windowDays);
      const events: SeekerEvent[] = [
        { type: 'NoShowCounted', data: { seekerId, reservationId, slot, recordedAt, noShowsInWindow: window.count } },
      ];
      // R19: flag for a supervisor, who decides; nothing here ever suspends.
      if (state.onRoster && !state.review && window.count >= policy.threshold) {
        events.push({
          type: 'NoShowReviewRequested',
          data: {
            seekerId,
            reviewId,
            reason: 'no_shows',
            noShows: window.count,
            since: window.since ?? slot,
            threshold: policy.threshold,
            windowDays: policy.windowDays,
            reservationId,
            requestedAt: now,
          },
        });
      }
      return events;
    }

    case 'ReviewTermination': {
      const { seekerId, reservationId, slot, reviewId, policy } = command.data;
      if (state.reviewedTerminations.includes(reservationId) || !state.onRoster) return [];
      // R21: an ended session "may lead to suspension": a supervisor looks at it.
      return [
        {
          type: 'NoShowReviewRequested',
          data: {
            seekerId,
            reviewId,
            reason: 'terminated',
            noShows: noShowsInWindow(state.noShows, policy.windowDays).count,
            since: slot,
            threshold: policy.threshold,
            windowDays: policy.windowDays,
            // R54: the reason stays sealed with the reservation it ended; the review names the reservation.
            reservationId,
            requestedAt: now,
          },
        },
      ];
    }

    case 'DismissReview': {
      const { seekerId, dismissedBy, note } = command.data;
      if (!state.review)
        throw new DomainError('REVIEW_NOT_FOUND', 'there is no open review for this seeker', { seekerId });
      return [
        {
          type: 'NoShowReviewDismissed',
          data: { seekerId, reviewId: state.review.reviewId, dismissedBy, ...(note ? { note } : {}), dismissedAt: now },
        },
      ];
    }

    case 'EraseSeeker': {
      const { seekerId, erasedBy, reason, dueAfterDays } = command.data;
      if (state.erased) return [];
      // The sweep's erasure: decided on the stream as it is, so activity appended meanwhile counts.
      if (dueAfterDays !== undefined && (!state.onRoster || !isRetentionDue(state.retention, now, dueAfterDays)))
        return [];
      if (!state.onRoster)
        throw new DomainError('SEEKER_NOT_FOUND', 'no seeker with this job seeker number is on the roster', {
          seekerId,
        });
      return withStanding(
        state,
        [{ type: 'SeekerErased', data: { seekerId, reason, erasedBy, erasedAt: now } }],
        seekerId,
        now,
      );
    }

    case 'RecordReservationEnd': {
      const { seekerId, reservationId, end, endedAt } = command.data;
      // Only the latest end moves the period: an earlier one (or the same one again) says nothing new.
      const last = state.retention.lastActivityAt;
      // Stryker disable next-line ConditionalExpression: without a last end Date.parse gives NaN, and no comparison with NaN holds
      if (!state.onRoster || (last !== undefined && Date.parse(endedAt) <= Date.parse(last))) return [];
      return [{ type: 'ReservationEndRecorded', data: { seekerId, reservationId, end, endedAt, recordedAt: now } }];
    }

    // Stryker disable all: unreachable, the cases cover every command type (the never check)
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
    // Stryker restore all
  }
}
