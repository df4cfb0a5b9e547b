import { Module, type DynamicModule } from '@nestjs/common';
import { RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { AuditController } from './audit.controller';
import { AuthModule } from './auth/auth.module';
import type { GatewayOptions } from './auth/gateway-options';
import { HealthController } from './health.controller';
import { OfficeController } from './office.controller';
import { RootController } from './root.controller';
import { SchedulingHttpModule } from './scheduling/scheduling-http.module';
import { EligibilityHttpModule } from './eligibility/eligibility-http.module';

@Module({})
export class GatewayModule {
  static register(runtime: ServiceRuntime, options: GatewayOptions = {}): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        AuthModule.register(runtime, options),
        SchedulingHttpModule,
        EligibilityHttpModule,
      ],
      controllers: [AuditController, HealthController, OfficeController, RootController],
    };
  }
}
