import { ELIGIBILITY_CONTEXT, EligibilityErrors } from '@soudan/eligibility-contracts';
import type { ServiceDefinition } from '@soudan/platform';
import { EligibilityModule } from './eligibility.module';

export const eligibilityService: ServiceDefinition = {
  context: ELIGIBILITY_CONTEXT,
  errors: EligibilityErrors,
  module: (runtime) => EligibilityModule.register(runtime),
  // Only the seeker streams are facts for others. The wrapped data keys live in a table
  // (or, on KurrentDB, in streams outside the namespace), never in anything relayed.
  publishStreamPrefixes: ['seeker-'],
};
