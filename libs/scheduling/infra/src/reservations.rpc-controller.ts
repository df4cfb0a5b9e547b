import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import type { EventStore } from '@soudan/event-store';
import { correlationIdFrom } from '@soudan/messaging';
import { CLOCK, EVENT_STORE } from '@soudan/platform';
import { RequestReservationHandler } from '@soudan/scheduling-application';
import { SchedulingPatterns, type RequestReservationPayload, type RequestReservationResult } from '@soudan/scheduling-contracts';
import type { Clock } from '@soudan/time';

@Controller()
export class ReservationsRpcController {
  private readonly requestHandler: RequestReservationHandler;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    this.requestHandler = new RequestReservationHandler(store, clock);
  }

  @MessagePattern(SchedulingPatterns.requestReservation)
  request(@Payload() payload: RequestReservationPayload, @Ctx() ctx: unknown): Promise<RequestReservationResult> {
    const correlationId = correlationIdFrom(ctx) ?? 'unknown';
    const actor = payload.jobSeekerNumber ? `seeker:${payload.jobSeekerNumber}` : 'seeker:anonymous';
    return this.requestHandler.handle(payload, { correlationId, actor });
  }
}
