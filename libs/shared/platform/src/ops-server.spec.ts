// The operator port answers the probes of one process (@nestjs/terminus) and its scrape.
import { Writable } from 'node:stream';
import { startingUp } from '@soudan/observability';
import type { ServiceHealth } from './health';
import { createLogger } from './logger';
import { startOpsServer, type OpsServer } from './ops-server';

describe('operator port (OPS_PORT)', () => {
  let server: OpsServer;
  let readiness: () => Promise<ServiceHealth>;
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

  beforeAll(async () => {
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      readiness: () => readiness(),
      logger: createLogger({ name: 'test', destination: quiet }),
    });
  });

  afterAll(() => server.close());

  it('is live whatever its dependencies say', async () => {
    readiness = async () => ({ status: 'down', checks: { eventStore: 'down' } });
    const response = await fetch(url('/health/live'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.objectContaining({ status: 'ok' }));
  });

  it('is ready only while its own store and bus answer', async () => {
    readiness = async () => ({ status: 'up', checks: { eventStore: 'up', eventBus: 'up' } });
    const up = await fetch(url('/health/ready'));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual(
      expect.objectContaining({
        status: 'ok',
        details: { eventStore: { status: 'up' }, eventBus: { status: 'up' }, startup: { status: 'up' } },
      }),
    );

    readiness = async () => ({ status: 'down', checks: { eventStore: 'up', eventBus: 'down' } });
    const down = await fetch(url('/health/ready'));
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; error: Record<string, { status: string }> };
    expect(body.status).toBe('error');
    expect(body.error.eventBus.status).toBe('down');
  });

  it('is not ready while a read model is still catching up after start, and ready once it has', async () => {
    readiness = async () => ({ status: 'up', checks: { eventStore: 'up', eventBus: 'up' } });
    const caughtUp = startingUp('projection:scheduling', 'catching up');
    const starting = await fetch(url('/health/ready'));
    expect(starting.status).toBe(503);
    expect(((await starting.json()) as { error: unknown }).error).toEqual({
      startup: { status: 'down', starting: ['projection:scheduling'] },
    });
    expect((await fetch(url('/health/live'))).status).toBe(200);
    caughtUp();
    expect((await fetch(url('/health/ready'))).status).toBe(200);
  });

  it('is not ready when the check itself fails', async () => {
    readiness = () => Promise.reject(new Error('boom'));
    const response = await fetch(url('/health/ready'));
    expect(response.status).toBe(503);
  });

  it('serves Prometheus metrics', async () => {
    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('soudan_process_resident_memory_bytes');
  });

  it('answers other paths and methods with 404', async () => {
    expect((await fetch(url('/nowhere'))).status).toBe(404);
    expect((await fetch(url('/health/live'), { method: 'POST' })).status).toBe(404);
  });
});
