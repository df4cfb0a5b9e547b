// Eligibility's request-reply API, typed: per pattern, what is asked and what is answered.
// Callers use `requestTyped(rpc, EligibilityApi.check, ...)`, eligibility's handlers
// `@RpcHandler(EligibilityApi.check)`; the compiler checks both against these types.
import {
  actsForNoOne,
  rpcContract,
  staffActs,
  staffAsks,
  type NoRequest,
  type ServiceHealth,
} from '@soudan/rpc-contract';
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
  RosterSearchResult,
  SearchRosterRequest,
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
  check: rpcContract<EligibilityCheckRequest, EligibilityCheckResult>(
    EligibilityPatterns.check,
    actsForNoOne('scheduling, before it accepts a request the gateway signed'),
  ),
  getContact: rpcContract<GetContactRequest, GetContactResult>(
    EligibilityPatterns.getContact,
    actsForNoOne('notification for its mails, the gateway for names on the schedule and sign-in'),
  ),
  recordContact: rpcContract<RecordContactRequest, { seekerId: string; recorded: boolean }>(
    EligibilityPatterns.recordContact,
    { acts: 'person', kinds: ['seeker'], fields: { seekerId: 'seekerId' } },
  ),
  getPreferences: rpcContract<GetContactRequest, SeekerPreferences>(
    EligibilityPatterns.getPreferences,
    actsForNoOne("the gateway, for the seeker's page and the sign-in mail"),
  ),
  setLanguage: rpcContract<SetSeekerLanguageRequest, SeekerPreferences & { recorded: boolean }>(
    EligibilityPatterns.setLanguage,
    { acts: 'person', kinds: ['seeker'], fields: { seekerId: 'seekerId' } },
  ),
  matchSeeker: rpcContract<MatchSeekerRequest, MatchSeekerResult>(
    EligibilityPatterns.matchSeeker,
    actsForNoOne('the gateway, before anyone is signed in'),
  ),
  registerSeeker: rpcContract<RegisterSeekerRequest, RegisterSeekerResult>(
    EligibilityPatterns.registerSeeker,
    staffActs,
  ),
  getSeeker: rpcContract<SeekerRef, SeekerView>(EligibilityPatterns.getSeeker, staffActs),
  validateRoster: rpcContract<RosterRowsRequest, RosterValidateResult>(EligibilityPatterns.validateRoster, staffAsks),
  applyRoster: rpcContract<RosterApplyRequest, RosterImportResult>(EligibilityPatterns.applyRoster, staffActs),
  suspendSeeker: rpcContract<SuspendSeekerRequest, SuspendSeekerResult>(EligibilityPatterns.suspendSeeker, staffActs),
  liftSuspension: rpcContract<LiftSuspensionRequest, { seekerId: string; lifted: true }>(
    EligibilityPatterns.liftSuspension,
    staffActs,
  ),
  dismissReview: rpcContract<DismissReviewRequest, { seekerId: string; dismissed: true }>(
    EligibilityPatterns.dismissReview,
    staffActs,
  ),
  eraseSeeker: rpcContract<EraseSeekerRequest, { seekerId: string; erased: true }>(
    EligibilityPatterns.eraseSeeker,
    staffActs,
  ),
  openReviews: rpcContract<NoRequest, OpenReview[]>(EligibilityPatterns.openReviews, staffAsks),
  searchRoster: rpcContract<SearchRosterRequest, RosterSearchResult>(EligibilityPatterns.searchRoster, staffAsks),
  health: rpcContract<NoRequest, ServiceHealth>(EligibilityPatterns.health, actsForNoOne('probes and the gateway')),
} as const;
