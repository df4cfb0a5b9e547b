// The gateway's service side, beside its HTTP app: request-reply (the audit's disclosures
// open seekers' device data here), the erasure consumer, and the consumer that ends a
// suspended or erased seeker's tokens (identity-infra's seeker-tokens.consumer.ts). Same sealer as
// the HTTP edge of the process (deviceDataSealerFor), so an erasure handled here takes
// effect there at once; the ended tokens are records in the gateway's store, which the
// HTTP edge of every replica reads.
import { Inject, Injectable, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { GATEWAY_CONTEXT, GatewayErrors } from '@soudan/gateway-contracts';
import { RuntimeModule, startServiceHost, type ServiceDefinition, type ServiceRuntime } from '@soudan/platform';
import { ACCESS_STREAM_PREFIX } from '../auth/access-record';
import { gatewayStore } from '../auth/auth.module';
import { SeekerTokenEndings, SeekerTokensConsumer, seekerTokensConsumer } from '@soudan/identity-infra';
import { DeviceDataErasureConsumer, deviceDataErasureConsumer } from './device-data-erasure.consumer';
import { DeviceDataRpcController } from './device-data.rpc-controller';
import { DeviceDataSealer, deviceDataSealerFor } from './device-data-sealer';

@Injectable()
class SealerLifecycle implements OnModuleDestroy {
  constructor(@Inject(DeviceDataSealer) private readonly sealer: DeviceDataSealer) {}

  async onModuleDestroy(): Promise<void> {
    await this.sealer.release();
  }
}

@Module({})
export class GatewayDeviceDataModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: GatewayDeviceDataModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [DeviceDataRpcController],
      providers: [
        { provide: DeviceDataSealer, useFactory: () => deviceDataSealerFor(runtime).retain() },
        SealerLifecycle,
        DeviceDataErasureConsumer,
        deviceDataErasureConsumer,
        { provide: SeekerTokenEndings, useFactory: () => new SeekerTokenEndings(gatewayStore(runtime)) },
        SeekerTokensConsumer,
        seekerTokensConsumer,
      ],
    };
  }
}

export const gatewayDeviceDataService: ServiceDefinition = {
  context: GATEWAY_CONTEXT,
  errors: GatewayErrors,
  module: (runtime) => GatewayDeviceDataModule.register(runtime),
  // This host's relay is never started (createGatewayRelay publishes the access record);
  // should it ever be, it publishes the same streams and nothing else of the gateway's
  // (not the ended tokens, which are the gateway's alone).
  publishStreamPrefixes: [ACCESS_STREAM_PREFIX],
};

export interface GatewayServices {
  close(): Promise<void>;
}

/**
 * Starts the gateway's service side (needs the runtime's store and bus). A gateway
 * process and the embedded system start it beside createGatewayApp.
 */
export async function startGatewayServices(runtime: ServiceRuntime): Promise<GatewayServices> {
  if (!runtime.store || !runtime.bus) throw new Error('the gateway services need the gateway store and an event bus');
  const host = await startServiceHost(gatewayDeviceDataService, runtime);
  return { close: () => host.close() };
}
