// Public routes: availability and the terms in force.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RpcClient } from '@soudan/messaging';
import { AppError, currentCorrelationId, RPC_CLIENT } from '@soudan/platform';
import { SchedulingPatterns, type SlotAvailability } from '@soudan/scheduling-contracts';
import { Public } from '../auth/roles';
import { calendarDate } from './dates';
import { AvailabilityQueryDto } from './scheduling.dto';

const MAX_DAYS = 92;

@ApiTags('public')
@Controller()
export class PublicSchedulingController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get('availability')
  @Public()
  availability(@Query() query: AvailabilityQueryDto): Promise<{ slots: SlotAvailability[] }> {
    const from = calendarDate('from', query.from);
    const to = calendarDate('to', query.to);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) throw new AppError('VALIDATION_FAILED', 400, 'to is before from', { fields: { to: ['to must not be before from'] } });
    if (days > MAX_DAYS) throw new AppError('VALIDATION_FAILED', 400, `at most ${MAX_DAYS} days at once`, { fields: { to: [`at most ${MAX_DAYS} days after from`] } });
    return this.rpc.request(SchedulingPatterns.availability, { from, to }, { correlationId: currentCorrelationId() });
  }

  @Get('terms/current')
  @Public()
  async terms() {
    const current = await this.rpc.request<{ version: string; effectiveFrom: string; body: string; changeSummary: string; upcoming: unknown[] }>(SchedulingPatterns.currentTerms, {}, {
      correlationId: currentCorrelationId(),
    });
    return current;
  }
}
