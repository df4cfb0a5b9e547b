// Input and answers of the audit routes (api.md "Audit"), validated at the edge and
// described for OpenAPI. The audit service checks everything again.
import { OfficeCodeProperty } from './scheduling/scheduling.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AUDIT_CATEGORIES } from '@soudan/audit-contracts';

const POSITION = /^\d{1,15}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ONE_LINE = /^\P{Cc}*$/u;

export class AuditEventsQueryDto {
  @ApiPropertyOptional({
    description: 'Continue after this position (the `next` of the previous page)',
    example: '1000',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'from must be a position returned as next, e.g. 1000' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({
    enum: AUDIT_CATEGORIES,
    description:
      'R51: the purpose category; `access` is the gateway access record (R50), `disclosure` the disclosure steps (R52)',
  })
  @IsOptional()
  @IsIn(AUDIT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00+09:00',
    description: 'Inclusive: records at or after this instant',
  })
  @IsOptional()
  @Matches(INSTANT, { message: 'since must be an ISO-8601 instant with offset, e.g. 2026-12-01T00:00:00+09:00' })
  since?: string;

  @ApiPropertyOptional({ example: '2026-12-02T00:00:00+09:00', description: 'Exclusive: records before this instant' })
  @IsOptional()
  @Matches(INSTANT, { message: 'until must be an ISO-8601 instant with offset, e.g. 2026-12-02T00:00:00+09:00' })
  until?: string;
}

export class AuditEventDto {
  @ApiProperty({ example: '42', description: 'Position in the audit trail (0, 1, 2, ... in recording order)' })
  position!: string;
  @ApiProperty({ example: 'reservation-6f1c…' }) stream!: string;
  @ApiProperty({ example: 'ReservationRequested' }) type!: string;
  @ApiProperty({ example: '2026-12-01T01:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 'scheduling' }) context!: string;
  @ApiProperty({ enum: AUDIT_CATEGORIES }) category!: string;
  @ApiProperty({ example: 'operations', description: 'R51: the purpose the record serves' }) purpose!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event data; device data as keyed pseudonyms only (R52), join links redacted',
  })
  data!: Record<string, unknown>;
}

export class AuditEventsPageDto {
  @ApiProperty({ type: [AuditEventDto] }) events!: AuditEventDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `from` for the next page; null when no further record matches (yet)',
  })
  next!: string | null;
}

export class IntegrityQueryDto {
  @ApiPropertyOptional({
    description: 'Resume after this position (the `next` of an answer that stopped early)',
    example: '200000',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'from must be a position returned as next, e.g. 200000' })
  from?: string;
}

export class IntegrityReportDto {
  @ApiProperty({ description: 'True when every record examined is where it should be and unchanged' }) ok!: boolean;
  @ApiProperty({ example: 1024 }) checked!: number;
  @ApiPropertyOptional({
    example: '17',
    description: 'The first position that is missing, altered, unlinked or misplaced',
  })
  firstBadPosition?: string;
  @ApiPropertyOptional({ enum: ['missing', 'altered', 'unlinked', 'misplaced'] }) problem?: string;
  @ApiPropertyOptional({ example: 1, description: 'How many bad positions were found' }) badPositions?: number;
  @ApiProperty({
    example: '9f86d0…',
    description: 'SHA-256 of the last record examined; keep it to notice a later rewrite',
  })
  lastHash!: string;
  @ApiPropertyOptional({
    description: 'Present when the check stopped early to answer in time: pass as `from` to go on',
  })
  next?: string;
}

export class UsageQueryDto {
  @ApiProperty({ example: '2026-12', description: 'YYYY-MM, Japan time' })
  @IsDefined({ message: 'month is required, e.g. 2026-12' })
  @Matches(MONTH, { message: 'month must look like 2026-12 (YYYY-MM, month 01-12)' })
  month!: string;

  @OfficeCodeProperty("R74: one of the auditor's offices; all of theirs when absent")
  office?: string;
}

class SlotCountsDto {
  @ApiProperty() desired!: number;
  @ApiProperty() offered!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() followUps!: number;
  @ApiProperty() joined!: number;
  @ApiProperty() checkedIn!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() noShows!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() terminated!: number;
}

export class SlotUsageDto extends SlotCountsDto {
  @ApiProperty({ example: '10:00', description: 'Start of the slot, Japan time' }) start!: string;
}

export class DayUsageDto {
  @ApiProperty({ example: '2026-12-09' }) date!: string;
  @ApiProperty({ description: 'Requests received that day' }) requests!: number;
  @ApiProperty() lapsed!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'Requests cancelled before a slot was booked' }) withdrawn!: number;
  @ApiProperty({ type: [SlotUsageDto] }) slots!: SlotUsageDto[];
}

export class UsageTotalsDto extends SlotCountsDto {
  @ApiProperty() requests!: number;
  @ApiProperty() lapsed!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() withdrawn!: number;
}

