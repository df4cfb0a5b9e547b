import { Module, type DynamicModule } from '@nestjs/common';
import { ELIGIBILITY_CONTEXT } from '@soudan/eligibility-contracts';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { EligibilityCore } from './eligibility-core';
import { EligibilityRpcController } from './eligibility.rpc-controller';
import { noShowConsumer } from './no-show.consumer';
import { reservationEndsConsumer } from './reservation-ends.consumer';
import { RetentionSweeper } from './retention-sweeper';

@Module({})
export class EligibilityModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: EligibilityModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [EligibilityRpcController, healthController(ELIGIBILITY_CONTEXT)],
      providers: [
        { provide: EligibilityCore, useFactory: () => EligibilityCore.create(runtime) },
        noShowConsumer,
        reservationEndsConsumer,
        RetentionSweeper,
      ],
    };
  }
}
