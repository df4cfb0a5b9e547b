// `eligibility.check` (R11, R40-R42): asked by scheduling before it accepts a request.
import type { EligibilityCheckRequest, EligibilityCheckResult } from '@soudan/eligibility-contracts';
import { DomainError, eligibilityReasons } from '@soudan/eligibility-domain';
import type { Seekers } from './seekers';

export class EligibilityCheckHandler {
  constructor(private readonly seekers: Seekers) {}

  async check(request: EligibilityCheckRequest): Promise<EligibilityCheckResult> {
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
    const { state, events } = await this.seekers.load(seekerId);
    const reasons = eligibilityReasons(events.length > 0 ? state : undefined, {
      ...request,
      at: new Date(Date.parse(request.at)).toISOString(),
    });
    if (reasons.length === 0) return { eligible: true, seekerId };
    return state.onRoster ? { eligible: false, seekerId, reasons } : { eligible: false, reasons };
  }
}
