// What only a supervisor decides (R19, R21, R42, R54): suspensions, dismissing a
// review, erasure. Nothing in this service suspends on its own.
import type {
  DismissReviewRequest,
  EraseSeekerRequest,
  LiftSuspensionRequest,
  SeekerRef,
  SeekerView,
  SuspendSeekerRequest,
  SuspendSeekerResult,
  SuspensionView,
} from '@soudan/eligibility-contracts';
import { activeSuspension, DomainError, suspensionPeriod, type Suspension } from '@soudan/eligibility-domain';
import type { CommandContext } from '@soudan/platform';
import type { ContactDocument } from './contact.handler';
import type { RosterPersonalData } from './roster.handler';
import { actorFrom, type Seekers } from './seekers';

type Context = Omit<CommandContext, 'actor' | 'eventId'>;

const NOTE_MAX_LENGTH = 500;

function note(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > NOTE_MAX_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', 'the note must be text of at most 500 characters', {
      fields: { note: ['at most 500 characters'] },
    });
  }
  return raw.trim() || undefined;
}

const view = (s: Suspension): SuspensionView => ({
  reason: s.reason,
  until: s.until,
  endsAt: s.endsAt,
  since: s.since,
  decidedBy: s.decidedBy,
});

export class StaffDecisionsHandler {
  constructor(private readonly seekers: Seekers) {}

  async suspend(request: SuspendSeekerRequest, context: Context): Promise<SuspendSeekerResult> {
    const { seekerId } = this.seekers.idOfTyped(request?.jobSeekerNumber);
    const period = suspensionPeriod(request.until);
    if (!period) {
      throw new DomainError('VALIDATION_FAILED', 'until must be a date (YYYY-MM-DD) or an instant with an offset', {
        fields: { until: ['YYYY-MM-DD'] },
      });
    }
    const decidedBy = actorFrom(request.actor);
    const executed = await this.seekers.execute(
      seekerId,
      () => ({
        type: 'SuspendSeeker',
        data: { seekerId, reason: typeof request.reason === 'string' ? request.reason : '', ...period, decidedBy },
        metadata: { now: this.seekers.now() },
      }),
      { ...context, actor: decidedBy },
    );
    const now = this.seekers.now();
    const suspension = executed.after.suspension;
    // decide() either suspended or found this very suspension running: there is one.
    if (!suspension) throw new Error('a suspension was decided but none is recorded');
    const outcome =
      executed.events.length === 0 ? 'unchanged' : activeSuspension(executed.before, now) ? 'changed' : 'suspended';
    return { seekerId, outcome, suspension: view(suspension) };
  }

  async lift(request: LiftSuspensionRequest, context: Context): Promise<{ seekerId: string; lifted: true }> {
    const { seekerId } = this.seekers.idOfTyped(request?.jobSeekerNumber);
    const liftedBy = actorFrom(request.actor);
    const text = note(request.note);
    await this.seekers.execute(
      seekerId,
      () => ({
        type: 'LiftSuspension',
        data: { seekerId, liftedBy, note: text },
        metadata: { now: this.seekers.now() },
      }),
      { ...context, actor: liftedBy },
    );
    return { seekerId, lifted: true };
  }

  async dismissReview(request: DismissReviewRequest, context: Context): Promise<{ seekerId: string; dismissed: true }> {
    const { seekerId } = this.seekers.idOfTyped(request?.jobSeekerNumber);
    const dismissedBy = actorFrom(request.actor);
    const text = note(request.note);
    await this.seekers.execute(
      seekerId,
      () => ({
        type: 'DismissReview',
        data: { seekerId, dismissedBy, note: text },
        metadata: { now: this.seekers.now() },
      }),
      { ...context, actor: dismissedBy },
    );
    return { seekerId, dismissed: true };
  }

  /**
   * R54: the key goes first, then the fact is recorded. The other order could leave a
   * SeekerErased on record while the data is still readable; this one at worst leaves
   * the data unreadable a moment before the record says so (and a retry records it).
   */
  async erase(request: EraseSeekerRequest, context: Context): Promise<{ seekerId: string; erased: true }> {
    const { seekerId } = this.seekers.idOfTyped(request?.jobSeekerNumber);
    const erasedBy = actorFrom(request.actor);
    const reason = request.reason === 'retention' ? 'retention' : 'request';
    await this.seekers.execute(
      seekerId,
      async (state) => {
        // Refuse (via decide) before destroying anything for a seeker who was never on the roster.
        if (state.onRoster) await this.seekers.vault.erase(seekerId);
        return { type: 'EraseSeeker', data: { seekerId, erasedBy, reason }, metadata: { now: this.seekers.now() } };
      },
      { ...context, actor: erasedBy },
    );
    return { seekerId, erased: true };
  }

  /** Staff view of a roster entry (R54: visible by role; the gateway lets only staff ask). */
  async view(request: SeekerRef): Promise<SeekerView> {
    const { seekerId, jobSeekerNumber } = this.seekers.idOfTyped(request?.jobSeekerNumber);
    const { state, events } = await this.seekers.load(seekerId);
    if (events.length === 0)
      throw new DomainError('SEEKER_NOT_FOUND', 'no seeker with this job seeker number is on the roster', {});
    const now = this.seekers.now();
    const key = state.onRoster ? await this.seekers.vault.dataKey(seekerId, false) : undefined;
    const roster = this.seekers.vault.open<RosterPersonalData>(seekerId, key, 'roster', state.personalData);
    const contact = this.seekers.vault.open<ContactDocument>(seekerId, key, 'contact', state.contact);
    return {
      seekerId,
      jobSeekerNumber,
      erased: state.erased,
      onRoster: state.onRoster,
      officeCode: state.officeCode,
      status: state.status,
      // The office's roster data first: the contact on a request is the seeker's own, and may differ.
      name: roster?.name ?? contact?.name,
      email: roster?.email ?? contact?.email,
      suspension: state.suspension
        ? { ...view(state.suspension), active: activeSuspension(state, now) !== undefined }
        : undefined,
      review: state.review,
      noShows: state.noShows.length,
    };
  }
}
