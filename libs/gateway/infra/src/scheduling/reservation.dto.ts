import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SEEKER_LANGUAGES, type SeekerLanguage } from '@soudan/eligibility-contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** An instant with an explicit offset: `2026-12-02T10:00:00+09:00` or `...Z`. */
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
/** No control characters: a value that ends up in a mail header must stay one line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ONE_LINE = /^[^\r\n\u0000-\u001f]*$/;

export class DevicesDto {
  @ApiProperty() @IsBoolean() camera!: boolean;
  @ApiProperty() @IsBoolean() microphone!: boolean;
  @ApiProperty() @IsBoolean() speaker!: boolean;
}

/** R41: the six points of Art. 5. */
export class EnvironmentDto {
  @ApiProperty() @IsBoolean() safeDevice!: boolean;
  @ApiProperty() @IsBoolean() noPublicWifi!: boolean;
  @ApiProperty() @IsBoolean() supportedOs!: boolean;
  @ApiProperty() @IsBoolean() firewallOn!: boolean;
  @ApiProperty() @IsBoolean() noFileSharing!: boolean;
  @ApiProperty() @IsBoolean() antivirusCurrent!: boolean;
}

export class AttendeeDto {
  @ApiProperty({ enum: ['interpreter', 'caregiver'] }) @IsIn(['interpreter', 'caregiver']) kind!:
    'interpreter' | 'caregiver';
  @ApiProperty() @IsString() @MaxLength(500) note!: string;
}

/** R10: what a request carries. */
export class CreateReservationDto {
  @ApiPropertyOptional({
    description: 'Job seeker number NNNNN-NNNNNNNN (taken from the sign-in once it exists)',
    example: '16070-12345678',
  })
  @IsOptional()
  @Matches(/^\d{5}-\d{8}$/, { message: 'jobSeekerNumber must look like 16070-12345678' })
  jobSeekerNumber?: string;

  @ApiProperty({ example: '滑川 太郎' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(ONE_LINE, { message: 'name must be a single line' })
  name!: string;

  @ApiProperty({ example: 'taro@example.jp' })
  @IsEmail()
  @MaxLength(254)
  @Matches(ONE_LINE, { message: 'email must be a single line' })
  email!: string;

  @ApiProperty({ type: [String], example: ['2026-12-02T10:00:00+09:00'], minItems: 1, maxItems: 3 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsISO8601({ strict: true }, { each: true })
  @Matches(WITH_OFFSET, { each: true, message: 'each desired slot needs an offset, e.g. +09:00' })
  desiredSlots!: string[];

  @ApiProperty({ example: '応募書類の書き方について' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  topic!: string;

  @ApiProperty({ example: '子育て中で来所が難しいため' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  onlineReason!: string;

  @ApiProperty({ type: DevicesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DevicesDto)
  devices!: DevicesDto;

  @ApiProperty({ type: EnvironmentDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => EnvironmentDto)
  environment!: EnvironmentDto;

  @ApiPropertyOptional({ type: AttendeeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AttendeeDto)
  attendee?: AttendeeDto;

  @ApiPropertyOptional({
    enum: [...SEEKER_LANGUAGES],
    description:
      "R63: language of the e-mails, kept with the seeker like PUT /seeker/preferences (default: the seeker's, else ja)",
  })
  @IsOptional()
  @IsIn([...SEEKER_LANGUAGES])
  language?: SeekerLanguage;
}

export class CreatedReservationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'requested' }) status!: string;
  @ApiProperty({
    example: 'K7P-4XA',
    description: 'R17: the reservation number to read out on the phone (unique in the office; 受付番号 in every mail)',
  })
  number!: string;
}
