// Runs one service: its Nest module as a microservice answering request-reply, plus
// the relay that publishes what its store committed. The same code runs a service as
// its own process (NATS + PostgreSQL/KurrentDB) and inside the single embedded process.
import { Catch, type ArgumentsHost, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventRelay, RpcErrorFilter, rpcServerOptions } from '@soudan/messaging';
import { statusForCode } from './errors';
import { PinoNestLogger } from './logger';
import type { ServiceRuntime } from './runtime';

/** Domain errors know their code, not HTTP; the status follows from the code (api.md). */
@Catch()
class DomainRpcErrorFilter extends RpcErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    const error = exception as { code?: unknown; status?: unknown } | null;
    if (error && typeof error === 'object' && typeof error.code === 'string' && error.status === undefined && /^[A-Z][A-Z0-9_]*$/.test(error.code)) {
      Object.assign(error, { status: statusForCode(error.code) });
    }
    return super.catch(exception, host);
  }
}

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
  app.useGlobalFilters(new DomainRpcErrorFilter(logger));
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
