// Request-reply: message in, handler call, result or error back (conventions.md rule 5).
import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  EligibilityPatterns,
  type DismissReviewRequest,
  type EligibilityCheckRequest,
  type EligibilityCheckResult,
  type EraseSeekerRequest,
  type GetContactRequest,
  type GetContactResult,
  type LiftSuspensionRequest,
  type MatchSeekerRequest,
  type MatchSeekerResult,
  type OpenReview,
  type RecordContactRequest,
  type RegisterSeekerRequest,
  type RegisterSeekerResult,
  type RosterApplyRequest,
  type RosterImportResult,
  type RosterRowsRequest,
  type RosterValidateResult,
  type SeekerRef,
  type SeekerView,
  type SuspendSeekerRequest,
  type SuspendSeekerResult,
} from '@soudan/eligibility-contracts';
import { correlationIdFrom } from '@soudan/messaging';
import { randomUUID } from 'node:crypto';
import { EligibilityCore } from './eligibility-core';

const context = (ctx: unknown) => ({ correlationId: correlationIdFrom(ctx) ?? randomUUID() });

@Controller()
export class EligibilityRpcController {
  constructor(@Inject(EligibilityCore) private readonly core: EligibilityCore) {}

  @MessagePattern(EligibilityPatterns.check)
  check(@Payload() request: EligibilityCheckRequest): Promise<EligibilityCheckResult> {
    return this.core.check.check(request);
  }

  @MessagePattern(EligibilityPatterns.getContact)
  getContact(@Payload() request: GetContactRequest): Promise<GetContactResult> {
    return this.core.contact.get(request);
  }

  @MessagePattern(EligibilityPatterns.recordContact)
  recordContact(@Payload() request: RecordContactRequest, @Ctx() ctx: unknown): Promise<{ seekerId: string; recorded: boolean }> {
    return this.core.contact.record(request, { ...context(ctx), actor: 'system:scheduling' });
  }

  @MessagePattern(EligibilityPatterns.matchSeeker)
  matchSeeker(@Payload() request: MatchSeekerRequest): Promise<MatchSeekerResult> {
    return this.core.contact.match(request);
  }

  @MessagePattern(EligibilityPatterns.registerSeeker)
  register(@Payload() request: RegisterSeekerRequest, @Ctx() ctx: unknown): Promise<RegisterSeekerResult> {
    return this.core.roster.register(request, context(ctx));
  }

  @MessagePattern(EligibilityPatterns.getSeeker)
  getSeeker(@Payload() request: SeekerRef): Promise<SeekerView> {
    return this.core.decisions.view(request);
  }

  @MessagePattern(EligibilityPatterns.validateRoster)
  async validateRoster(@Payload() request: RosterRowsRequest): Promise<RosterValidateResult> {
    return this.core.roster.validate(request);
  }

  @MessagePattern(EligibilityPatterns.applyRoster)
  applyRoster(@Payload() request: RosterApplyRequest, @Ctx() ctx: unknown): Promise<RosterImportResult> {
    return this.core.roster.apply(request, context(ctx));
  }

  @MessagePattern(EligibilityPatterns.suspendSeeker)
  suspend(@Payload() request: SuspendSeekerRequest, @Ctx() ctx: unknown): Promise<SuspendSeekerResult> {
    return this.core.decisions.suspend(request, context(ctx));
  }

  @MessagePattern(EligibilityPatterns.liftSuspension)
  lift(@Payload() request: LiftSuspensionRequest, @Ctx() ctx: unknown): Promise<{ seekerId: string; lifted: true }> {
    return this.core.decisions.lift(request, context(ctx));
  }

  @MessagePattern(EligibilityPatterns.dismissReview)
  dismiss(@Payload() request: DismissReviewRequest, @Ctx() ctx: unknown): Promise<{ seekerId: string; dismissed: true }> {
    return this.core.decisions.dismissReview(request, context(ctx));
  }

  @MessagePattern(EligibilityPatterns.eraseSeeker)
  erase(@Payload() request: EraseSeekerRequest, @Ctx() ctx: unknown): Promise<{ seekerId: string; erased: true }> {
    return this.core.decisions.erase(request, context(ctx));
  }

  @MessagePattern(EligibilityPatterns.openReviews)
  openReviews(): Promise<OpenReview[]> {
    return this.core.reviews.list();
  }
}
