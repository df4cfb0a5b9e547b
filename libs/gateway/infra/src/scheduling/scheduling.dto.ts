import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OFFICE_CODE = /^\d{5}$/;

/** R70-R72: an office by its five-digit code. */
export const OfficeCodeProperty = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: '16070', description }),
    IsOptional(),
    Matches(OFFICE_CODE, { message: 'office must be a five-digit office code' }),
  );
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

export class ConsentDto {
  @ApiProperty({ example: '2026-12-09T10:00:00+09:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'slot needs an offset, e.g. +09:00' })
  slot!: string;

  @ApiProperty({ example: '2023-04-01', description: 'The terms version of the offer (R13)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  termsVersion!: string;
}

export class SeekerCancellationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class OfferDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 3, example: ['2026-12-09T10:00:00+09:00'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsISO8601({ strict: true }, { each: true })
  @Matches(WITH_OFFSET, { each: true, message: 'each slot needs an offset, e.g. +09:00' })
  slots!: string[];
}

export class RejectDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}

export class TerminateDto {
  @ApiProperty({ description: 'R21: threats, abuse or non-job use' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class StaffCancellationDto {
  @ApiProperty({ enum: ['phone', 'email'] }) @IsIn(['phone', 'email']) channel!: 'phone' | 'email';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class FollowUpDto {
  @ApiProperty({ example: '2026-12-16T10:00:00+09:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'slot needs an offset, e.g. +09:00' })
  slot!: string;

  @ApiPropertyOptional({ description: 'R16: why the 2-business-day lead time does not apply' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  overrideReason?: string;
}

export class CapacityDto {
  @ApiPropertyOptional({ description: '1 (Monday) to 5 (Friday)' })
  @ValidateIf((o: CapacityDto) => o.date === undefined)
  @IsInt()
  @Min(1)
  @Max(5)
  weekday?: number;

  @ApiPropertyOptional({ example: '2026-12-09' })
  @ValidateIf((o: CapacityDto) => o.weekday === undefined)
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;

  @ApiProperty({ example: { '10:00': 2, '10:30': 1 } })
  @IsObject()
  slots!: Record<string, number>;

  @OfficeCodeProperty('R70, R72: the office whose capacity this is; required only of a member of several offices')
  office?: string;
}

export class CapacityQueryDto {
  @OfficeCodeProperty(
    "R72: the office whose capacity to show (one the member works for); the member's only office, else the configured office, when absent",
  )
  office?: string;
}

/** Counts by slot start time (HH:mm, Japan time), as an object of whole numbers. */
const COUNTS = { type: 'object', additionalProperties: { type: 'integer', minimum: 0, maximum: 100 } } as const;

/** R4: the answer of GET /staff/capacity (the OpenAPI description; scheduling answers it as it is). */
export class CapacityViewDoc {
  @ApiProperty({ example: '16070' }) office!: string;
  @ApiProperty({ example: 1, description: 'The count of a slot that neither its date nor its weekday sets' })
  defaultCapacity!: number;
  @ApiProperty({
    type: [String],
    example: ['10:00', '10:30', '11:00'],
    description: "The office's slot start times (Japan time): the keys a count may have",
  })
  slotTimes!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: COUNTS,
    example: { '1': { '10:00': 2, '10:30': 1 } },
    description: 'By ISO weekday ("1" Monday to "5" Friday): the counts set; a time left out takes the default',
  })
  weekdays!: Record<string, Record<string, number>>;
  @ApiProperty({
    type: 'object',
    additionalProperties: COUNTS,
    example: { '2026-12-24': { '10:00': 0 } },
    description:
      "By date, from today (Japan time) on: the overrides set; a time left out takes its weekday's count, else the default",
  })
  dates!: Record<string, Record<string, number>>;
}

export class TermsDto {
  @ApiProperty({ example: '2027-04-01' }) @IsString() @Matches(/^[A-Za-z0-9._-]{1,64}$/) version!: string;
  @ApiProperty({ example: '2027-04-01T00:00:00+09:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'effectiveFrom needs an offset, e.g. +09:00' })
  effectiveFrom!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200_000) body!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) changeSummary!: string;
  @OfficeCodeProperty('R73: the office whose terms these are; required only of a member of several offices')
  office?: string;
}

export class AvailabilityQueryDto {
  @ApiProperty({ example: '2026-12-01' }) @Matches(DATE, { message: 'from must be YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-12-31' }) @Matches(DATE, { message: 'to must be YYYY-MM-DD' }) to!: string;
  @OfficeCodeProperty(
    "R71: the office whose slots to show (a seeker's is the first five digits of their number); the configured office when absent",
  )
  office?: string;
}

export class StaffReservationsQueryDto {
  @ApiPropertyOptional({
    enum: [
      'requested',
      'offered',
      'confirmed',
      'invited',
      'in_session',
      'completed',
      'cancelled',
      'no_show',
      'lapsed',
      'rejected',
      'terminated',
    ],
  })
  @IsOptional()
  @IsIn([
    'requested',
    'offered',
    'confirmed',
    'invited',
    'in_session',
    'completed',
    'cancelled',
    'no_show',
    'lapsed',
    'rejected',
    'terminated',
  ])
  status?: string;

  @ApiPropertyOptional({ example: '2026-12-09' })
  @IsOptional()
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({
    example: 'K7P-4XA',
    description: 'R17: the reservation number a seeker reads out on the phone (case, spaces and hyphens do not matter)',
  })
  @IsOptional()
  @Matches(/^[\s\-0-9A-Za-z０-９Ａ-Ｚａ-ｚ‐－ー]{6,12}$/, {
    message: 'number must be a reservation number such as K7P-4XA',
  })
  number?: string;

  @OfficeCodeProperty('R72: only this office (one the member works for); all of theirs when absent')
  office?: string;
}

export class ScheduleQueryDto {
  @ApiProperty({ example: '2026-12-09' }) @Matches(DATE, { message: 'date must be YYYY-MM-DD' }) date!: string;
  @OfficeCodeProperty('R72: only this office (one the member works for); all of theirs when absent')
  office?: string;
}
