// The audit's request-reply API, typed: per pattern, what is asked and what is answered.
import {
  actsForNoOne,
  rpcContract,
  staffActs,
  staffAsks,
  type NoRequest,
  type ServiceHealth,
} from '@soudan/rpc-contract';
import type {
  ApproveDisclosureRequest,
  AuditEventsPage,
  CheckIntegrityQuery,
  DisclosureList,
  DisclosureView,
  GetDisclosureRequest,
  IntegrityReport,
  ListAuditEventsQuery,
  ListDisclosuresRequest,
  RequestDisclosureRequest,
  UsageQuery,
  UsageReport,
} from './index';
import { AuditPatterns } from './patterns';

export const AuditApi = {
  listEvents: rpcContract<ListAuditEventsQuery, AuditEventsPage>(AuditPatterns.listEvents, staffAsks),
  checkIntegrity: rpcContract<CheckIntegrityQuery, IntegrityReport>(AuditPatterns.checkIntegrity, staffAsks),
  usage: rpcContract<UsageQuery, UsageReport>(AuditPatterns.usage, staffAsks),
  requestDisclosure: rpcContract<RequestDisclosureRequest, DisclosureView>(AuditPatterns.requestDisclosure, staffActs),
  approveDisclosure: rpcContract<ApproveDisclosureRequest, DisclosureView>(AuditPatterns.approveDisclosure, staffActs),
  getDisclosure: rpcContract<GetDisclosureRequest, DisclosureView>(AuditPatterns.getDisclosure, staffActs),
  listDisclosures: rpcContract<ListDisclosuresRequest, DisclosureList>(AuditPatterns.listDisclosures, staffAsks),
  health: rpcContract<NoRequest, ServiceHealth>(AuditPatterns.health, actsForNoOne('probes and the gateway')),
} as const;
