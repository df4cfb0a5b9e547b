// Staff routes for the roster, suspensions, reviews and erasure (api.md "Staff",
// R19, R21, R40-R42, R54). Translation only: the eligibility service decides.
// R72: a seeker belongs to the office their number begins with; a member works on their
// offices' seekers only: another office's seeker is "not found", a registration or an
// imported row for another office is refused (OFFICE_FORBIDDEN).
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  EligibilityApi,
  type OpenReview,
  type RosterSearchResult,
  type RegisterSeekerRequest,
  type RegisterSeekerResult,
  type SeekerView,
  type SuspendSeekerResult,
} from '@soudan/eligibility-contracts';
import { type RpcClient, requestTyped, type RpcContract } from '@soudan/messaging';
import { AppError, currentCorrelationId, languageOf, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import { ErrorBodyDto } from '../auth/api-errors';
import { CurrentPrincipal, Roles, type Principal } from '../auth/roles';
import { listScope, staffOffices, worksFor } from '../scheduling/staff-offices';
import { CsvBodyInterceptor } from './csv-body.interceptor';
import { RosterImporter, type RosterImportAnswer } from './roster-importer';
import {
  ErasureQueryDto,
  RegisteredSeekerDto,
  RegisterSeekerDto,
  ReviewDismissalDto,
  RosterImportQueryDto,
  RosterImportResultDto,
  RosterSearchQueryDto,
  RosterSearchResultDto,
  SuspendSeekerDto,
} from './seekers.dto';

const actorOf = (principal: Principal | undefined) =>
  principal?.kind === 'staff' ? `staff:${principal.username}` : 'staff:unknown';

/** A job seeker number from the path, bounded before it travels; eligibility normalises and checks it. */
function numberParam(raw: string): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) {
    throw new AppError('VALIDATION_FAILED', 400, 'the job seeker number must look like 16070-12345678', {
      fields: { no: ['NNNNN-NNNNNNNN'] },
    });
  }
  return raw;
}

/**
 * R72: the reviews of the offices' seekers. A review whose seeker's roster data is
 * unreadable (erased) names no number: it is shown to those who work for the configured
 * office, where it was shown before offices existed.
 */
export function ofOffices(reviews: OpenReview[], offices: readonly string[], home: string): OpenReview[] {
  return reviews.filter((review) => {
    const office = review.jobSeekerNumber ? (/^(\d{5})/.exec(review.jobSeekerNumber)?.[1] ?? home) : home;
    return worksFor(offices, office);
  });
}

const errors = (status: number, description: string) => ApiResponse({ status, description, type: ErrorBodyDto });

@ApiTags('staff')
@Controller('staff')
export class SeekersController {
  private readonly importer: RosterImporter;

  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {
    this.importer = new RosterImporter(rpc);
  }

  /** The number from the path, when it is of an office the member works for; else 404 (R72). */
  private ours(raw: string, principal: Principal | undefined): string {
    const no = numberParam(raw);
    const office = /^(\d{5})/.exec(no.normalize('NFKC'))?.[1];
    if (office && !worksFor(staffOffices(principal, this.office.code), office))
      throw new AppError('SEEKER_NOT_FOUND', 404, 'no seeker of this number in your offices');
    return no;
  }

