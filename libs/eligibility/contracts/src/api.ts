// Eligibility's request-reply API, typed: per pattern, what is asked and what is answered.
// Callers use `requestTyped(rpc, EligibilityApi.check, ...)`, eligibility's handlers
// `@RpcHandler(EligibilityApi.check)`; the compiler checks both against these types.
import { rpcContract, type NoRequest, type ServiceHealth } from '@soudan/rpc-contract';
import type {
  DismissReviewRequest,
  EligibilityCheckRequest,
  EligibilityCheckResult,
  EraseSeekerRequest,
  GetContactRequest,
  GetContactResult,
  LiftSuspensionRequest,
  MatchSeekerRequest,
  MatchSeekerResult,
  OpenReview,
  RecordContactRequest,
  RegisterSeekerRequest,
  RegisterSeekerResult,
  RosterApplyRequest,
  RosterImportResult,
  RosterRowsRequest,
  RosterValidateResult,
  SeekerPreferences,
  SeekerRef,
  SeekerView,
  SetSeekerLanguageRequest,
  SuspendSeekerRequest,
  SuspendSeekerResult,
} from './index';
import { EligibilityPatterns } from './patterns';

export const EligibilityApi = {
  check: rpcContract<EligibilityCheckRequest, EligibilityCheckResult>(EligibilityPatterns.check),
  getContact: rpcContract<GetContactRequest, GetContactResult>(EligibilityPatterns.getContact),
  recordContact: rpcContract<RecordContactRequest, { seekerId: string; recorded: boolean }>(
    EligibilityPatterns.recordContact,
  ),
  getPreferences: rpcContract<GetContactRequest, SeekerPreferences>(EligibilityPatterns.getPreferences),
  setLanguage: rpcContract<SetSeekerLanguageRequest, SeekerPreferences & { recorded: boolean }>(
    EligibilityPatterns.setLanguage,
  ),
  matchSeeker: rpcContract<MatchSeekerRequest, MatchSeekerResult>(EligibilityPatterns.matchSeeker),
  registerSeeker: rpcContract<RegisterSeekerRequest, RegisterSeekerResult>(EligibilityPatterns.registerSeeker),
  getSeeker: rpcContract<SeekerRef, SeekerView>(EligibilityPatterns.getSeeker),
  validateRoster: rpcContract<RosterRowsRequest, RosterValidateResult>(EligibilityPatterns.validateRoster),
  applyRoster: rpcContract<RosterApplyRequest, RosterImportResult>(EligibilityPatterns.applyRoster),
  suspendSeeker: rpcContract<SuspendSeekerRequest, SuspendSeekerResult>(EligibilityPatterns.suspendSeeker),
  liftSuspension: rpcContract<LiftSuspensionRequest, { seekerId: string; lifted: true }>(
    EligibilityPatterns.liftSuspension,
  ),
  dismissReview: rpcContract<DismissReviewRequest, { seekerId: string; dismissed: true }>(
    EligibilityPatterns.dismissReview,
  ),
  eraseSeeker: rpcContract<EraseSeekerRequest, { seekerId: string; erased: true }>(EligibilityPatterns.eraseSeeker),
  openReviews: rpcContract<NoRequest, OpenReview[]>(EligibilityPatterns.openReviews),
  health: rpcContract<NoRequest, ServiceHealth>(EligibilityPatterns.health),
} as const;
