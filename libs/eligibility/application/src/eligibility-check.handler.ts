// `eligibility.check` (R11, R40-R42): asked by scheduling before it accepts a request.
import type { EligibilityCheckRequest, EligibilityCheckResult } from '@soudan/eligibility-contracts';
import { DomainError, eligibilityReasons, type SeekerState } from '@soudan/eligibility-domain';
import type { LoadedAggregate } from '@soudan/platform';
import type { Seekers } from './seekers';

export class EligibilityCheckHandler {
  constructor(private readonly seekers: Seekers) {}

  async check(request: EligibilityCheckRequest): Promise<EligibilityCheckResult> {
    return (await this.checkLoaded(request)).result;
  }

  /** The check, with the seeker's stream as it read it (the contact of a request is recorded on it). */
  async checkLoaded(
    request: EligibilityCheckRequest,
  ): Promise<{ result: EligibilityCheckResult; loaded: LoadedAggregate<SeekerState> }> {
    if (!request || typeof request !== 'object')
      throw new DomainError('VALIDATION_FAILED', 'an eligibility check needs a body', {
        fields: { body: ['required'] },
      });
    if (typeof request.at !== 'string' || Number.isNaN(Date.parse(request.at))) {
      throw new DomainError('VALIDATION_FAILED', 'at must be an ISO-8601 instant', {
        fields: { at: ['ISO-8601 instant'] },
      });
    }
    if (typeof request.officeCode !== 'string')
      throw new DomainError('VALIDATION_FAILED', 'officeCode is required', { fields: { officeCode: ['required'] } });
    const { seekerId } = this.seekers.idOfTyped(request.jobSeekerNumber);
    const loaded = await this.seekers.load(seekerId);
    const { state, events } = loaded;
    const reasons = eligibilityReasons(events.length > 0 ? state : undefined, {
      ...request,
      at: new Date(Date.parse(request.at)).toISOString(),
    });
    if (reasons.length === 0) return { result: { eligible: true, seekerId }, loaded };
    return {
      result: state.onRoster ? { eligible: false, seekerId, reasons } : { eligible: false, reasons },
      loaded,
    };
  }
}
