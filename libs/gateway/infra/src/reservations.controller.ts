import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { RpcClient } from '@soudan/messaging';
import { AppError, currentCorrelationId, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import { SchedulingPatterns, type RequestReservationPayload, type RequestReservationResult } from '@soudan/scheduling-contracts';
import { Roles } from './auth/roles';
import { CreatedReservationDto, CreateReservationDto } from './reservation.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

@ApiTags('seeker')
@Controller('reservations')
export class ReservationsController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  @Post()
  @Roles('seeker')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key again returns the same reservation' })
  @ApiCreatedResponse({ type: CreatedReservationDto })
  async create(@Body() body: CreateReservationDto, @Headers('idempotency-key') idempotencyKey?: string): Promise<RequestReservationResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AppError('IDEMPOTENCY_KEY_INVALID', 400, 'invalid Idempotency-Key header');
    }
    const payload: RequestReservationPayload = { ...body, officeCode: this.office.code, idempotencyKey };
    return this.rpc.request<RequestReservationResult>(SchedulingPatterns.requestReservation, payload, { correlationId: currentCorrelationId() });
  }
}
