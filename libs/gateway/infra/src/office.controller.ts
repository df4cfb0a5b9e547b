// Public: the office a seeker deals with, as the web app's start page and footer show it
// (hours, phone: the flyer's facts), so no page hard-codes one office's number (R70).
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OFFICE, type OfficeSettings } from '@soudan/platform';
import { Public } from './auth/roles';

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
  constructor(@Inject(OFFICE) private readonly office: OfficeSettings) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: OfficeDto, description: 'The office: name, phone and consultation hours' })
  get(): OfficeDto {
    const { code, name, phone, hours } = this.office;
    return { code, name, phone, hours: { open: hours.open, close: hours.close, slotMinutes: hours.slotMinutes } };
  }
}
