// Runs one service: its Nest module as a microservice answering request-reply, plus
// the relay that publishes what its store committed. The same code runs a service as
// its own process (NATS + PostgreSQL/KurrentDB) and inside the single embedded process.
import { Catch, type ArgumentsHost, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventRelay, PrincipalGuard, PrincipalVerifier, RpcErrorFilter, rpcServerOptions } from '@soudan/messaging';
import { composeErrorCatalog, type ErrorCatalog, type ErrorTable } from './error-catalog';
import { nestLoggingModule, useNestLogging } from './nest-logging';
import { RpcObservabilityInterceptor } from './rpc-observability';
import type { ServiceRuntime } from './runtime';

/** Domain errors know their code, not HTTP; the status is the one the code's table declares (api.md). */
@Catch()
class DomainRpcErrorFilter extends RpcErrorFilter {
  constructor(
    private readonly catalog: ErrorCatalog,
    logger: ConstructorParameters<typeof RpcErrorFilter>[0],
  ) {
    super(logger);
  }

  override catch(exception: unknown, host: ArgumentsHost) {
    const error = exception as { code?: unknown; status?: unknown } | null;
    if (
      error &&
      typeof error === 'object' &&
      typeof error.code === 'string' &&
      error.status === undefined &&
      /^[A-Z][A-Z0-9_]*$/.test(error.code)
    ) {
      Object.assign(error, { status: this.catalog.status(error.code) });
    }
    return super.catch(exception, host);
  }
}

export interface ServiceDefinition {
  context: string;
  module: (runtime: ServiceRuntime) => DynamicModule;
  /** The context's own error codes (`SchedulingErrors`, ...), composed with the platform's at start. */
  errors?: ErrorTable;
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
  // Fails at start when the context's table and the platform's give one code two meanings.
  const catalog = composeErrorCatalog({ [definition.context]: definition.errors ?? {} });
  class ServiceRoot {}
  Object.defineProperty(ServiceRoot, 'name', { value: `${definition.context}Root` });
  const app = await NestFactory.createMicroservice(
    { module: ServiceRoot, imports: [definition.module(runtime), nestLoggingModule(logger)] },
    { ...rpcServerOptions(runtime.mode, definition.context), bufferLogs: true },
  );
  useNestLogging(app);
  app.useGlobalFilters(new DomainRpcErrorFilter(catalog, logger));
  app.useGlobalInterceptors(new RpcObservabilityInterceptor());
  // Every handler, before it runs: the acting person is the one the gateway signed for.
  app.useGlobalGuards(new PrincipalGuard(new PrincipalVerifier(runtime.config.principalPublicKeys), logger));
  app.enableShutdownHooks();
  await app.listen();
  const relay =
    runtime.store && runtime.bus
      ? new EventRelay({
          store: runtime.store,
          bus: runtime.bus,
          context: definition.context,
          streamPrefixes: definition.publishStreamPrefixes,
          logger,
        })
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
