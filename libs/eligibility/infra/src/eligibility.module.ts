import { Module, type DynamicModule } from '@nestjs/common';
import { ELIGIBILITY_CONTEXT } from '@soudan/eligibility-contracts';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';

// The roster, eligibility checks and suspensions arrive with the eligibility issue;
// the service already runs with its own store, relay and health answer.
@Module({})
export class EligibilityModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: EligibilityModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [healthController(ELIGIBILITY_CONTEXT)],
    };
  }
}
