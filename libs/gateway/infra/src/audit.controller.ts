import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AuditPatterns, type AuditEventsPage } from '@soudan/audit-contracts';
import type { RpcClient } from '@soudan/messaging';
import { currentCorrelationId, RPC_CLIENT } from '@soudan/platform';
import { Roles } from './auth/roles';

export class AuditEventsQueryDto {
  @IsOptional() @Matches(/^\d{1,20}$/, { message: 'from must be a position returned as next' }) from?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @IsOptional() @IsIn(['reservation', 'eligibility', 'notification', 'access', 'terms', 'disclosure', 'other']) category?: string;
  @IsOptional() @IsISO8601({ strict: true }) since?: string;
  @IsOptional() @IsISO8601({ strict: true }) until?: string;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get('events')
  @Roles('auditor')
  events(@Query() query: AuditEventsQueryDto): Promise<AuditEventsPage> {
    const normalized = {
      ...query,
      since: query.since ? new Date(query.since).toISOString() : undefined,
      until: query.until ? new Date(query.until).toISOString() : undefined,
    };
    return this.rpc.request<AuditEventsPage>(AuditPatterns.listEvents, normalized, { correlationId: currentCorrelationId() });
  }
}
