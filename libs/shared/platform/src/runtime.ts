// What every service is given at start: its store, the buses, a clock, a logger and
// its settings. Created before Nest boots (the adapters open asynchronously) and
// provided to the service's module under these tokens.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import type { EventBus, MessagingMode, RpcClient } from '@soudan/messaging';
import type { Clock } from '@soudan/time';
import type { SoudanConfig } from './config';
import type { Logger } from './logger';
import type { OfficeSettings } from './office';

export const RUNTIME = Symbol('RUNTIME');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const EVENT_BUS = Symbol('EVENT_BUS');
export const RPC_CLIENT = Symbol('RPC_CLIENT');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');
export const OFFICE = Symbol('OFFICE');

export interface ServiceRuntime {
  context: string;
  config: SoudanConfig;
  office: OfficeSettings;
  mode: MessagingMode;
  /**
   * The service's own event store. The gateway's holds identity's streams (staff accounts,
   * sign-in tokens, the access record, R50); absent only where a runtime needs no store.
   */
  store?: EventStore;
  bus?: EventBus;
  rpc: RpcClient;
  clock: Clock;
  logger: Logger;
}

@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: EVENT_BUS, useValue: runtime.bus },
      { provide: RPC_CLIENT, useValue: runtime.rpc },
      { provide: CLOCK, useValue: runtime.clock },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: OFFICE, useValue: runtime.office },
    ];
    return { module: RuntimeModule, providers, exports: providers.map((p) => p.provide) };
  }
}
