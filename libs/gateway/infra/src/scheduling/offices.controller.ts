// R70: the office registry, for the national administrator (`admin`): every office the
// deployment serves, its settings, a change, and an import of many at once. The settings
// are checked by the registry itself (@soudan/offices), whatever way they arrive.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { requestTyped, type RpcClient, type RpcContract } from '@soudan/messaging';
import { AppError, currentCorrelationId, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import { SchedulingApi, type ImportOfficesResult, type OfficeView } from '@soudan/scheduling-contracts';
import type { Response } from 'express';
import { ApiErrors } from '../auth/api-errors';
import { actorOf, CurrentPrincipal, Roles, type Principal } from '../auth/roles';
import { officeCodeParam } from './ids';
import { requireNational, staffOffices, worksFor } from './staff-offices';

class OfficeHoursSettingDto {
  @ApiProperty({ example: '10:00' }) open!: string;
  @ApiProperty({ example: '16:00' }) close!: string;
  @ApiProperty({ example: 30, description: '10 to 120 minutes, dividing the hours' }) slotMinutes!: number;
}

/** R70: an office's settings as a PUT or a row of an import gives them (national defaults fill what is left out). */
export class OfficeSettingsBodyDto {
  @ApiProperty({ example: 'ハローワーク富山' }) name!: string;
  @ApiProperty({ example: '076-431-8609', description: 'R17: where same-day cancellations go' }) phone!: string;
  @ApiProperty({ example: '16010hw01@mhlw.go.jp' }) email!: string;
  @ApiPropertyOptional({ description: 'R60: where the staff mails go; `email` when absent' }) staffEmail?: string;
  @ApiPropertyOptional({ description: "The From of the office's mails; the deployment's MAIL_FROM when absent" })
  senderAddress?: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional({ type: OfficeHoursSettingDto, description: 'R3; 10:00-16:00 in 30-minute slots when absent' })
  hours?: OfficeHoursSettingDto;
  @ApiProperty({ example: 'https://meet.soudan.example/room' }) meetingBaseUrl!: string;
  @ApiProperty({ example: 'https://soudan.example.jp', description: 'Where links in e-mails lead' })
  publicBaseUrl!: string;
  @ApiPropertyOptional({ type: [String], example: ['2027-02-12'], description: "R2: the office's own closures" })
  closures?: string[];
  @ApiPropertyOptional({ example: 1, description: 'R4: places per slot where supervisors set nothing' })
  defaultCapacity?: number;
  @ApiPropertyOptional({ example: { threshold: 2, windowDays: 180 }, description: 'R19' })
  noShowReview?: { threshold: number; windowDays: number };
  @ApiPropertyOptional({ example: { personalDataDays: 730 }, description: 'R54' })
  retention?: { personalDataDays: number };
  @ApiPropertyOptional({ example: { name: 'Tele office', termsUrl: 'https://meet.soudan.example/terms' } })
  meetingApp?: { name?: string; termsUrl?: string };
}

export class OfficeSettingsDto extends OfficeSettingsBodyDto {
  @ApiProperty({ example: '16010' }) code!: string;
}

export class OfficeViewDto {
  @ApiProperty({ type: OfficeSettingsDto }) settings!: OfficeSettingsDto;
  @ApiProperty() registeredAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'Changes since registration' }) changes!: number;
}

export class OfficeListDto {
  @ApiProperty({ type: [OfficeViewDto] }) offices!: OfficeViewDto[];
}

export class SetOfficeResultDto {
  @ApiProperty({ type: OfficeViewDto }) office!: OfficeViewDto;
  @ApiProperty({ enum: ['registered', 'changed', 'unchanged'] }) outcome!: string;
  @ApiProperty({ type: [String], example: ['closures', 'phone'] }) changed!: string[];
}

class ImportOfficesRowDto {
  @ApiProperty({ description: 'Its place in the file, from 1' }) row!: number;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
  @ApiProperty({ enum: ['registered', 'changed', 'unchanged', 'refused'] }) outcome!: string;
  @ApiPropertyOptional({ type: [String] }) changed?: string[];
  @ApiPropertyOptional({ description: 'Why a refused row was refused, per setting' })
  problems?: Record<string, string[]>;
}

