// Scheduling asks the eligibility service over request-reply (R11).
import { EligibilityPatterns, type EligibilityCheckRequest, type EligibilityCheckResult, type RecordContactRequest } from '@soudan/eligibility-contracts';
import type { RpcClient } from '@soudan/messaging';
import { currentCorrelationId } from '@soudan/platform';
import type { EligibilityPort } from '@soudan/scheduling-application';

export class RpcEligibility implements EligibilityPort {
  constructor(private readonly rpc: RpcClient) {}

  check(request: EligibilityCheckRequest): Promise<EligibilityCheckResult> {
    return this.rpc.request<EligibilityCheckResult>(EligibilityPatterns.check, request, { correlationId: currentCorrelationId() });
  }

  async recordContact(request: RecordContactRequest): Promise<void> {
    await this.rpc.request(EligibilityPatterns.recordContact, request, { correlationId: currentCorrelationId() });
  }
}
