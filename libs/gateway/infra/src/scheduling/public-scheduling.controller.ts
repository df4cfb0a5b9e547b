// Public routes: availability and the terms in force.
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors } from '../auth/api-errors';
import { requestTyped, type RpcClient } from '@soudan/messaging';
import { AppError, currentCorrelationId, RPC_CLIENT } from '@soudan/platform';
import { SchedulingApi } from '@soudan/scheduling-contracts';
import { Public } from '../auth/roles';
import { calendarDate } from './dates';
import { AvailabilityQueryDto } from './scheduling.dto';
import { AvailabilityDto, CurrentTermsDto } from './seeker-views.dto';
import { termsPage } from './terms-page';
import { officeCodeParam } from './ids';

const MAX_DAYS = 92;

@ApiTags('public')
@Controller()
export class PublicSchedulingController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get('availability')
  @Public()
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_NOT_SERVED')
  availability(@Query() query: AvailabilityQueryDto): Promise<AvailabilityDto> {
    const from = calendarDate('from', query.from);
    const to = calendarDate('to', query.to);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0)
      throw new AppError('VALIDATION_FAILED', 400, 'to is before from', {
        fields: { to: ['to must not be before from'] },
      });
    if (days > MAX_DAYS)
      throw new AppError('VALIDATION_FAILED', 400, `at most ${MAX_DAYS} days at once`, {
        fields: { to: [`at most ${MAX_DAYS} days after from`] },
      });
    return requestTyped(
      this.rpc,
      SchedulingApi.availability,
      { from, to, ...(query.office ? { officeCode: query.office } : {}) },
      { correlationId: currentCorrelationId() },
    );
  }

  @Get('terms/current')
  @Public()
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    type: CurrentTermsDto,
    description: 'R30, R32: the terms in force; as a page to read with Accept: text/html',
  })
  @ApiQuery({
    name: 'office',
    required: false,
    description:
      "R73: the office whose terms to show (a seeker's is the first five digits of their number); the configured office when absent",
  })
  @ApiErrors('VALIDATION_FAILED', 'OFFICE_NOT_SERVED')
  async terms(@Req() request: Request, @Res() response: Response, @Query('office') office?: string): Promise<void> {
    if (office !== undefined) officeCodeParam('office', office);
    const terms = await requestTyped(this.rpc, SchedulingApi.currentTerms, office ? { officeCode: office } : {}, {
      correlationId: currentCorrelationId(),
    });
    if (request.accepts(['application/json', 'text/html']) === 'text/html')
      response.status(200).type('html').send(termsPage(terms));
    else response.status(200).json(terms);
  }
}