export class UsageReportDto {
  @ApiProperty({ example: '2026-12' }) month!: string;
  @ApiProperty({ example: 'Asia/Tokyo' }) timeZone!: string;
  @ApiProperty({ example: ['16070'], description: "R74: the offices counted ('*': every office)" })
  offices!: string[];
  @ApiProperty({
    type: [DayUsageDto],
    description: 'Days with anything to count, in order; counts only, no personal data',
  })
  days!: DayUsageDto[];
  @ApiProperty({ type: UsageTotalsDto }) totals!: UsageTotalsDto;
}

export class DisclosureScopeDto {
  @ApiPropertyOptional({
    example: '16070-12345678',
    description:
      'The job seeker the records are about; full-width digits and dash variants are accepted. Kept only as the pseudonym events carry (R54).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  jobSeekerNumber?: string;

  @ApiProperty({ example: '2026-12-01', description: 'First day, Japan time' })
  @IsDefined()
  @Matches(DATE, { message: 'from must be a date such as 2026-12-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-14', description: 'Last day (inclusive), Japan time, not after today' })
  @IsDefined()
  @Matches(DATE, { message: 'to must be a date such as 2026-12-14' })
  to!: string;

  @ApiPropertyOptional({
    example: '16070',
    description:
      "R74: the office whose records it covers (the job seeker's office when one is named; else the supervisor's only office, or '*' for a national one)",
  })
  @IsOptional()
  @Matches(/^(\d{5}|\*)$/, { message: 'office must be a five-digit office code or *' })
  office?: string;
}

export class RequestDisclosureDto {
  @ApiProperty({ example: '富山県警察本部', description: 'The public authority that asks (Art. 7(2))' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'authority must be a single line' })
  authority!: string;

  @ApiProperty({ example: '刑事訴訟法第197条第2項', description: 'The provision the request rests on' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  legalBasis!: string;

  @ApiProperty({ type: DisclosureScopeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DisclosureScopeDto)
  scope!: DisclosureScopeDto;
}

export class DisclosureRecordsQueryDto {
  @ApiPropertyOptional({
    description: 'Continue after this position (the `next` of the previous page of records)',
    example: '1000',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'from must be a position returned as next, e.g. 1000' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

class DisclosureScopeViewDto {
  @ApiPropertyOptional({ description: 'Pseudonymous seeker id (R54)' }) seekerId?: string;
  @ApiProperty({ example: '2026-12-01' }) from!: string;
  @ApiProperty({ example: '2026-12-14' }) to!: string;
  @ApiPropertyOptional({
    example: '16070',
    description: "R74: the office it covers ('*': every office); absent on a disclosure of before offices",
  })
  office?: string;
}

class RawDeviceDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '203.0.113.7' }) ip?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Mozilla/5.0 …' }) userAgent?: string | null;
  @ApiPropertyOptional({
    enum: ['UNREADABLE'],
    description: 'The sealed value could not be opened (altered, or sealed under another key)',
  })
  error?: string;
}

export class DisclosedRecordDto extends AuditEventDto {
  @ApiPropertyOptional({ type: RawDeviceDto, description: 'R52: the raw device identification data' })
  device?: RawDeviceDto;
}

export class DisclosureViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['requested', 'approved'] }) status!: string;
  @ApiProperty() authority!: string;
  @ApiProperty() legalBasis!: string;
  @ApiProperty({ type: DisclosureScopeViewDto }) scope!: DisclosureScopeViewDto;
  @ApiProperty({ example: 'staff:sato' }) requestedBy!: string;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ example: 'staff:kato' }) approvedBy?: string;
  @ApiPropertyOptional() approvedAt?: string;
  @ApiPropertyOptional({
    type: [DisclosedRecordDto],
    description: 'Only once approved: the records in scope that carry device data; each showing is itself recorded',
  })
  records?: DisclosedRecordDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) next?: string | null;
}

export class DisclosureListQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'approved'],
    description:
      '`pending`: waiting for a second supervisor (status `requested`); `approved`: approved. Both when absent.',
  })
  @IsOptional()
  @IsIn(['pending', 'approved'], { message: 'status must be pending or approved' })
  status?: 'pending' | 'approved';
}

export class DisclosureSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '16070', description: "R74: the office it covers ('*': every office)" }) office!: string;
  @ApiProperty({ enum: ['requested', 'approved'] }) status!: string;
  @ApiProperty() authority!: string;
  @ApiProperty() legalBasis!: string;
  @ApiProperty({ type: DisclosureScopeViewDto }) scope!: DisclosureScopeViewDto;
  @ApiProperty({ example: 'staff:sato' }) requestedBy!: string;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ example: 'staff:kato' }) approvedBy?: string;
  @ApiPropertyOptional() approvedAt?: string;
}

export class DisclosureListDto {
  @ApiProperty({
    type: [DisclosureSummaryDto],
    description: 'Newest request first; requests and approvals only, never a record or device data',
  })
  disclosures!: DisclosureSummaryDto[];
}
