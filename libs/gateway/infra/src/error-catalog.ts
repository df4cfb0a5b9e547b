// Every error code the API can answer, each context's own table put together: the gateway
// words any code in the caller's language and documents it under its status. Composed
// when the gateway loads, so a code two contexts declare differently stops the start.
import { AuditErrors } from '@soudan/audit-contracts';
import { EligibilityErrors } from '@soudan/eligibility-contracts';
import { GatewayErrors } from '@soudan/gateway-contracts';
import { IdentityErrors } from '@soudan/identity-contracts';
import { NotificationErrors } from '@soudan/notification-contracts';
import { composeErrorCatalog } from '@soudan/platform';
import { SchedulingErrors } from '@soudan/scheduling-contracts';

export const API_ERROR_TABLES = {
  gateway: GatewayErrors,
  identity: IdentityErrors,
  scheduling: SchedulingErrors,
  eligibility: EligibilityErrors,
  notification: NotificationErrors,
  audit: AuditErrors,
};

export const API_ERRORS = composeErrorCatalog(API_ERROR_TABLES);
