// Request-reply: message in, trail or disclosure call, result or error back.
import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { OFFICE, type OfficeSettings } from '@soudan/platform';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AuditApi,
  type ApproveDisclosureRequest,
  type AuditEventsPage,
  type CheckIntegrityQuery,
  type DisclosureList,
  type DisclosureStatus,
  type DisclosureView,
  type GetDisclosureRequest,
  type IntegrityReport,
  type ListAuditEventsQuery,
  type ListDisclosuresRequest,
  type RequestDisclosureRequest,
  type UsageQuery,
  type UsageReport,
} from '@soudan/audit-contracts';
import { DomainError, parseMonth } from '@soudan/audit-domain';
import { correlationIdFrom, RpcHandler } from '@soudan/messaging';
import { AuditTrail } from './audit-trail';
import { DisclosureListReader } from './disclosure-list';
import { Disclosures } from './disclosures';
import { categoryParam, instantParam, limitParam, positionParam } from './rpc-input';

const context = (ctx: unknown) => ({ correlationId: correlationIdFrom(ctx) ?? randomUUID() });

@Controller()
export class AuditRpcController {
  constructor(
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Disclosures) private readonly disclosures: Disclosures,
    @Inject(DisclosureListReader) private readonly disclosureList: DisclosureListReader,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  /** R53: replay from any position, filtered by category and time. */
  @RpcHandler(AuditApi.listEvents)
  list(@Payload() query: ListAuditEventsQuery): Promise<AuditEventsPage> {
    const sinceMs = instantParam(query?.since, 'since');
    const untilMs = instantParam(query?.until, 'until');
    if (sinceMs !== undefined && untilMs !== undefined && untilMs < sinceMs) {
      throw new DomainError('VALIDATION_FAILED', 'until is before since', {
        fields: { until: ['must not be before since'] },
      });
    }
    return this.trail.list({
      after: positionParam(query?.from),
      limit: limitParam(query?.limit),
      category: categoryParam(query?.category),
      sinceMs,
      untilMs,
      offices: officesParam(query?.offices),
      home: this.office.code,
    });
  }

  @RpcHandler(AuditApi.checkIntegrity)
  integrity(@Payload() query: CheckIntegrityQuery): Promise<IntegrityReport> {
    return this.trail.verify(positionParam(query?.from));
  }

  @RpcHandler(AuditApi.usage)
  usage(@Payload() query: UsageQuery): Promise<UsageReport> {
    return this.trail.usage(parseMonth(query?.month), officesParam(query?.offices), this.office.code);
  }

  @RpcHandler(AuditApi.requestDisclosure)
  requestDisclosure(@Payload() request: RequestDisclosureRequest, @Ctx() ctx: unknown): Promise<DisclosureView> {
    return this.disclosures.request(request, context(ctx));
  }

  @RpcHandler(AuditApi.approveDisclosure)
  approveDisclosure(@Payload() request: ApproveDisclosureRequest, @Ctx() ctx: unknown): Promise<DisclosureView> {
    return this.disclosures.approve(request, context(ctx));
  }

  @RpcHandler(AuditApi.getDisclosure)
  getDisclosure(@Payload() request: GetDisclosureRequest, @Ctx() ctx: unknown): Promise<DisclosureView> {
    return this.disclosures.get(request, context(ctx));
  }

  /**
   * R52, R74: the disclosures of the supervisor's offices, without records. Nothing is
   * shown that the audit record would have to note (no device data); the gateway's access
   * record notes the reading itself.
   */
  @RpcHandler(AuditApi.listDisclosures)
  listDisclosures(@Payload() request: ListDisclosuresRequest): Promise<DisclosureList> {
    return this.disclosureList.list({
      offices: officesParam(request?.offices),
      status: disclosureStatusParam(request?.status),
    });
  }
}

function disclosureStatusParam(status: unknown): DisclosureStatus | undefined {
  if (status === undefined || status === null) return undefined;
  if (status !== 'requested' && status !== 'approved')
    throw new DomainError('VALIDATION_FAILED', 'status must be requested or approved', {
      fields: { status: ['requested or approved'] },
    });
  return status;
}

/** R74: the offices a reader works for ('*': every office); absent: no narrowing. */
function officesParam(offices: unknown): string[] | undefined {
  if (
    offices !== undefined &&
    (!Array.isArray(offices) || offices.length > 1000 || !offices.every((o) => o === '*' || /^\d{5}$/.test(String(o))))
  )
    throw new DomainError('VALIDATION_FAILED', 'offices must be office codes', {
      fields: { offices: ['office codes or *'] },
    });
  return offices as string[] | undefined;
}
