// The audit's request-reply API, typed: per pattern, what is asked and what is answered.
import { rpcContract, type NoRequest, type ServiceHealth } from '@soudan/rpc-contract';
import type {
  ApproveDisclosureRequest,
  AuditEventsPage,
  CheckIntegrityQuery,
  DisclosureView,
  GetDisclosureRequest,
  IntegrityReport,
  ListAuditEventsQuery,
  RequestDisclosureRequest,
  UsageQuery,
  UsageReport,
} from './index';
import { AuditPatterns } from './patterns';

export const AuditApi = {
  listEvents: rpcContract<ListAuditEventsQuery, AuditEventsPage>(AuditPatterns.listEvents),
  checkIntegrity: rpcContract<CheckIntegrityQuery, IntegrityReport>(AuditPatterns.checkIntegrity),
  usage: rpcContract<UsageQuery, UsageReport>(AuditPatterns.usage),
  requestDisclosure: rpcContract<RequestDisclosureRequest, DisclosureView>(AuditPatterns.requestDisclosure),
  approveDisclosure: rpcContract<ApproveDisclosureRequest, DisclosureView>(AuditPatterns.approveDisclosure),
  getDisclosure: rpcContract<GetDisclosureRequest, DisclosureView>(AuditPatterns.getDisclosure),
  health: rpcContract<NoRequest, ServiceHealth>(AuditPatterns.health),
} as const;