export class ImportOfficesResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'False when any row was refused: then nothing was written' }) applied!: boolean;
  @ApiProperty({ type: [ImportOfficesRowDto] }) rows!: ImportOfficesRowDto[];
  @ApiProperty({ example: { registered: 1, changed: 0, unchanged: 2, refused: 0 } })
  counts!: { registered: number; changed: number; unchanged: number; refused: number };
}

const MAX_IMPORT = 2000;

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', 400, `${field}: ${message}`, { fields: { [field]: [message] } });

const officeCode = (code: string) => officeCodeParam('code', code);

function settingsBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body', 'must be the office settings as one JSON object');
  return body as Record<string, unknown>;
}

@ApiTags('offices')
@Controller('offices')
export class OfficesController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  private call<Req, Res>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return requestTyped(this.rpc, contract, payload, { correlationId: currentCorrelationId() });
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'Every office of the deployment, by code (national administrator; an office administrator: their offices)',
  })
  @ApiOkResponse({ type: OfficeListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ offices: OfficeView[] }> {
    const mine = staffOffices(principal, this.office.code);
    const offices = await this.call(SchedulingApi.listOffices, {});
    return { offices: offices.filter((office) => worksFor(mine, office.settings.code)) };
  }

  @Get(':code')
  @Roles('admin')
  @ApiOperation({ summary: "One office's settings (national administrator)" })
  @ApiOkResponse({ type: OfficeViewDto })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_NOT_FOUND', 'OFFICE_FORBIDDEN')
  get(@Param('code') code: string, @CurrentPrincipal() principal: Principal): Promise<OfficeView> {
    const wanted = officeCode(code);
    if (!worksFor(staffOffices(principal, this.office.code), wanted))
      throw new AppError('OFFICE_FORBIDDEN', 403, `you do not work for office ${wanted}`);
    return this.call(SchedulingApi.getOffice, { code: wanted });
  }

  @Put(':code')
  @Roles('admin')
  @ApiOperation({
    summary: 'Register an office or replace its settings (national administrator)',
    description:
      '201 when the office is new, 200 otherwise. Settings are given whole: what is left out takes the national ' +
      'default. A change is recorded as an event naming the settings that changed; the same settings again change nothing.',
  })
  @ApiBody({ type: OfficeSettingsBodyDto })
  @ApiOkResponse({ type: SetOfficeResultDto })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_SETTINGS_INVALID', 'OFFICE_FORBIDDEN')
  async set(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    requireNational(principal, this.office.code);
    const result = await this.call(SchedulingApi.setOffice, {
      actor: actorOf(principal),
      code: officeCode(code),
      settings: settingsBody(body),
    });
    response.status(result.outcome === 'registered' ? 201 : 200);
    return result;
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register or change many offices from one file (national administrator)',
    description:
      'A JSON array of office settings, each with its code (or `{ "offices": [...] }`). All rows or none: with a ' +
      'refused row nothing is written (422 OFFICE_IMPORT_REFUSED, the report in details). `?dryRun=true` only ' +
      'reports what each row would do.',
  })
  @ApiBody({ type: [OfficeSettingsDto] })
  @ApiOkResponse({ type: ImportOfficesResultDto })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_IMPORT_REFUSED', 'OFFICE_FORBIDDEN')
  async import(
    @Body() body: unknown,
    @Query('dryRun') dryRun: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportOfficesResult> {
    requireNational(principal, this.office.code);
    const offices = Array.isArray(body)
      ? body
      : typeof body === 'object' && body !== null && Array.isArray((body as { offices?: unknown }).offices)
        ? (body as { offices: unknown[] }).offices
        : undefined;
    if (!offices || offices.length === 0 || offices.length > MAX_IMPORT)
      throw invalid('body', `must be a JSON array of 1 to ${MAX_IMPORT} offices`);
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw invalid('dryRun', 'must be true or false');
    const result = await this.call(SchedulingApi.importOffices, {
      actor: actorOf(principal),
      offices,
      dryRun: dryRun === 'true',
    });
    if (!result.dryRun && !result.applied)
      throw new AppError(
        'OFFICE_IMPORT_REFUSED',
        422,
        `${result.counts.refused} of ${result.rows.length} offices cannot be imported; nothing was written`,
        { ...result },
      );
    return result;
  }
}
