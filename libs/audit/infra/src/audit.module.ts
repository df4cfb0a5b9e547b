import { Module, type DynamicModule } from '@nestjs/common';
import { AUDIT_CONTEXT } from '@soudan/audit-contracts';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { AuditConsumer, auditConsumer } from './audit.consumer';
import { AuditRpcController } from './audit.rpc-controller';
import { AUDIT_TRAIL_OPTIONS, AuditTrail, type AuditTrailOptions } from './audit-trail';
import { DisclosureListReader } from './disclosure-list';
import { Disclosures } from './disclosures';

@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime, options: AuditTrailOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [AuditRpcController, healthController(AUDIT_CONTEXT)],
      providers: [
        { provide: AUDIT_TRAIL_OPTIONS, useValue: options },
        AuditTrail,
        Disclosures,
        DisclosureListReader,
        AuditConsumer,
        auditConsumer,
      ],
    };
  }
}
