// The gateway's OpenAPI document as checked in (docs/openapi.json): the gateway's Nest
// app booted in this process without any server (an in-memory embedded store, in-process
// messaging nobody answers), its document taken, the app closed. Keys are sorted so the
// file only changes when the API does.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openEventStore } from '@soudan/event-store';
import { createGatewayApp, openApiDocument } from '@soudan/gateway-infra';
import { createRpcClient, InProcessEventBus, InProcessHub, type MessagingMode } from '@soudan/messaging';
import { createLogger, NAMERIKAWA, readConfig, type ServiceRuntime } from '@soudan/platform';
import { systemClock } from '@soudan/time';

export const OPENAPI_PATH = new URL('../../docs/openapi.json', import.meta.url);

/** JSON with the keys of every object in code-point order, two-space indented, ending in a newline. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
      );
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** docs/openapi.json as the code says it should be. */
export async function generateOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'soudan-openapi-'));
  const logger = createLogger({
    name: 'openapi',
    level: 'error',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  // Throwaway values for a process that serves nothing: nothing is stored beyond memory.
  const config = readConfig('embedded', {
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: 'openapi-document-only-1!',
    PSEUDONYM_KEY: '00'.repeat(32),
    ENCRYPTION_KEY: '11'.repeat(32),
  });
  const mode: MessagingMode = { kind: 'in-process', hub: new InProcessHub() };
  const rpc = await createRpcClient(mode, { timeoutMs: 1000 });
  const store = await openEventStore('pglite://memory', { schema: 'gateway' });
  const bus = new InProcessEventBus({ logger });
  const runtime: ServiceRuntime = {
    context: 'gateway',
    config,
    office: NAMERIKAWA,
    mode,
    store,
    bus,
    rpc,
    clock: systemClock,
    logger,
  };
  try {
    const app = await createGatewayApp(runtime, { announce: () => undefined });
    try {
      return stableJson(openApiDocument(app));
    } finally {
      await app.close();
    }
  } finally {
    await rpc.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
