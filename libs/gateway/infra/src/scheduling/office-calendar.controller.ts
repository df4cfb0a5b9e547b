// R70, R2, R3: an office's hours and closed days belong to the office, so its supervisors
// read and change them here (the national administrator's /offices holds every other
// setting). A change is one registry event naming what changed, checked as any other.
import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { requestTyped, type RpcClient, type RpcContract } from '@soudan/messaging';
import { currentCorrelationId, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import { SchedulingApi, type OfficeView } from '@soudan/scheduling-contracts';
import { ApiErrors } from '../auth/api-errors';
import { actorOf, CurrentPrincipal, Roles, type Principal } from '../auth/roles';
import { officeCodeParam } from './ids';
import { OfficeCodeProperty } from './scheduling.dto';
import { SetOfficeResultDto } from './offices.controller';
import { oneOffice } from './staff-offices';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class OfficeHoursDto {
  @ApiProperty({ example: '10:00' }) @Matches(TIME, { message: 'open must be HH:MM' }) open!: string;
  @ApiProperty({ example: '16:00' }) @Matches(TIME, { message: 'close must be HH:MM' }) close!: string;
  @ApiProperty({ example: 30, description: '10 to 120 minutes, dividing the hours' })
  @IsInt()
  @Min(10)
  @Max(120)
  slotMinutes!: number;
}

export class OfficeCalendarDto {
  @ApiPropertyOptional({ type: OfficeHoursDto, description: 'R3: unchanged when absent' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OfficeHoursDto)
  hours?: OfficeHoursDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['2027-02-12'],
    description:
      "R2: the office's own closed days, the whole list (national holidays apply anyway); unchanged when absent",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(DATE, { each: true, message: 'each closure must be YYYY-MM-DD' })
  closures?: string[];

  @OfficeCodeProperty('R70, R72: the office; required only of a member of several offices')
  office?: string;
}

export class OfficeCalendarViewDto {
  @ApiProperty({ example: '16070' }) office!: string;
  @ApiProperty({ type: OfficeHoursDto }) hours!: OfficeHoursDto;
  @ApiProperty({ type: [String], example: ['2027-02-12'] }) closures!: string[];
}

const calendarOf = (view: OfficeView) => ({
  office: view.settings.code,
  hours: view.settings.hours,
  closures: view.settings.closures ?? [],
});

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff/calendar')
export class OfficeCalendarController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  private call<Req, Res>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return requestTyped(this.rpc, contract, payload, { correlationId: currentCorrelationId() });
  }

  @Get()
  @Roles('counsellor', 'supervisor')
  @ApiOperation({ summary: "R2, R3: the office's hours and its own closed days" })
  @ApiOkResponse({ type: OfficeCalendarViewDto })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_FORBIDDEN', 'OFFICE_NOT_FOUND')
  async get(@Query('office') office: string | undefined, @CurrentPrincipal() principal?: Principal) {
    const code = oneOffice(
      principal,
      this.office.code,
      office === undefined ? undefined : officeCodeParam('office', office),
    );
    return calendarOf(await this.call(SchedulingApi.getOffice, { code }));
  }

  @Put()
  @Roles('supervisor')
  @ApiOperation({
    summary: "R70, R2, R3: change the office's hours or closed days (its supervisors)",
    description:
      'Either or both; what is left out stays. Recorded as a change of the office’s settings naming what changed; ' +
      'the same values again change nothing. Sessions already booked on a new closed day or outside new hours stay ' +
      'booked: staff cancel them by phone (R17).',
  })
  @ApiOkResponse({ type: SetOfficeResultDto })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_SETTINGS_INVALID', 'OFFICE_FORBIDDEN', 'OFFICE_NOT_FOUND')
  set(@Body() body: OfficeCalendarDto, @CurrentPrincipal() principal?: Principal) {
    return this.call(SchedulingApi.setOfficeCalendar, {
      actor: actorOf(principal),
      code: oneOffice(principal, this.office.code, body.office),
      ...(body.hours !== undefined ? { hours: { ...body.hours } } : {}),
      ...(body.closures !== undefined ? { closures: body.closures } : {}),
    });
  }
}
