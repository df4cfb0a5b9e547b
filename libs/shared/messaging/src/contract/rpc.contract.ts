// One request-reply contract, run against the NATS transport and the in-process one
// (rpc.nats.int.spec.ts, rpc.in-process.int.spec.ts).
import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { WrongExpectedRevisionError } from '@soudan/event-store';
import { silentLogger } from '../logger';
import { RpcError } from '../messaging.port';
import { correlationIdFrom, headerFrom } from '../rpc/correlation';
import { createRpcClient, rpcServerOptions, type MessagingMode } from '../rpc/messaging-mode';
import type { RpcClient } from '../rpc/rpc-client';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';

class LeadTimeError extends Error {
  readonly code = 'LEAD_TIME';
  readonly status = 422;
  readonly details = { minBusinessDays: 2 };
}

@Controller()
class ContractController {
  @MessagePattern('contract.echo')
  echo(@Payload() payload: unknown, @Ctx() ctx: unknown) {
    const headers = (ctx as { getHeaders(): never }).getHeaders();
    return { payload, correlationId: correlationIdFrom(ctx), tenant: headerFrom(headers, 'x-tenant') ?? null };
  }

  @MessagePattern('contract.domain-error')
  domainError(): never {
    throw new LeadTimeError('the desired date is less than 2 business days ahead');
  }

  @MessagePattern('contract.code-only')
  codeOnly(): never {
    throw Object.assign(new Error('not eligible'), { code: 'NOT_ELIGIBLE' });
  }

  @MessagePattern('contract.conflict')
  conflict(): never {
    throw new WrongExpectedRevisionError('reservation-1', 3, 4);
  }

  @MessagePattern('contract.crash')
  async crash(): Promise<never> {
    throw new Error('connection string postgres://secret@db');
  }

  @MessagePattern('contract.never')
  never(): Promise<never> {
    return new Promise(() => undefined);
  }
}

@Module({ controllers: [ContractController] })
class ContractRpcModule {}

export interface RpcContractFixture {
  /** Where the contract's server listens and its client connects. */
  mode(): MessagingMode;
  /** A mode in which nothing can answer at all (no NATS server, an empty hub). */
  unreachable(): MessagingMode;
  /** What a request in `unreachable()` fails with; each transport states its own. */
  unreachableCode: 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT';
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected the request to fail');
}

export function rpcContract(name: string, fixture: () => RpcContractFixture): void {
  describe(`request-reply contract (${name})`, () => {
    let server: INestMicroservice;
    let client: RpcClient;

    beforeAll(async () => {
      server = await NestFactory.createMicroservice(ContractRpcModule, {
        ...rpcServerOptions(fixture().mode(), 'contract'),
        logger: false,
      });
      server.useGlobalFilters(new RpcErrorFilter(silentLogger));
      await server.listen();
      client = await createRpcClient(fixture().mode(), { timeoutMs: 3000 });
    });

    afterAll(async () => {
      await client?.close();
      await server?.close();
    });

    it('answers a request', async () => {
      const reply = await client.request<{ payload: unknown }>('contract.echo', {
        desiredSlots: ['2025-06-02T10:00:00+09:00'],
      });
      expect(reply.payload).toEqual({ desiredSlots: ['2025-06-02T10:00:00+09:00'] });
    });

    it('carries the correlation id and other headers to the handler', async () => {
      const reply = await client.request<{ correlationId: string; tenant: string }>(
        'contract.echo',
        {},
        { correlationId: 'corr-123', headers: { 'x-tenant': 'namerikawa' } },
      );
      expect(reply.correlationId).toBe('corr-123');
      expect(reply.tenant).toBe('namerikawa');
    });

    it('gives every request a correlation id, from the provider or a new one', async () => {
      const provided = await createRpcClient(fixture().mode(), { correlationId: () => 'from-context' });
      try {
        expect((await provided.request<{ correlationId: string }>('contract.echo', {})).correlationId).toBe(
          'from-context',
        );
      } finally {
        await provided.close();
      }
      const generated = await client.request<{ correlationId: string }>('contract.echo', {});
      expect(generated.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('delivers a domain error with its code, status and details', async () => {
      const error = await rejection(client.request('contract.domain-error', {}));
      expect(error).toMatchObject({
        code: 'LEAD_TIME',
        status: 422,
        details: { minBusinessDays: 2 },
        message: 'the desired date is less than 2 business days ahead',
      });
    });

    it('answers 422 for an error with a code and no status', async () => {
      expect(await rejection(client.request('contract.code-only', {}))).toMatchObject({
        code: 'NOT_ELIGIBLE',
        status: 422,
      });
    });

    it('answers 409 REVISION_CONFLICT for a concurrency conflict', async () => {
      expect(await rejection(client.request('contract.conflict', {}))).toMatchObject({
        code: 'REVISION_CONFLICT',
        status: 409,
      });
    });

    it('answers 500 INTERNAL for an unexpected error, without its message', async () => {
      const error = await rejection(client.request('contract.crash', {}));
      expect(error).toMatchObject({ code: 'INTERNAL', status: 500 });
      expect(error.message).not.toContain('secret');
    });

    it('fails with UPSTREAM_TIMEOUT when the handler never answers, within the timeout', async () => {
      const started = Date.now();
      const error = await rejection(client.request('contract.never', {}, { timeoutMs: 300 }));
      expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 503 });
      expect(Date.now() - started).toBeLessThan(300 + 2000);
    });

    it('fails with UPSTREAM_UNAVAILABLE when no service serves the pattern', async () => {
      const started = Date.now();
      const error = await rejection(client.request('contract.nobody-serves-this', {}, { timeoutMs: 2000 }));
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('fails without hanging when there is no server at all', async () => {
      const lonely = await createRpcClient(fixture().unreachable(), { timeoutMs: 1000 });
      try {
        const started = Date.now();
        const error = await rejection(lonely.request('contract.echo', {}));
        expect(error).toMatchObject({ code: fixture().unreachableCode, status: 503 });
        expect(Date.now() - started).toBeLessThan(1000 + 2000);
      } finally {
        await lonely.close();
      }
    });

    it('answers concurrent requests each with its own reply', async () => {
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) => client.request<{ payload: { i: number } }>('contract.echo', { i })),
      );
      expect(replies.map((r) => r.payload.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });
  });
}
