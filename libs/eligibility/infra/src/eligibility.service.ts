import { ELIGIBILITY_CONTEXT } from '@soudan/eligibility-contracts';
import type { ServiceDefinition } from '@soudan/platform';
import { EligibilityModule } from './eligibility.module';

export const eligibilityService: ServiceDefinition = {
  context: ELIGIBILITY_CONTEXT,
  module: (runtime) => EligibilityModule.register(runtime),
  publishStreamPrefixes: ['seeker-'],
};
