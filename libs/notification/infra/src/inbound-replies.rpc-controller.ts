// R61: the staff queue of e-mail replies to offers the system could not read. The
// gateway lists it (staff alerts) and marks a reply as dealt with.
import { RpcHandler } from '@soudan/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  NotificationApi,
  type ResolveUnreadableReplyRequest,
  type UnreadableReplyView,
} from '@soudan/notification-contracts';
import { AppError, CLOCK } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import type { InboundReplyLog } from './inbound-reply.log';
import { INBOUND_REPLY_LOG } from './tokens';

const REPLY_ID = /^[0-9a-f]{32}$/;
const ACTOR = /^staff:[^\s]{1,100}$/;

@Controller()
export class InboundRepliesRpcController {
  constructor(
    @Inject(INBOUND_REPLY_LOG) private readonly log: InboundReplyLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Open unreadable replies, oldest first: `{ id, receivedAt, reservationId?, reason, subject? }[]`. */
  @RpcHandler(NotificationApi.unreadableReplies)
  unreadable(): UnreadableReplyView[] {
    return this.log.unreadable();
  }

  @RpcHandler(NotificationApi.resolveUnreadableReply)
  async resolve(@Payload() payload: unknown): Promise<{ id: string; resolved: true }> {
    const request = (payload ?? {}) as Partial<ResolveUnreadableReplyRequest>;
    if (typeof request.id !== 'string' || !REPLY_ID.test(request.id)) {
      throw new AppError('VALIDATION_FAILED', 400, 'id must be the id of an unreadable reply', {
        fields: { id: ['invalid'] },
      });
    }
    if (typeof request.actor !== 'string' || !ACTOR.test(request.actor)) {
      throw new AppError('VALIDATION_FAILED', 400, 'actor must be staff:<username>', {
        fields: { actor: ['invalid'] },
      });
    }
    const found = await this.log.resolve(
      request.id,
      request.actor,
      this.clock.now().toISOString(),
      `resolve-${request.id}`,
    );
    if (!found) throw new AppError('REPLY_NOT_FOUND', 404, 'no unreadable reply with this id');
    return { id: request.id, resolved: true };
  }
}
