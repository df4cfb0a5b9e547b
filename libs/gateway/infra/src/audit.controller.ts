// api.md "Audit": auditors replay, filter and verify the Article 7 record and read the
// usage record (R50-R53); supervisors handle disclosures of device data, which a second
// supervisor approves (R52). Translation only: the audit service decides.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuditApi,
  type ApproveDisclosureRequest,
  type AuditEventsPage,
  type DisclosureList,
  type DisclosureView,
  type GetDisclosureRequest,
  type IntegrityReport,
  type ListDisclosuresRequest,
  type RequestDisclosureRequest,
  type UsageReport,
} from '@soudan/audit-contracts';
import { type RpcClient, requestTyped, type RpcContract } from '@soudan/messaging';
import { AppError, currentCorrelationId, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import { listScope, oneOffice, staffOffices, worksFor } from './scheduling/staff-offices';
import {
  AuditEventsPageDto,
  AuditEventsQueryDto,
  DisclosureListDto,
  DisclosureListQueryDto,
  DisclosureRecordsQueryDto,
  DisclosureViewDto,
  IntegrityQueryDto,
  IntegrityReportDto,
  RequestDisclosureDto,
  UsageQueryDto,
  UsageReportDto,
} from './audit.dto';
import { ApiErrors } from './auth/api-errors';
import { CurrentPrincipal, Roles, type Principal } from './auth/roles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that cannot be a disclosure's is simply not found (404), like an unknown one. */
function disclosureId(raw: string): string {
  if (!UUID.test(raw)) throw new AppError('DISCLOSURE_NOT_FOUND', 404, 'no such disclosure');
  return raw.toLowerCase();
}

const actorOf = (principal: Principal | undefined) =>
  principal?.kind === 'staff' ? `staff:${principal.username}` : 'staff:unknown';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  /**
   * R74: the office a disclosure covers: the named job seeker's (the first five digits of
   * the number), else the one named, else the supervisor's only office. It must be one the
   * supervisor works for (403 OFFICE_FORBIDDEN); '*' (every office) only for a national role.
   */
  private disclosureOffice(scope: { jobSeekerNumber?: string; office?: string }, principal?: Principal): string {
    const offices = staffOffices(principal, this.office.code);
    const number = scope.jobSeekerNumber?.normalize('NFKC').match(/^(\d{5})/)?.[1];
    if (number) {
      if (scope.office !== undefined && scope.office !== number)
        throw new AppError('VALIDATION_FAILED', 400, "office must be the job seeker's office", {
          fields: { 'scope.office': ["the job seeker's office is the first five digits of their number"] },
        });
      if (!worksFor(offices, number))
        throw new AppError('OFFICE_FORBIDDEN', 403, `you do not work for office ${number}`);
      return number;
    }
    if (scope.office === '*') {
      if (!offices.includes('*'))
        throw new AppError('OFFICE_FORBIDDEN', 403, 'only a national role may cover every office');
      return '*';
    }
    return oneOffice(principal, this.office.code, scope.office);
  }

  private call<Req, Res>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return requestTyped(this.rpc, contract, payload, { correlationId: currentCorrelationId() });
  }

  @Get('events')
  @Roles('auditor')
  @ApiOperation({ summary: 'R53: replay the history from any position, filtered by category and time' })
  @ApiOkResponse({ type: AuditEventsPageDto, description: 'Device data pseudonymized (R52)' })
  @ApiErrors('VALIDATION_FAILED')
  events(@Query() query: AuditEventsQueryDto, @CurrentPrincipal() principal?: Principal): Promise<AuditEventsPage> {
    // R74: an auditor replays their offices' records; a national auditor every record.
    return this.call(AuditApi.listEvents, { ...query, offices: staffOffices(principal, this.office.code) });
  }

  @Get('integrity')
  @Roles('auditor')
  @ApiOperation({
    summary: 'R53: recompute the hash chain over the stored record',
    description:
      'Each record stores SHA-256(previous hash + canonical JSON of the record). A long record is checked in parts: an answer with `next` stopped early; pass it as `from`.',
  })
  @ApiOkResponse({ type: IntegrityReportDto })
  @ApiErrors('VALIDATION_FAILED', 'AUDIT_POSITION_NOT_FOUND')
  integrity(@Query() query: IntegrityQueryDto): Promise<IntegrityReport> {
    return this.call(AuditApi.checkIntegrity, query);
  }

  @Get('usage')
  @Roles('auditor')
  @ApiOperation({ summary: 'R50, R51 (Art. 7(1)): counts by day and slot for a month, Japan time; no personal data' })
  @ApiOkResponse({ type: UsageReportDto })
  @ApiErrors('VALIDATION_FAILED')
  usage(@Query() query: UsageQueryDto, @CurrentPrincipal() principal?: Principal): Promise<UsageReport> {
    // R74: an auditor reads their offices' usage; a national auditor ('*') every office's.
    return this.call(AuditApi.usage, {
      month: query.month,
      offices: listScope(principal, this.office.code, query.office),
    });
  }

  @Post('disclosures')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'R52 (Art. 7(2)): record a public authority’s request for device data, with its legal basis and scope',
  })
  @ApiCreatedResponse({ type: DisclosureViewDto })
  @ApiErrors('VALIDATION_FAILED')
  requestDisclosure(
    @Body() body: RequestDisclosureDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<DisclosureView> {
    return this.call(AuditApi.requestDisclosure, {
      ...body,
      scope: { ...body.scope, office: this.disclosureOffice(body.scope, principal) },
      actor: actorOf(principal),
    } satisfies RequestDisclosureRequest);
  }

  @Get('disclosures')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'R52: the disclosures of the supervisor’s offices (R74; a national role: all), newest first',
    description:
      'What waits for a second supervisor’s approval and what was approved: requests and approvals only, never a record or device data (open one with GET /audit/disclosures/{id}).',
  })
  @ApiOkResponse({ type: DisclosureListDto })
  @ApiErrors('VALIDATION_FAILED')
  disclosures(
    @Query() query: DisclosureListQueryDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<DisclosureList> {
    return this.call(AuditApi.listDisclosures, {
      offices: staffOffices(principal, this.office.code),
      ...(query.status ? { status: query.status === 'pending' ? 'requested' : 'approved' } : {}),
    } satisfies ListDisclosuresRequest);
  }

  @Post('disclosures/:id/approval')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'R52: a second supervisor, not the requester, approves the disclosure' })
  @ApiOkResponse({ type: DisclosureViewDto })
  @ApiErrors('DISCLOSURE_NOT_FOUND', 'SAME_APPROVER', 'DISCLOSURE_ALREADY_APPROVED', 'REVISION_CONFLICT')
  approveDisclosure(@Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<DisclosureView> {
    return this.call(AuditApi.approveDisclosure, {
      disclosureId: disclosureId(id),
      actor: actorOf(principal),
      offices: staffOffices(principal, this.office.code),
    } satisfies ApproveDisclosureRequest);
  }

  @Get('disclosures/:id')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'R52: the disclosure’s status; once approved, the records in scope with their raw device data',
    description:
      'Records are those of the period (and of the job seeker, when named) that carry device identification data, a page at a time. Every showing is itself recorded in the audit trail.',
  })
  @ApiOkResponse({ type: DisclosureViewDto })
  @ApiErrors('VALIDATION_FAILED', 'DISCLOSURE_NOT_FOUND')
  disclosure(
    @Param('id') id: string,
    @Query() query: DisclosureRecordsQueryDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<DisclosureView> {
    return this.call(AuditApi.getDisclosure, {
      disclosureId: disclosureId(id),
      actor: actorOf(principal),
      offices: staffOffices(principal, this.office.code),
      ...query,
    } satisfies GetDisclosureRequest);
  }
}
