// Scheduling asks the eligibility service over request-reply (R11).
import {
  EligibilityApi,
  type EligibilityCheckRequest,
  type EligibilityCheckResult,
} from '@soudan/eligibility-contracts';
import { type RpcClient, requestTyped } from '@soudan/messaging';
import { currentCorrelationId } from '@soudan/platform';
import type { EligibilityPort } from '@soudan/scheduling-application';

export class RpcEligibility implements EligibilityPort {
  constructor(private readonly rpc: RpcClient) {}

  check(request: EligibilityCheckRequest): Promise<EligibilityCheckResult> {
    return requestTyped(this.rpc, EligibilityApi.check, request, {
      correlationId: currentCorrelationId(),
    });
  }
}
