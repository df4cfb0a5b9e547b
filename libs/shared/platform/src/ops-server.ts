// A small HTTP port of each process for its operator, apart from the API: the probes of
// an orchestrator (Kubernetes, compose health checks) ask one process, not whichever
// replica of a queue group answers a NATS request. `OPS_PORT` turns it on.
//
// @nestjs/terminus answers the probes. Liveness says only that the process answers.
// Readiness says that its own store and bus answer (checkRuntime) and that nothing of it
// is still starting (a read model catching up with its history after start, a service
// not listening yet: @soudan/observability's startingUp). /metrics is the process's
// Prometheus scrape (prom-client).
import { Controller, Get, Header, Inject, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { scrapeMetrics, stillStarting } from '@soudan/observability';
import type { ServiceHealth } from './health';
import type { Logger } from './logger';

export interface OpsServerOptions {
  port: number;
  host: string;
  /** The state of the process's own dependencies. */
  readiness: () => Promise<ServiceHealth>;
  logger: Logger;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

const OPS_OPTIONS = Symbol('OPS_OPTIONS');

@Controller()
class OpsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(OPS_OPTIONS) private readonly options: OpsServerOptions,
  ) {}

  @Get('health/live')
  @Header('cache-control', 'no-store')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('health/ready')
  @Header('cache-control', 'no-store')
  @HealthCheck()
  async ready() {
    let dependencies: ServiceHealth;
    try {
      dependencies = await this.options.readiness();
    } catch {
      dependencies = { status: 'down', checks: { dependencies: 'down' } };
    }
    // `startup` is answered below, with what is still starting.
    const own = Object.entries(dependencies.checks).filter(([name]) => name !== 'startup');
    const checks: HealthIndicatorFunction[] = own.map(([name, state]) => () => {
      const indicator = this.indicators.check(name);
      return state === 'up' ? indicator.up() : indicator.down({ message: `${name} does not answer` });
    });
    checks.push(() => {
      const indicator = this.indicators.check('startup');
      const starting = stillStarting();
      return starting.length === 0 ? indicator.up() : indicator.down({ starting });
    });
    return this.health.check(checks);
  }

  @Get('metrics')
  @Header('cache-control', 'no-store')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    return (await scrapeMetrics()).body;
  }
}

@Module({})
class OpsModule {
  static register(options: OpsServerOptions): DynamicModule {
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [OpsController],
      providers: [{ provide: OPS_OPTIONS, useValue: options }],
    };
  }
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const app: INestApplication = await NestFactory.create(OpsModule.register(options), { logger: false });
  const server = app.getHttpAdapter().getInstance() as { disable(name: string): void };
  server.disable('x-powered-by');
  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address() as { port: number };
  options.logger.info({ port: address.port, host: options.host }, 'ops port: /health/live, /health/ready, /metrics');
  return { port: address.port, close: () => app.close() };
}
