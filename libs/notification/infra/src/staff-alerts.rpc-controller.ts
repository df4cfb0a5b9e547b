// `notification.alerts` and `notification.alerts.resolve`: what the gateway's
// GET /staff/alerts and POST /staff/alerts/{id}/resolution ask of notification (R62).
import { RpcHandler } from '@soudan/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  NotificationApi,
  type NotificationAlerts,
  type ResolveAlertRequest,
  type ResolveAlertResult,
} from '@soudan/notification-contracts';
import { AppError } from '@soudan/platform';
import { StaffAlerts } from './staff-alerts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', 400, message, { fields: { [field]: [message] } });
}

export function checkResolveAlertRequest(payload: unknown): ResolveAlertRequest {
  const r = (payload ?? {}) as Partial<ResolveAlertRequest>;
  if (typeof r.alertId !== 'string' || r.alertId.length === 0 || r.alertId.length > 100)
    throw invalid('alertId', 'alertId must be an alert id');
  if (typeof r.actor !== 'string' || r.actor.length === 0 || r.actor.length > 200 || !ONE_LINE.test(r.actor))
    throw invalid('actor', 'actor must be staff:<username>');
  if (r.note !== undefined && r.note !== null && (typeof r.note !== 'string' || r.note.length > 1000))
    throw invalid('note', 'note must be at most 1000 characters');
  return { alertId: r.alertId, actor: r.actor, ...(r.note ? { note: r.note } : {}) };
}

@Controller()
export class StaffAlertsRpcController {
  constructor(@Inject(StaffAlerts) private readonly alerts: StaffAlerts) {}

  @RpcHandler(NotificationApi.alerts)
  list(): Promise<NotificationAlerts> {
    return this.alerts.alerts();
  }

  @RpcHandler(NotificationApi.resolveAlert)
  resolve(@Payload() payload: unknown): Promise<ResolveAlertResult> {
    return this.alerts.resolve(checkResolveAlertRequest(payload));
  }
}
