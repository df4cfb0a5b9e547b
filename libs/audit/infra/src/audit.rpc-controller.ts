import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EventStore } from '@soudan/event-store';
import { AuditPatterns, type AuditEventsPage, type ListAuditEventsQuery } from '@soudan/audit-contracts';
import { EVENT_STORE } from '@soudan/platform';
import { toView } from './audit-record';

const MAX_LIMIT = 1000;

@Controller()
export class AuditRpcController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @MessagePattern(AuditPatterns.listEvents)
  async list(@Payload() query: ListAuditEventsQuery): Promise<AuditEventsPage> {
    const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_LIMIT);
    let after = query.from ? BigInt(query.from) : undefined;
    const events = [];
    let next: string | null = null;
    // Filters apply after reading, so keep reading pages until the page is full or the
    // history ends; `next` always points just past what was examined.
    for (;;) {
      const page = await this.store.readAll({ after, limit: MAX_LIMIT });
      for (const recorded of page) {
        after = recorded.position;
        const view = toView(recorded);
        if (query.category && view.category !== query.category) continue;
        if (query.since && view.at < query.since) continue;
        if (query.until && view.at >= query.until) continue;
        events.push(view);
        if (events.length === limit) break;
      }
      next = after !== undefined ? after.toString() : (query.from ?? null);
      if (events.length === limit || page.length < MAX_LIMIT) break;
    }
    return { events, next };
  }
}
