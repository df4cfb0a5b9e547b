import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { freePort, startNatsServer, type TestNatsServer } from '@soudan/testing';
import { eventually } from './contract/eventually';
import { rpcContract } from './contract/rpc.contract';
import { createRpcClient, rpcServerOptions } from './rpc/messaging-mode';

let nats: TestNatsServer;
let unreachablePort: number;

beforeAll(async () => {
  nats = await startNatsServer();
  unreachablePort = await freePort();
});

afterAll(async () => {
  await nats?.stop();
});

// With no NATS server the connection is refused at once: UPSTREAM_UNAVAILABLE, not a timeout.
rpcContract('NATS', () => ({
  mode: () => ({ kind: 'nats', url: nats.url }),
  unreachable: () => ({ kind: 'nats', url: `nats://127.0.0.1:${unreachablePort}` }),
  unreachableCode: 'UPSTREAM_UNAVAILABLE',
}));

@Controller()
class PingController {
  @MessagePattern('crash.ping')
  ping() {
    return 'pong';
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

describe('request-reply over NATS across a server crash', () => {
  it('answers UPSTREAM_UNAVAILABLE while NATS is down and recovers when it is back', async () => {
    const own = await startNatsServer();
    const mode = { kind: 'nats', url: own.url } as const;
    const server = await NestFactory.createMicroservice(PingModule, {
      ...rpcServerOptions(mode, 'crash'),
      logger: false,
    });
    await server.listen();
    const client = await createRpcClient(mode, { timeoutMs: 1000 });
    try {
      expect(await client.request('crash.ping', {})).toBe('pong');
      await own.kill();
      await eventually(async () => {
        await expect(client.request('crash.ping', {})).rejects.toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          status: 503,
        });
      }, 10_000);
      await own.restart();
      // Both sides reconnect by themselves (reconnectTimeWait 1 s).
      await eventually(async () => expect(await client.request('crash.ping', {})).toBe('pong'), 20_000, 200);
    } finally {
      await client.close();
      await server.close();
      await own.stop();
    }
  });
});
