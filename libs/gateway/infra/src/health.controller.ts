import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { healthContract, requestTyped, type RpcClient } from '@soudan/messaging';
import { Public } from './auth/roles';
import { checkRuntime, RPC_CLIENT, RUNTIME, type ServiceRuntime } from '@soudan/platform';

export const SERVICES = ['scheduling', 'eligibility', 'notification', 'audit'] as const;

@ApiTags('public')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) response: Response) {
    const services = Object.fromEntries(
      await Promise.all(
        SERVICES.map(async (name) => {
          try {
            return [name, await requestTyped(this.rpc, healthContract(name), {}, { timeoutMs: 2000 })] as const;
          } catch (error) {
            return [
              name,
              { status: 'down', checks: {}, error: (error as { code?: string }).code ?? 'UNREACHABLE' },
            ] as const;
          }
        }),
      ),
    );
    // The gateway's own store and bus (staff accounts, sign-in, the access record).
    const gateway = await checkRuntime(this.runtime);
    const ok = gateway.status === 'up' && Object.values(services).every((s) => s.status === 'up');
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      mode: this.runtime.config.mode,
      messaging: this.runtime.mode.kind === 'nats' ? 'nats' : 'in-process',
      gateway,
      services,
    };
  }
}
