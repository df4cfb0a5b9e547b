// Runs one service: its Nest module as a microservice answering request-reply, plus
// the relay that publishes what its store committed. The same code runs a service as
// its own process (NATS + PostgreSQL/KurrentDB) and inside the single embedded process.
import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventRelay, RpcErrorFilter, rpcServerOptions } from '@soudan/messaging';
import { PinoNestLogger } from './logger';
import type { ServiceRuntime } from './runtime';

export interface ServiceDefinition {
  context: string;
  module: (runtime: ServiceRuntime) => DynamicModule;
  /** Streams this service publishes; default: all of its store except internal ones. */
  publishStreamPrefixes?: string[];
}

export interface ServiceHost {
  app: INestMicroservice;
  relay?: EventRelay;
  startRelay(): Promise<void>;
  close(): Promise<void>;
}

export async function startServiceHost(definition: ServiceDefinition, runtime: ServiceRuntime): Promise<ServiceHost> {
  const logger = runtime.logger.child({ context: definition.context });
  const app = await NestFactory.createMicroservice(definition.module(runtime), {
    ...rpcServerOptions(runtime.mode, definition.context),
    logger: new PinoNestLogger(logger),
  });
  app.useGlobalFilters(new RpcErrorFilter(logger));
  app.enableShutdownHooks();
  await app.listen();
  const relay =
    runtime.store && runtime.bus
      ? new EventRelay({ store: runtime.store, bus: runtime.bus, context: definition.context, streamPrefixes: definition.publishStreamPrefixes, logger })
      : undefined;
  let relayStarted = false;
  return {
    app,
    relay,
    startRelay: async () => {
      if (relay && !relayStarted) {
        relayStarted = true;
        await relay.start();
      }
    },
    close: async () => {
      if (relayStarted) await relay?.stop();
      await app.close();
    },
  };
}
