import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AuditPatterns, type AuditEventsPage } from '@soudan/audit-contracts';
import type { RpcClient } from '@soudan/messaging';
import { currentCorrelationId, RPC_CLIENT } from '@soudan/platform';
import { ApiErrors } from './auth/api-errors';
import { Roles } from './auth/roles';

const CATEGORIES = ['reservation', 'eligibility', 'notification', 'access', 'terms', 'disclosure', 'other'];

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'Continue after this position (the `next` of the previous page)', example: '1048577' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'from must be a position returned as next' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'R51: the purpose category; `access` is the gateway access record (R50)' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+09:00' }) @IsOptional() @IsISO8601({ strict: true }) since?: string;
  @ApiPropertyOptional({ example: '2026-12-02T00:00:00+09:00' }) @IsOptional() @IsISO8601({ strict: true }) until?: string;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get('events')
  @Roles('auditor')
  @ApiOkResponse({ description: '`{ events: [{ position, stream, type, at, data }], next }`; device data pseudonymized (R52)' })
  @ApiErrors('VALIDATION_FAILED')
  events(@Query() query: AuditEventsQueryDto): Promise<AuditEventsPage> {
    const normalized = {
      ...query,
      since: query.since ? new Date(query.since).toISOString() : undefined,
      until: query.until ? new Date(query.until).toISOString() : undefined,
    };
    return this.rpc.request<AuditEventsPage>(AuditPatterns.listEvents, normalized, { correlationId: currentCorrelationId() });
  }
}
