import { Module, type DynamicModule } from '@nestjs/common';
import { AUDIT_CONTEXT } from '@soudan/audit-contracts';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { AuditConsumer } from './audit.consumer';
import { AuditRpcController } from './audit.rpc-controller';

@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: AuditModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [AuditRpcController, healthController(AUDIT_CONTEXT)],
      providers: [AuditConsumer],
    };
  }
}
