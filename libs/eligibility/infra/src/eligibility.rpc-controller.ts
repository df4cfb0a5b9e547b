// Request-reply: message in, handler call, result or error back (conventions.md rule 5).
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EligibilityApi,
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
  type RosterSearchResult,
  type RosterValidateResult,
  type SearchRosterRequest,
  type SeekerPreferences,
  type SeekerRef,
  type SeekerView,
  type SetSeekerLanguageRequest,
  type SuspendSeekerRequest,
  type SuspendSeekerResult,
} from '@soudan/eligibility-contracts';
import { DomainError } from '@soudan/eligibility-domain';
import { correlationIdFrom, RpcHandler } from '@soudan/messaging';
import { randomUUID } from 'node:crypto';
import { EligibilityCore } from './eligibility-core';

const context = (ctx: unknown) => ({ correlationId: correlationIdFrom(ctx) ?? randomUUID() });

@Controller()
export class EligibilityRpcController {
  constructor(@Inject(EligibilityCore) private readonly core: EligibilityCore) {}

  @RpcHandler(EligibilityApi.check)
  async check(@Payload() request: EligibilityCheckRequest, @Ctx() ctx: unknown): Promise<EligibilityCheckResult> {
    const { contact, ...asked } = request;
    // One read of the seeker's stream for both: the contact is recorded on the state the check read.
    const { result, loaded } = await this.core.check.checkLoaded(asked);
    if (result.eligible && contact)
      await this.core.contact.record(
        { seekerId: result.seekerId, name: contact.name, email: contact.email, language: contact.language },
        { ...context(ctx), actor: 'system:scheduling' },
        loaded,
      );
    return result;
  }

  @RpcHandler(EligibilityApi.getContact)
  getContact(@Payload() request: GetContactRequest): Promise<GetContactResult> {
    return this.core.contact.get(request);
  }

  @RpcHandler(EligibilityApi.recordContact)
  recordContact(
    @Payload() request: RecordContactRequest,
    @Ctx() ctx: unknown,
  ): Promise<{ seekerId: string; recorded: boolean }> {
    return this.core.contact.record(request, { ...context(ctx), actor: 'system:scheduling' });
  }

  @RpcHandler(EligibilityApi.getPreferences)
  getPreferences(@Payload() request: GetContactRequest): Promise<SeekerPreferences> {
    return this.core.contact.preferences(request);
  }

  @RpcHandler(EligibilityApi.setLanguage)
  setLanguage(
    @Payload() request: SetSeekerLanguageRequest,
    @Ctx() ctx: unknown,
  ): Promise<SeekerPreferences & { recorded: boolean }> {
    return this.core.contact.setLanguage(request, { ...context(ctx), actor: `seeker:${request?.seekerId}` });
  }

  @RpcHandler(EligibilityApi.matchSeeker)
  matchSeeker(@Payload() request: MatchSeekerRequest): Promise<MatchSeekerResult> {
    return this.core.contact.match(request);
  }

  @RpcHandler(EligibilityApi.registerSeeker)
  register(@Payload() request: RegisterSeekerRequest, @Ctx() ctx: unknown): Promise<RegisterSeekerResult> {
    return this.core.roster.register(request, context(ctx));
  }

  @RpcHandler(EligibilityApi.getSeeker)
  getSeeker(@Payload() request: SeekerRef): Promise<SeekerView> {
    return this.core.decisions.view(request);
  }

  @RpcHandler(EligibilityApi.validateRoster)
  async validateRoster(@Payload() request: RosterRowsRequest): Promise<RosterValidateResult> {
    return this.core.roster.validate(request);
  }

  @RpcHandler(EligibilityApi.applyRoster)
  applyRoster(@Payload() request: RosterApplyRequest, @Ctx() ctx: unknown): Promise<RosterImportResult> {
    return this.core.roster.apply(request, context(ctx));
  }

  @RpcHandler(EligibilityApi.suspendSeeker)
  suspend(@Payload() request: SuspendSeekerRequest, @Ctx() ctx: unknown): Promise<SuspendSeekerResult> {
    return this.core.decisions.suspend(request, context(ctx));
  }

  @RpcHandler(EligibilityApi.liftSuspension)
  lift(@Payload() request: LiftSuspensionRequest, @Ctx() ctx: unknown): Promise<{ seekerId: string; lifted: true }> {
    return this.core.decisions.lift(request, context(ctx));
  }

  @RpcHandler(EligibilityApi.dismissReview)
  dismiss(
    @Payload() request: DismissReviewRequest,
    @Ctx() ctx: unknown,
  ): Promise<{ seekerId: string; dismissed: true }> {
    return this.core.decisions.dismissReview(request, context(ctx));
  }

  @RpcHandler(EligibilityApi.eraseSeeker)
  erase(@Payload() request: EraseSeekerRequest, @Ctx() ctx: unknown): Promise<{ seekerId: string; erased: true }> {
    return this.core.decisions.erase(request, context(ctx));
  }

  /** R72: the roster of the offices asked for ('*': every office), by number or name. */
  @RpcHandler(EligibilityApi.searchRoster)
  searchRoster(@Payload() request: SearchRosterRequest): Promise<RosterSearchResult> {
    const offices = request?.offices;
    if (
      !Array.isArray(offices) ||
      offices.length === 0 ||
      !offices.every((o) => o === '*' || /^\d{5}$/.test(String(o)))
    )
      throw new DomainError('VALIDATION_FAILED', 'offices must be office codes', {
        fields: { offices: ['one or more office codes, or *'] },
      });
    const query = request.query;
    if (query !== undefined && (typeof query !== 'string' || query.length > 100))
      throw new DomainError('VALIDATION_FAILED', 'the search is at most 100 characters', {
        fields: { q: ['at most 100 characters'] },
      });
    return this.core.rosterIndex.search({ offices, query, limit: request.limit });
  }

  @RpcHandler(EligibilityApi.openReviews)
  openReviews(): Promise<OpenReview[]> {
    return this.core.reviews.list();
  }
}
