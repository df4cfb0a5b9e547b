// Staff routes of api.md for counsellors and supervisors.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { requestTyped, type NoRequest, type RpcClient, type RpcContract } from '@soudan/messaging';
import { EligibilityApi } from '@soudan/eligibility-contracts';
import { NotificationApi, type ResolveAlertResult } from '@soudan/notification-contracts';
import {
  AppError,
  CLOCK,
  currentCorrelationId,
  OFFICE,
  RPC_CLIENT,
  type Logger,
  LOGGER,
  type OfficeSettings,
} from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { ACCESS_ALERT_ID, AccessAlerts } from '@soudan/identity-infra';
import {
  SchedulingApi,
  type CapacityView,
  type ReservationView,
  type StaffReservationView,
} from '@soudan/scheduling-contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/roles';
import { AlertResolutionDto, AlertResolvedDoc, StaffAlertsDoc } from './alerts.dto';
import { calendarDate } from './dates';
import { reservationId } from './ids';
import { ofOffices } from '../eligibility/seekers.controller';
import { listScope, oneOffice, staffOffices, worksFor } from './staff-offices';
import {
  CapacityDto,
  CapacityQueryDto,
  CapacityViewDoc,
  FollowUpDto,
  OfferDto,
  RejectDto,
  ScheduleQueryDto,
  StaffCancellationDto,
  StaffReservationsQueryDto,
  TerminateDto,
  TermsDto,
} from './scheduling.dto';

