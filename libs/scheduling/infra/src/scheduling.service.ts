import type { ServiceDefinition } from '@soudan/platform';
import { SCHEDULING_CONTEXT, SchedulingErrors } from '@soudan/scheduling-contracts';
import { SchedulingModule } from './scheduling.module';

export const schedulingService: ServiceDefinition = {
  context: SCHEDULING_CONTEXT,
  errors: SchedulingErrors,
  module: (runtime) => SchedulingModule.register(runtime),
  // Reservations, the terms (R30, R31: notification announces a change; the audit record
  // keeps it) and the office registry (R70: the audit record keeps every change).
  publishStreamPrefixes: ['reservation-', 'terms-', 'office-registry'],
};
