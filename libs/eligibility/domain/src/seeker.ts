// The seeker aggregate (one stream per pseudonymous seeker): events, state, evolve.
// Pure. Personal data appears here only sealed (R54): the domain keeps and compares
// opaque strings, it never sees a name or an address.
import type {
  ContactRecordedV1,
  EligibilityChangedV1,
  NoShowCountedV1,
  NoShowReviewDismissedV1,
  NoShowReviewRequestedV1,
  ReservationEndRecordedV1,
  ReviewView,
  SealedData,
  SeekerErasedV1,
  SeekerRegisteredV1,
  SeekerStatus,
  SeekerSuspendedV1,
  SeekerUpdatedV1,
  SuspensionLiftedV1,
} from '@soudan/eligibility-contracts';
import { evolveRetention, initialRetention, type RetentionFacts } from './retention';

export type SeekerEvent =
  | { type: 'SeekerRegistered'; data: SeekerRegisteredV1 }
  | { type: 'SeekerUpdated'; data: SeekerUpdatedV1 }
  | { type: 'ContactRecorded'; data: ContactRecordedV1 }
  | { type: 'EligibilityChanged'; data: EligibilityChangedV1 }
  | { type: 'NoShowCounted'; data: NoShowCountedV1 }
  | { type: 'NoShowReviewRequested'; data: NoShowReviewRequestedV1 }
  | { type: 'NoShowReviewDismissed'; data: NoShowReviewDismissedV1 }
  | { type: 'SeekerSuspended'; data: SeekerSuspendedV1 }
  | { type: 'SuspensionLifted'; data: SuspensionLiftedV1 }
  | { type: 'SeekerErased'; data: SeekerErasedV1 }
  | { type: 'ReservationEndRecorded'; data: ReservationEndRecordedV1 };

export type SeekerEventType = SeekerEvent['type'];

export interface Suspension {
  reason: string;
  until: string;
  endsAt: string;
  since: string;
  decidedBy: string;
}

export interface SeekerState {
  seekerId?: string;
  /** On the roster now (registered and not erased since). */
  onRoster: boolean;
  /** The last roster fact was an erasure. */
  erased: boolean;
  officeCode?: string;
  status?: SeekerStatus;
  /** `{ jobSeekerNumber, name, email }` from the roster, sealed. */
  personalData?: SealedData;
  /** The contact given on the latest request, sealed. */
  contact?: SealedData;
  /** The latest suspension; whether it is still running depends on the time asked about. */
  suspension?: Suspension;
  /** Every reservation ever counted as a no-show: a repeated report counts once. */
  countedNoShows: string[];
  /** Reservations whose termination already raised a review. */
  reviewedTerminations: string[];
  /** No-shows counted since the last review decision (R19). */
  noShows: Array<{ reservationId: string; slot: string }>;
  review?: ReviewView;
  /** R54: what the end of the retention period depends on. */
  retention: RetentionFacts;
}

export const initialState = (): SeekerState => ({
  onRoster: false,
  erased: false,
  countedNoShows: [],
  reviewedTerminations: [],
  noShows: [],
  retention: initialRetention(),
});

/** R42: a suspension runs until its end, unless lifted; it ends by itself. */
export function activeSuspension(state: SeekerState, at: string): Suspension | undefined {
  const suspension = state.suspension;
  if (!suspension) return undefined;
  return Date.parse(at) < Date.parse(suspension.endsAt) ? suspension : undefined;
}

export function evolve(state: SeekerState, event: SeekerEvent): SeekerState {
  // States of before R54's retention (a snapshot, a test's literal) start its facts afresh.
  return { ...evolveSeeker(state, event), retention: evolveRetention(state.retention ?? initialRetention(), event) };
}

function evolveSeeker(state: SeekerState, event: SeekerEvent): SeekerState {
  switch (event.type) {
    case 'SeekerRegistered': {
      const { seekerId, officeCode, status, personalData } = event.data;
      return {
        ...state,
        seekerId,
        onRoster: true,
        erased: false,
        officeCode,
        status,
        personalData,
        contact: undefined,
      };
    }
    case 'SeekerUpdated': {
      const { officeCode, status, personalData } = event.data;
      return {
        ...state,
        officeCode: officeCode ?? state.officeCode,
        status: status ?? state.status,
        personalData: personalData ?? state.personalData,
      };
    }
    case 'ContactRecorded':
      return { ...state, contact: event.data.contact };
    case 'EligibilityChanged':
      return state;
    case 'NoShowCounted': {
      const { seekerId, reservationId, slot } = event.data;
      return {
        ...state,
        seekerId: state.seekerId ?? seekerId,
        countedNoShows: [...state.countedNoShows, reservationId],
        noShows: [...state.noShows, { reservationId, slot }],
      };
    }
    case 'NoShowReviewRequested': {
      const { reviewId, reason, noShows, since, requestedAt, reservationId, seekerId } = event.data;
      return {
        ...state,
        seekerId: state.seekerId ?? seekerId,
        review: { reviewId, reason, noShows, since, requestedAt },
        reviewedTerminations:
          reason === 'terminated' ? [...state.reviewedTerminations, reservationId] : state.reviewedTerminations,
      };
    }
    case 'NoShowReviewDismissed':
      // The supervisor has looked at these no-shows: only later ones count towards the next review.
      return { ...state, review: undefined, noShows: [] };
    case 'SeekerSuspended': {
      const { reason, until, endsAt, suspendedAt, decidedBy } = event.data;
      return {
        ...state,
        suspension: { reason, until, endsAt, since: suspendedAt, decidedBy },
        review: undefined,
        noShows: [],
      };
    }
    case 'SuspensionLifted':
      return { ...state, suspension: undefined };
    case 'SeekerErased':
      return {
        ...state,
        onRoster: false,
        erased: true,
        officeCode: undefined,
        status: undefined,
        personalData: undefined,
        contact: undefined,
        review: undefined,
      };
    case 'ReservationEndRecorded':
      return state;
    default:
      // Events of a later schema this code does not know leave the state as it is.
      return state;
  }
}

/** The number of no-shows an open review would show: those in the window of the latest one. */
export function noShowsInWindow(
  noShows: ReadonlyArray<{ slot: string }>,
  windowDays: number,
): { count: number; since?: string } {
  if (noShows.length === 0) return { count: 0 };
  const latest = Math.max(...noShows.map((n) => Date.parse(n.slot)));
  const from = latest - windowDays * 86_400_000;
  const inWindow = noShows
    .filter((n) => Date.parse(n.slot) > from)
    .sort((a, b) => Date.parse(a.slot) - Date.parse(b.slot));
  return { count: inWindow.length, since: inWindow[0]?.slot };
}
