// Seeker routes of api.md: a seeker works only with their own reservations.
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type RpcClient, requestTyped, type RpcContract } from '@soudan/messaging';
import { AppError, currentCorrelationId, OFFICE, RPC_CLIENT, type OfficeSettings } from '@soudan/platform';
import {
  SchedulingApi,
  type RequestReservationPayload,
  type RequestReservationResult,
  type ReservationView,
  type SeekerReservationView,
} from '@soudan/scheduling-contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/roles';
import { ApiErrors } from '../auth/api-errors';
import { CreatedReservationDto, CreateReservationDto } from './reservation.dto';
import { ConsentResultDto, ReservationListDto, ReservationViewDto, SeekerReservationViewDto } from './seeker-views.dto';
import { ConsentDto, SeekerCancellationDto } from './scheduling.dto';
import { reservationId } from './ids';
import { officeOfNumber, type SharedLimit } from '@soudan/identity-infra';
import { SEEKER_REQUEST_LIMIT } from '../auth/gateway-options';
import { SeekerTurns } from './seeker-turns';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

export function seekerOf(principal: Principal | undefined): Extract<Principal, { kind: 'seeker' }> {
  if (principal?.kind !== 'seeker') throw new AppError('UNAUTHENTICATED', 401, 'sign in as a job seeker');
  return principal;
}

@ApiTags('seeker')
@ApiBearerAuth()
@Controller('reservations')
export class SeekerReservationsController {
  private readonly turns = new SeekerTurns();

  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(SEEKER_REQUEST_LIMIT) private readonly requestLimit: SharedLimit,
  ) {}

  private call<Req, Res>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return requestTyped(this.rpc, contract, payload, { correlationId: currentCorrelationId() });
  }

  @Post()
  @Roles('seeker')
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'The same key again returns the same reservation',
  })
  @ApiCreatedResponse({ type: CreatedReservationDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_INVALID',
    'IDEMPOTENCY_KEY_REUSED',
    'LEAD_TIME',
    'NOT_BUSINESS_DAY',
    'OUTSIDE_HOURS',
    'SLOT_IN_PAST',
    'SLOT_FULL',
    'NOT_ELIGIBLE',
    'SUSPENDED',
    'OFFICE_NOT_SERVED',
  )
  async create(
    @Body() body: CreateReservationDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RequestReservationResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AppError('IDEMPOTENCY_KEY_INVALID', 400, 'invalid Idempotency-Key header');
    }
    // The job seeker number is the signed-in seeker's; a different one in the body is refused.
    const signedIn = principal?.kind === 'seeker' ? principal.jobSeekerNumber : undefined;
    if (signedIn && body.jobSeekerNumber && body.jobSeekerNumber !== signedIn) {
      throw new AppError('FORBIDDEN', 403, 'a seeker can only request for themselves');
    }
    const jobSeekerNumber = signedIn ?? body.jobSeekerNumber;
    if (!jobSeekerNumber) throw new AppError('UNAUTHENTICATED', 401, 'sign in as a job seeker');
    return this.turns.run(jobSeekerNumber, () => this.request(jobSeekerNumber, body, principal, idempotencyKey));
  }

  private async request(
    jobSeekerNumber: string,
    body: CreateReservationDto,
    principal: Principal | undefined,
    idempotencyKey: string | undefined,
  ): Promise<RequestReservationResult> {
    await this.requestLimit.take(jobSeekerNumber);
    const payload: RequestReservationPayload & { actor: string } = {
      ...body,
      jobSeekerNumber,
      officeCode: officeOfNumber(jobSeekerNumber, this.office.code),
      idempotencyKey,
      actor: `seeker:${principal?.kind === 'seeker' ? principal.seekerId : 'unauthenticated'}`,
    };
    return this.call(SchedulingApi.requestReservation, payload);
  }

  @Get()
  @Roles('seeker')
  @ApiOkResponse({ type: ReservationListDto, description: "The signed-in seeker's reservations" })
  async list(@CurrentPrincipal() principal: Principal | undefined): Promise<{ reservations: SeekerReservationView[] }> {
    const seeker = seekerOf(principal);
    return {
      reservations: await this.call(SchedulingApi.listMyReservations, {
        actor: `seeker:${seeker.seekerId}`,
        seekerId: seeker.seekerId,
      }),
    };
  }

  @Get(':id')
  @Roles('seeker')
  @ApiOkResponse({
    type: SeekerReservationViewDto,
    description: 'The reservation with its timeline, the dates that matter and what the seeker may do now',
  })
  @ApiErrors('RESERVATION_NOT_FOUND')
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<SeekerReservationView> {
    const seeker = seekerOf(principal);
    return this.call(SchedulingApi.getReservation, {
      reservationId: reservationId(id),
      actor: `seeker:${seeker.seekerId}`,
      seekerId: seeker.seekerId,
    });
  }

  @Post(':id/consent')
  @Roles('seeker')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentResultDto })
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND', 'CONFIRMATION_DEADLINE_PASSED', 'SLOT_FULL', 'INVALID_STATE')
  async consent(
    @Param('id') id: string,
    @Body() body: ConsentDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<{ status: string }> {
    const seeker = seekerOf(principal);
    const result = await this.call(SchedulingApi.consent, {
      reservationId: reservationId(id),
      slot: body.slot,
      termsVersion: body.termsVersion,
      channel: 'web',
      actor: `seeker:${seeker.seekerId}`,
      seekerId: seeker.seekerId,
    });
    return { status: result.status };
  }

  @Post(':id/cancellation')
  @Roles('seeker')
  @HttpCode(200)
  @ApiOkResponse({ type: ReservationViewDto })
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND', 'SAME_DAY_PHONE_ONLY', 'ALREADY_CANCELLED', 'INVALID_STATE')
  cancel(
    @Param('id') id: string,
    @Body() body: SeekerCancellationDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<ReservationView> {
    const seeker = seekerOf(principal);
    return this.call(SchedulingApi.cancelBySeeker, {
      reservationId: reservationId(id),
      reason: body.reason,
      actor: `seeker:${seeker.seekerId}`,
      seekerId: seeker.seekerId,
    });
  }
}
