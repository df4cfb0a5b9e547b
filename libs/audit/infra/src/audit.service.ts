import { AUDIT_CONTEXT, AuditErrors } from '@soudan/audit-contracts';
import type { ServiceDefinition } from '@soudan/platform';
import { AuditModule } from './audit.module';
import { DISCLOSURE_STREAM_PREFIX } from './disclosures';

export const auditService: ServiceDefinition = {
  context: AUDIT_CONTEXT,
  errors: AuditErrors,
  module: (runtime) => AuditModule.register(runtime),
  // Its trail of other services' events is not published again; only its own facts,
  // which come back through the bus into the trail like everyone else's.
  publishStreamPrefixes: [DISCLOSURE_STREAM_PREFIX],
};
