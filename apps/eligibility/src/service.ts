import { ELIGIBILITY_CONTEXT } from '@soudan/eligibility-contracts';
import { EligibilityModule } from '@soudan/eligibility-infra';
import type { ServiceDefinition } from '@soudan/platform';

export const eligibilityService: ServiceDefinition = {
  context: ELIGIBILITY_CONTEXT,
  module: (runtime) => EligibilityModule.register(runtime),
  publishStreamPrefixes: ['seeker-'],
};
