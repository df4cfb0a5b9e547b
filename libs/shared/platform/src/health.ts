// Each service answers `<context>.health` over request-reply with the state of its own
// dependencies; the gateway's GET /health gathers them.
import { Controller, Inject } from '@nestjs/common';
import { RpcHandler } from '@soudan/messaging';
import { healthContract, type DependencyState, type ServiceHealth } from '@soudan/rpc-contract';
import { stillStarting } from '@soudan/observability';
import { RUNTIME, type ServiceRuntime } from './runtime';

export type { DependencyState, ServiceHealth } from '@soudan/rpc-contract';

async function probe(check: () => Promise<void>, timeoutMs = 1500): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export async function checkRuntime(runtime: ServiceRuntime): Promise<ServiceHealth> {
  const checks: Record<string, DependencyState> = {};
  if (runtime.store) checks.eventStore = await probe(() => runtime.store!.ping());
  if (runtime.bus) checks.eventBus = await probe(() => runtime.bus!.ping());
  // A read model still catching up after start (issue 14): not ready to answer yet.
  if (stillStarting().length > 0) checks.startup = 'down';
  return { status: Object.values(checks).every((s) => s === 'up') ? 'up' : 'down', checks };
}

export function healthPattern(context: string): string {
  return healthContract(context).pattern;
}

export function healthController(context: string) {
  @Controller()
  class ServiceHealthController {
    constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

    @RpcHandler(healthContract(context))
    health(): Promise<ServiceHealth> {
      return checkRuntime(this.runtime);
    }
  }
  Object.defineProperty(ServiceHealthController, 'name', { value: `${context}HealthController` });
  return ServiceHealthController;
}
