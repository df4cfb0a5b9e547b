// Public: the office a seeker deals with, as the web app's start page and footer show it
// (hours, phone: the flyer's facts), so no page hard-codes one office's number (R70).
// R71: `?code=` names another registered office (a signed-in seeker's, from their number).
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requestTyped, type RpcClient } from '@soudan/messaging';
import { currentCorrelationId, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import { SchedulingApi } from '@soudan/scheduling-contracts';
import { ApiErrors } from './auth/api-errors';
import { Public } from './auth/roles';
import { officeCodeParam } from './scheduling/ids';

class OfficeHoursDto {
  @ApiProperty({ example: '10:00' }) open!: string;
  @ApiProperty({ example: '16:00' }) close!: string;
  @ApiProperty({ example: 30 }) slotMinutes!: number;
}

export class OfficeDto {
  @ApiProperty({ example: '16070' }) code!: string;
  @ApiProperty({ example: 'ハローワーク滑川' }) name!: string;
  @ApiProperty({ example: '076-475-0324', description: 'R17: where same-day cancellations go' }) phone!: string;
  @ApiProperty({ type: OfficeHoursDto, description: 'R3: consultation hours (JST) and slot length' })
  hours!: OfficeHoursDto;
}

@ApiTags('public')
@Controller('office')
export class OfficeController {
  constructor(
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
  ) {}

  @Get()
  @Public()
  @ApiQuery({
    name: 'code',
    required: false,
    description: 'R71: a registered office by its five-digit code; the configured office when absent',
  })
  @ApiOkResponse({ type: OfficeDto, description: 'The office: name, phone and consultation hours' })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_NOT_FOUND')
  async get(@Query('code') code?: string): Promise<OfficeDto> {
    if (code !== undefined) officeCodeParam('code', code);
    const wanted = code ?? this.office.code;
    try {
      // The registry's settings: the configured office too may have been changed since this
      // process started (its hours by its supervisors, its phone by the national administrator).
      return await requestTyped(
        this.rpc,
        SchedulingApi.publicOffice,
        { code: wanted },
        { correlationId: currentCorrelationId() },
      );
    } catch (error) {
      // While scheduling does not answer, the configured office's page still shows what
      // this process was started with.
      if (wanted !== this.office.code || (error as { code?: unknown }).code === 'OFFICE_NOT_FOUND') throw error;
      const { name, phone, hours } = this.office;
      return {
        code: this.office.code,
        name,
        phone,
        hours: { open: hours.open, close: hours.close, slotMinutes: hours.slotMinutes },
      };
    }
  }
}
