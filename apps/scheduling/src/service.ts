import type { ServiceDefinition } from '@soudan/platform';
import { SCHEDULING_CONTEXT } from '@soudan/scheduling-contracts';
import { SchedulingModule } from '@soudan/scheduling-infra';

export const schedulingService: ServiceDefinition = {
  context: SCHEDULING_CONTEXT,
  module: (runtime) => SchedulingModule.register(runtime),
  publishStreamPrefixes: ['reservation-'],
};
