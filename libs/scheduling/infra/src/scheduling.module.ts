import { Module, type DynamicModule } from '@nestjs/common';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { SCHEDULING_CONTEXT } from '@soudan/scheduling-contracts';
import { ReservationsRpcController } from './reservations.rpc-controller';

@Module({})
export class SchedulingModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [ReservationsRpcController, healthController(SCHEDULING_CONTEXT)],
    };
  }
}
