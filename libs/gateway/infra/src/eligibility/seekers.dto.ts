import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SEEKER_STATUSES } from '@soudan/eligibility-contracts';
import { IMPORT_MODES, type ImportMode } from './roster-importer';
import { OfficeCodeProperty } from '../scheduling/scheduling.dto';

const ONE_LINE = /^\P{Cc}*$/u;
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** One roster entry; eligibility normalises the number (full-width digits, dash variants) and checks each field. */
export class RegisterSeekerDto {
  @ApiProperty({
    example: '16070-12345678',
    description: 'NNNNN-NNNNNNNN; full-width digits and dash variants are accepted',
  })
  @IsString()
  @MaxLength(64)
  jobSeekerNumber!: string;

  @ApiProperty({ example: '滑川 太郎' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'name must be a single line' })
  name!: string;

  @ApiProperty({ example: 'taro@example.jp' })
  @IsString()
  @MaxLength(254)
  @Matches(ONE_LINE, { message: 'email must be a single line' })
  email!: string;

  @ApiProperty({ example: '16070', description: 'The office that serves the seeker (R40 b)' })
  @IsString()
  @MaxLength(16)
  officeCode!: string;

  @ApiProperty({ enum: SEEKER_STATUSES, description: 'R40(a): registered, or about to register and approved by staff' })
  @IsIn(SEEKER_STATUSES)
  status!: (typeof SEEKER_STATUSES)[number];
}

export class RegisteredSeekerDto {
  @ApiProperty({ description: 'Pseudonymous id (HMAC of the number); what events carry' }) seekerId!: string;
  @ApiProperty({ example: '16070-12345678' }) jobSeekerNumber!: string;
  @ApiProperty({ enum: ['registered', 'updated', 'unchanged'] }) outcome!: string;
}

export class RosterImportQueryDto {
  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'all-or-nothing',
    description:
      'all-or-nothing: any bad row and nothing is imported (422); good-rows: import the good rows, report the bad ones',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description:
      'true: check the file and answer what an import would do (goodRows, willImport, every refused row with its reasons) without writing anything; 200 even when rows are refused',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class RosterRowProblemDto {
  @ApiProperty({ example: 'JOB_SEEKER_NUMBER_INVALID' }) code!: string;
  @ApiPropertyOptional({ example: 'jobSeekerNumber' }) field?: string;
  @ApiPropertyOptional({ example: '求職番号は 16070-12345678 の形式で入力してください。' }) message?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
}

export class RosterRejectedRowDto {
  @ApiProperty({ example: 3, description: 'Line of the file where the row starts (header = 1)' }) line!: number;
  @ApiProperty({ type: [RosterRowProblemDto] }) reasons!: RosterRowProblemDto[];
}

export class RosterImportResultDto {
  @ApiProperty({ description: 'Rows that registered or changed a seeker' }) imported!: number;
  @ApiProperty({ description: 'Rows that matched the roster already (a re-import changes nothing)' })
  unchanged!: number;
  @ApiProperty({ type: [RosterRejectedRowDto] }) rejected!: RosterRejectedRowDto[];
  @ApiProperty() rejectedCount!: number;
  @ApiProperty() registered!: number;
  @ApiProperty() updated!: number;
  @ApiProperty({ enum: ['utf-8', 'shift_jis'] }) encoding!: string;
  @ApiProperty({ description: 'Data rows in the file' }) rows!: number;
}

export class SuspendSeekerDto {
  @ApiProperty({ example: '無断キャンセルが続いたため', description: 'R42: a suspension has a reason' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({
    example: '2027-03-31',
    description:
      'Last day of the suspension (Japan time); it ends by itself at midnight after it. An instant with an offset is accepted too.',
  })
  @IsString()
  @Matches(DATE_OR_INSTANT, { message: 'until must be a date like 2027-03-31' })
  until!: string;
}

export class ReviewDismissalDto {
  @ApiPropertyOptional({ example: '事情を確認済み' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ErasureQueryDto {
  @ApiPropertyOptional({
    enum: ['request', 'retention'],
    default: 'request',
    description: 'Why the personal data is erased (R54)',
  })
  @IsOptional()
  @IsIn(['request', 'retention'])
  reason?: 'request' | 'retention';
}

export class RosterSearchQueryDto {
  @ApiPropertyOptional({
    example: '滑川',
    description: 'Part of a job seeker number or name (spaces, width and case ignored); every seeker when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ONE_LINE, { message: 'q must be a single line' })
  q?: string;

  @OfficeCodeProperty('R72: only this office (one the member works for); all of theirs when absent')
  office?: string;
}

class RosterSeekerDto {
  @ApiProperty({ example: '16070-12345678' }) jobSeekerNumber!: string;
  @ApiProperty({ example: '滑川 太郎' }) name!: string;
  @ApiProperty({ example: '16070', description: 'The office the roster lists them under' }) officeCode!: string;
  @ApiProperty({ enum: SEEKER_STATUSES }) status!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'R42: when a running suspension ends' })
  suspendedUntil?: string;
  @ApiProperty({ description: 'R19: no-shows within the review window' }) noShows!: number;
  @ApiProperty({ description: 'R19, R21: a review waits for a supervisor' }) review!: boolean;
}

export class RosterSearchResultDto {
  @ApiProperty({ type: [RosterSeekerDto], description: 'By number, at most 100' }) seekers!: RosterSeekerDto[];
  @ApiProperty({ description: 'How many matched in all' }) total!: number;
  @ApiProperty({ description: 'More matched than are listed: narrow the search' }) truncated!: boolean;
}
