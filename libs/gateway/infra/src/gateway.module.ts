import { Module, type DynamicModule } from '@nestjs/common';
import { RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { AuditController } from './audit.controller';
import { HealthController } from './health.controller';
import { ReservationsController } from './reservations.controller';

@Module({})
export class GatewayModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: GatewayModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [ReservationsController, AuditController, HealthController],
    };
  }
}