  private call<Req, Res>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return requestTyped(this.rpc, contract, payload, { correlationId: currentCorrelationId() });
  }

  @Post('seekers')
  @Roles('counsellor', 'supervisor')
  @ApiOperation({ summary: 'Add or correct one roster entry (201 when new, 200 when updated or unchanged)' })
  @ApiResponse({ status: 201, type: RegisteredSeekerDto })
  @ApiOkResponse({ type: RegisteredSeekerDto })
  @errors(400, 'VALIDATION_FAILED (details.fields names each bad field)')
  async register(
    @Body() body: RegisterSeekerDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RegisterSeekerResult> {
    const office = /^(\d{5})/.exec(String(body.jobSeekerNumber).normalize('NFKC'))?.[1];
    if (office && !worksFor(staffOffices(principal, this.office.code), office))
      throw new AppError('OFFICE_FORBIDDEN', 403, `you do not work for office ${office}`);
    const result = await this.call(EligibilityApi.registerSeeker, {
      ...body,
      actor: actorOf(principal),
    } satisfies RegisterSeekerRequest);
    response.status(result.outcome === 'registered' ? 201 : 200);
    return result;
  }

  @Post('seekers/import')
  @Roles('counsellor', 'supervisor')
  @UseInterceptors(CsvBodyInterceptor)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import the roster from an office CSV export',
    description:
      'Body: the CSV file (Content-Type text/csv, at most 20 MB), UTF-8 with or without BOM or Shift_JIS (detected). Header row in English (jobSeekerNumber,name,email,officeCode,status) or Japanese (求職番号,氏名,メールアドレス,安定所番号,登録状況), any order. Every bad row is reported with its line and reasons. all-or-nothing (default): any bad row and nothing is imported (422 ROSTER_IMPORT_REJECTED). good-rows: the good rows are imported. Importing the same file again changes nothing. dryRun=true: the check alone, nothing written (200 with goodRows, willImport and the refused rows).',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: RosterImportResultDto })
  @errors(400, 'CSV_EMPTY | CSV_ENCODING_INVALID | CSV_MALFORMED | VALIDATION_FAILED')
  @errors(413, 'PAYLOAD_TOO_LARGE | ROSTER_IMPORT_TOO_LARGE')
  @errors(415, 'CSV_CONTENT_TYPE_REQUIRED')
  @errors(
    422,
    'ROSTER_IMPORT_REJECTED (details.rejected: [{ line, reasons }]) | ROSTER_HEADER_INVALID (details.missing)',
  )
  import(
    @Req() request: Request,
    @Query() query: RosterImportQueryDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<RosterImportAnswer> {
    // A text/csv request without a body reaches here with none parsed: an empty file.
    const file = Buffer.isBuffer(request.body) ? request.body : request.is('text/csv') ? Buffer.alloc(0) : undefined;
    if (!file) throw new AppError('CSV_CONTENT_TYPE_REQUIRED', 415, 'send the file as text/csv');
    return this.importer.import(file, {
      mode: query.mode ?? 'all-or-nothing',
      dryRun: query.dryRun === 'true',
      offices: staffOffices(principal, this.office.code),
      actor: actorOf(principal),
      language: languageOf(request.headers['accept-language']),
      correlationId: currentCorrelationId(),
    });
  }

  @Get('seekers')
  @Roles('counsellor', 'supervisor')
  @ApiOperation({
    summary: "R72: the roster of the member's offices, searched by part of a number or a name (at most 100, by number)",
  })
  @ApiOkResponse({ type: RosterSearchResultDto })
  @errors(400, 'VALIDATION_FAILED')
  @errors(403, 'OFFICE_FORBIDDEN')
  search(
    @Query() query: RosterSearchQueryDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<RosterSearchResult> {
    return this.call(EligibilityApi.searchRoster, {
      offices: listScope(principal, this.office.code, query.office),
      ...(query.q ? { query: query.q } : {}),
    });
  }

  @Get('seekers/:no')
  @Roles('counsellor', 'supervisor')
  @ApiOperation({ summary: 'A roster entry: standing, suspension, open review, contact (R54: staff only)' })
  @errors(404, 'SEEKER_NOT_FOUND')
  view(@Param('no') no: string, @CurrentPrincipal() principal: Principal | undefined): Promise<SeekerView> {
    return this.call(EligibilityApi.getSeeker, {
      jobSeekerNumber: this.ours(no, principal),
      actor: actorOf(principal),
    });
  }

  @Post('seekers/:no/suspension')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'R42: suspend a seeker (201 when newly suspended, 200 when the suspension was changed or is the same)',
  })
  @ApiResponse({ status: 201, description: 'suspended' })
  @ApiOkResponse({ description: 'changed or unchanged' })
  @errors(404, 'SEEKER_NOT_FOUND')
  @errors(422, 'SUSPENSION_END_NOT_IN_FUTURE')
  async suspend(
    @Param('no') no: string,
    @Body() body: SuspendSeekerDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SuspendSeekerResult> {
    const result = await this.call(EligibilityApi.suspendSeeker, {
      jobSeekerNumber: this.ours(no, principal),
      reason: body.reason,
      until: body.until,
      actor: actorOf(principal),
    });
    response.status(result.outcome === 'suspended' ? 201 : 200);
    return result;
  }

  @Delete('seekers/:no/suspension')
  @Roles('supervisor')
  @ApiOperation({ summary: 'R42: lift a suspension before its end' })
  @errors(404, 'SEEKER_NOT_FOUND | SUSPENSION_NOT_FOUND')
  lift(@Param('no') no: string, @CurrentPrincipal() principal: Principal | undefined) {
    return this.call(EligibilityApi.liftSuspension, {
      jobSeekerNumber: this.ours(no, principal),
      actor: actorOf(principal),
    });
  }

  @Post('seekers/:no/review/dismissal')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'R19, R21: close a no-show or termination review without suspending' })
  @errors(404, 'REVIEW_NOT_FOUND')
  dismiss(
    @Param('no') no: string,
    @Body() body: ReviewDismissalDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    return this.call(EligibilityApi.dismissReview, {
      jobSeekerNumber: this.ours(no, principal),
      note: body.note,
      actor: actorOf(principal),
    });
  }

  @Delete('seekers/:no')
  @Roles('supervisor')
  @ApiOperation({
    summary: "R54: erase a seeker's personal data (their key is destroyed; the history stays, unreadable)",
  })
  @errors(404, 'SEEKER_NOT_FOUND')
  erase(
    @Param('no') no: string,
    @Query() query: ErasureQueryDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    return this.call(EligibilityApi.eraseSeeker, {
      jobSeekerNumber: this.ours(no, principal),
      reason: query.reason ?? 'request',
      actor: actorOf(principal),
    });
  }

  @Get('no-show-reviews')
  @Roles('counsellor', 'supervisor')
  @ApiOperation({ summary: 'R19, R21: seekers waiting for a supervisor’s decision' })
  async reviews(@CurrentPrincipal() principal: Principal | undefined): Promise<{ reviews: OpenReview[] }> {
    return {
      reviews: ofOffices(
        await this.call(EligibilityApi.openReviews, {}),
        staffOffices(principal, this.office.code),
        this.office.code,
      ),
    };
  }
}
