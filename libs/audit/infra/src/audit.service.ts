import { AUDIT_CONTEXT } from '@soudan/audit-contracts';
import type { ServiceDefinition } from '@soudan/platform';
import { AuditModule } from './audit.module';

export const auditService: ServiceDefinition = {
  context: AUDIT_CONTEXT,
  module: (runtime) => AuditModule.register(runtime),
  // Its copies of other services' events are not published again; only its own facts.
  publishStreamPrefixes: ['disclosure-'],
};