const actorOf = (principal: Principal | undefined) =>
  principal?.kind === 'staff' ? `staff:${principal.username}` : 'staff:unknown';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffReservationsController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AccessAlerts) private readonly accessAlerts: AccessAlerts,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  /** R72: who acts, with the offices whose reservations they may work on. */
  private staff(principal: Principal | undefined) {
    return { actor: actorOf(principal), offices: staffOffices(principal, this.office.code) };
  }

  private call<Req, Res>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return requestTyped(this.rpc, contract, payload, { correlationId: currentCorrelationId() });
  }

  @Get('reservations')
  @Roles('counsellor', 'supervisor')
  async list(
    @Query() query: StaffReservationsQueryDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<{ reservations: StaffReservationView[] }> {
    if (query.date) calendarDate('date', query.date);
    const { office, ...filters } = query;
    const offices = listScope(principal, this.office.code, office);
    return { reservations: await this.call(SchedulingApi.listStaffReservations, { ...filters, offices }) };
  }

  @Post('reservations/:id/offer')
  @Roles('supervisor')
  @HttpCode(200)
  offer(
    @Param('id') id: string,
    @Body() body: OfferDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ReservationView> {
    return this.call(SchedulingApi.offer, {
      reservationId: reservationId(id),
      slots: body.slots,
      ...this.staff(principal),
    });
  }

  @Post('reservations/:id/rejection')
  @Roles('supervisor')
  @HttpCode(200)
  reject(
    @Param('id') id: string,
    @Body() body: RejectDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ReservationView> {
    return this.call(SchedulingApi.reject, {
      reservationId: reservationId(id),
      reason: body.reason,
      ...this.staff(principal),
    });
  }

  @Post('reservations/:id/check-in')
  @Roles('counsellor', 'supervisor')
  @HttpCode(200)
  checkIn(@Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<ReservationView> {
    return this.call(SchedulingApi.checkIn, { reservationId: reservationId(id), ...this.staff(principal) });
  }

  @Post('reservations/:id/complete')
  @Roles('counsellor', 'supervisor')
  @HttpCode(200)
  complete(@Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<ReservationView> {
    return this.call(SchedulingApi.complete, { reservationId: reservationId(id), ...this.staff(principal) });
  }

  @Post('reservations/:id/terminate')
  @Roles('counsellor', 'supervisor')
  @HttpCode(200)
  terminate(
    @Param('id') id: string,
    @Body() body: TerminateDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ReservationView> {
    return this.call(SchedulingApi.terminate, {
      reservationId: reservationId(id),
      reason: body.reason,
      ...this.staff(principal),
    });
  }

  @Post('reservations/:id/cancellation')
  @Roles('counsellor', 'supervisor')
  @HttpCode(200)
  cancel(
    @Param('id') id: string,
    @Body() body: StaffCancellationDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ReservationView> {
    return this.call(SchedulingApi.cancelByStaff, {
      reservationId: reservationId(id),
      channel: body.channel,
      note: body.note,
      ...this.staff(principal),
    });
  }

  @Post('reservations/:id/follow-up')
  @Roles('counsellor', 'supervisor')
  @HttpCode(201)
  followUp(
    @Param('id') id: string,
    @Body() body: FollowUpDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ReservationView> {
    return this.call(SchedulingApi.followUp, {
      reservationId: reservationId(id),
      slot: body.slot,
      overrideReason: body.overrideReason,
      ...this.staff(principal),
    });
  }

  @Get('schedule')
  @Roles('counsellor', 'supervisor')
  async schedule(@Query() query: ScheduleQueryDto, @CurrentPrincipal() principal?: Principal) {
    const sessions = await this.call(SchedulingApi.schedule, {
      date: calendarDate('date', query.date),
      offices: listScope(principal, this.office.code, query.office),
    });
    // "Sessions of the day with seeker": the name comes from eligibility's erasable store
    // (R54: staff roles may see it; an erased seeker or an unavailable service shows null).
    const names = new Map<string, string | null>();
    await Promise.all(
      [...new Set(sessions.map((s) => s.seekerId))].map(async (seekerId) => {
        try {
          const contact = await requestTyped(
            this.rpc,
            EligibilityApi.getContact,
            { seekerId },
            { correlationId: currentCorrelationId(), timeoutMs: 2000 },
          );
          names.set(seekerId, contact.erased ? null : contact.name);
        } catch (error) {
          this.logger.warn({ err: error }, 'seeker name unavailable for the schedule');
          names.set(seekerId, null);
        }
      }),
    );
    return { date: query.date, sessions: sessions.map((s) => ({ ...s, seekerName: names.get(s.seekerId) ?? null })) };
  }

  /** A part of the alerts another service answers for: without it the rest of the page still shows. */
  private async optional<T>(contract: RpcContract<NoRequest, T>, fallback: T, what: string): Promise<T> {
    try {
      return await requestTyped(this.rpc, contract, {}, { correlationId: currentCorrelationId(), timeoutMs: 2000 });
    } catch (error) {
      this.logger.warn({ err: error, pattern: contract.pattern }, `${what} unavailable for the alerts`);
      return fallback;
    }
  }

  @Get('alerts')
  @Roles('counsellor', 'supervisor')
  @ApiOperation({
    summary: 'Overdue requests, undeliverable mail, no-show reviews, dead letters, unreadable replies',
    description:
      'Overdue requests come from scheduling (an error there is the answer); the other lists are empty when their service does not answer. ' +
      'Undeliverable mail (R62) and dead letters are listed until a supervisor resolves them.',
  })
  @ApiOkResponse({ type: StaffAlertsDoc })
  alerts(@CurrentPrincipal() principal?: Principal) {
    return this.alertsOf(staffOffices(principal, this.office.code));
  }

  private async alertsOf(offices: string[]) {
    const [overdue, reviews, notification, unreadable, accessRecord] = await Promise.all([
      this.call(SchedulingApi.alerts, { offices }),
      this.optional(EligibilityApi.openReviews, [], 'no-show reviews'),
      this.optional(
        NotificationApi.alerts,
        { undeliverableMail: [], deadLetters: [] },
        'undeliverable mail and dead letters',
      ),
      this.optional(NotificationApi.unreadableReplies, [], 'unreadable replies'),
      // R50: the gateway's own; its store is the one this request is being recorded in.
      this.accessAlerts.list().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'access record alerts unavailable for the alerts');
        return [];
      }),
    ]);
    // R72: a member of some offices sees the mail and replies of those offices' reservations;
    // what concerns the deployment itself (dead letters, the access record, mail about no
    // reservation) goes to those who work for the configured office or nationally.
    const national = offices.includes('*');
    const home = worksFor(offices, this.office.code);
    const visible = national
      ? undefined
      : new Set(
          (await this.call(SchedulingApi.listStaffReservations, { offices })).map((r: StaffReservationView) => r.id),
        );
    const mine = (ids: Array<string | undefined>) => {
      const named = ids.filter((id): id is string => typeof id === 'string');
      return visible === undefined || (named.length === 0 ? home : named.some((id) => visible.has(id)));
    };
    return {
      overdueRequests: overdue,
      undeliverableMail: (notification.undeliverableMail ?? []).filter((m) =>
        mine([m.reservationId, ...(m.reservationIds ?? [])]),
      ),
      noShowReviews: ofOffices(reviews, offices, this.office.code),
      deadLetters: national || home ? (notification.deadLetters ?? []) : [],
      unreadableReplies: unreadable.filter((r) => mine([r.reservationId])),
      accessRecord: national || home ? accessRecord : [],
    };
  }

  @Post('alerts/:id/resolution')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Marks an undeliverable mail, a dead letter or an unreadable reply to an offer (R61) as dealt with; it leaves GET /staff/alerts',
  })
  @ApiOkResponse({ type: AlertResolvedDoc })
  @ApiNotFoundResponse({ description: 'ALERT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALERT_ALREADY_RESOLVED' })
  async resolveAlert(
    @Param('id') id: string,
    @Body() body: AlertResolutionDto,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<
    | ResolveAlertResult
    | { alertId: string; kind: 'unreadable-reply'; resolvedBy: string }
    | { alertId: string; kind: 'access-record'; resolvedBy: string; resolvedAt: string }
  > {
    // R72: another office's alert is not found (one no longer listed keeps its own answer).
    const offices = staffOffices(principal, this.office.code);
    if (!offices.includes('*')) {
      const idsOf = (alerts: Awaited<ReturnType<typeof this.alertsOf>>) =>
        new Set(
          [...alerts.undeliverableMail, ...alerts.deadLetters, ...alerts.unreadableReplies, ...alerts.accessRecord].map(
            (alert) => alert.id,
          ),
        );
      const [all, mine] = await Promise.all([this.alertsOf(['*']), this.alertsOf(offices)]);
      if (idsOf(all).has(id) && !idsOf(mine).has(id)) throw new AppError('ALERT_NOT_FOUND', 404, 'no such alert');
    }
    if (/^[0-9a-f]{32}$/.test(id)) {
      // R61: the staff queue of replies the system could not read.
      try {
        await this.call(NotificationApi.resolveUnreadableReply, { id, actor: actorOf(principal) });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'REPLY_NOT_FOUND')
          throw new AppError('ALERT_NOT_FOUND', 404, 'no such alert');
        throw error;
      }
      return { alertId: id, kind: 'unreadable-reply', resolvedBy: actorOf(principal) };
    }
    if (ACCESS_ALERT_ID.test(id)) {
      const resolved = await this.accessAlerts.resolve(id, actorOf(principal), this.clock.now(), body.note);
      return { alertId: id, kind: 'access-record', resolvedBy: resolved.resolvedBy, resolvedAt: resolved.resolvedAt };
    }
    if (!/^(mail|dl)-[0-9a-f]{24}$/.test(id)) throw new AppError('ALERT_NOT_FOUND', 404, 'no such alert');
    return this.call(NotificationApi.resolveAlert, {
      alertId: id,
      actor: actorOf(principal),
      ...(body.note ? { note: body.note } : {}),
    });
  }

  @Get('capacity')
  @Roles('counsellor', 'supervisor')
  @ApiOperation({
    summary: "R4: the capacity set for an office: each weekday's counts and the dates' overrides from today on",
    description:
      "A slot takes its date's count, else its weekday's, else `defaultCapacity`. R72: `office` must be one the member " +
      "works for (403 OFFICE_FORBIDDEN); without it, the member's only office, else the configured office (as PUT).",
  })
  @ApiOkResponse({ type: CapacityViewDoc })
  capacity(@Query() query: CapacityQueryDto, @CurrentPrincipal() principal?: Principal): Promise<CapacityView> {
    return this.call(SchedulingApi.getCapacity, { officeCode: oneOffice(principal, this.office.code, query.office) });
  }

  @Put('capacity')
  @Roles('supervisor')
  setCapacity(@Body() body: CapacityDto, @CurrentPrincipal() principal?: Principal) {
    // R4: a weekday's capacity or one date's override, not both at once.
    if (body.weekday !== undefined && body.date !== undefined) {
      throw new AppError('VALIDATION_FAILED', 400, 'give either weekday or date', {
        fields: { date: ['give either weekday or date, not both'] },
      });
    }
    if (body.date) calendarDate('date', body.date);
    return this.call(SchedulingApi.setCapacity, {
      officeCode: oneOffice(principal, this.office.code, body.office),
      weekday: body.weekday,
      date: body.date,
      slots: body.slots,
      actor: actorOf(principal),
    });
  }

  @Post('terms')
  @Roles('supervisor')
  @HttpCode(201)
  publishTerms(@Body() body: TermsDto, @CurrentPrincipal() principal?: Principal) {
    const { office, ...terms } = body;
    return this.call(SchedulingApi.publishTerms, {
      ...terms,
      officeCode: oneOffice(principal, this.office.code, office),
      actor: actorOf(principal),
    });
  }
}
