// For the gateway's integration tests: a gateway on a real store and a real NATS, a
// stand-in for eligibility's roster answers (its own service is built elsewhere), and
// the real notification service sending to a real SMTP server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { INestApplication, Type } from '@nestjs/common';
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NotificationApi, type SendSignInLinkRequest } from '@soudan/notification-contracts';
import {
  EligibilityApi,
  type GetContactResult,
  type MatchSeekerRequest,
  type MatchSeekerResult,
} from '@soudan/eligibility-contracts';
import { openEventStore, type EventStore } from '@soudan/event-store';
import {
  createRpcClient,
  JetStreamEventBus,
  RpcHandler,
  type EventBus,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import {
  createLogger,
  NAMERIKAWA,
  readConfig,
  RuntimeModule,
  startServiceHost,
  type Logger,
  type ServiceHost,
  type ServiceRuntime,
  type SoudanConfig,
} from '@soudan/platform';
import { freePort } from '@soudan/testing';
import { systemClock, type Clock } from '@soudan/time';
import { createGatewayApp } from '../../gateway.app';
import type { GatewayOptions } from '../gateway-options';

export const TEST_ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
export const TEST_KEYS = { PSEUDONYM_KEY: '5a'.repeat(32), ENCRYPTION_KEY: 'e7'.repeat(32) };

export function quietLogger(level = 'error'): Logger {
  return createLogger({ name: 'test', level, destination: new Writable({ write: (_c, _e, done) => done() }) });
}

export function testConfig(
  env: Record<string, string | undefined> = {},
  mode: 'embedded' | 'distributed' = 'embedded',
): SoudanConfig {
  return readConfig(mode, {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-gw-')),
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...TEST_KEYS,
    RPC_TIMEOUT_MS: '2000',
    ...env,
  });
}

export interface TestBackbone {
  mode: MessagingMode;
  rpc: RpcClient;
  bus: EventBus;
  store: EventStore;
  close(): Promise<void>;
}

/** NATS connections and the gateway's store (schema `gateway`) on a test database. */
export async function backbone(natsUrl: string, storeUrl: string, logger = quietLogger()): Promise<TestBackbone> {
  const mode: MessagingMode = { kind: 'nats', url: natsUrl };
  const rpc = await createRpcClient(mode, { timeoutMs: 2000 });
  const bus = await JetStreamEventBus.connect({ url: natsUrl, logger });
  const store = await openEventStore(storeUrl, { schema: 'gateway' });
  return {
    mode,
    rpc,
    bus,
    store,
    close: async () => {
      await rpc.close().catch(() => undefined);
      await bus.close().catch(() => undefined);
      await store.close().catch(() => undefined);
    },
  };
}

export interface TestGateway {
  app: INestApplication;
  url: string;
  runtime: ServiceRuntime;
  close(): Promise<void>;
}

export async function startGateway(parts: {
  backbone: Pick<TestBackbone, 'mode' | 'rpc' | 'bus' | 'store'>;
  config?: SoudanConfig;
  clock?: Clock;
  options?: GatewayOptions;
  logger?: Logger;
}): Promise<TestGateway> {
  const config = parts.config ?? testConfig();
  const runtime: ServiceRuntime = {
    context: 'gateway',
    config,
    office: { ...NAMERIKAWA, publicBaseUrl: 'https://soudan.example.jp' },
    mode: parts.backbone.mode,
    store: parts.backbone.store,
    bus: parts.backbone.bus,
    rpc: parts.backbone.rpc,
    clock: parts.clock ?? systemClock,
    logger: parts.logger ?? quietLogger(),
  };
  const app = await createGatewayApp(runtime, { announce: () => undefined, ...parts.options });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${port}`, runtime, close: () => app.close() };
}

/**
 * A stand-in for another context's service: `controller` answers that context's patterns on
 * the bus as the real service would, and nothing else runs.
 */
export async function stubService(
  context: string,
  mode: MessagingMode,
  controller: Type,
  logger = quietLogger(),
): Promise<ServiceHost> {
  @Module({})
  class StubModule {}
  return startServiceHost(
    {
      context,
      module: (rt) => ({ module: StubModule, imports: [RuntimeModule.forRoot(rt)], controllers: [controller] }),
    },
    // The principal check reads the service's keys from its config (an embedded pair here).
    { context, mode, logger, config: testConfig() } as unknown as ServiceRuntime,
  );
}

export interface RosterEntry {
  jobSeekerNumber: string;
  email: string;
  seekerId: string;
  name: string;
}

/** Answers eligibility's sign-in patterns from a fixed roster, as the eligibility service would. */
export async function stubEligibility(
  mode: MessagingMode,
  roster: RosterEntry[],
  logger = quietLogger(),
): Promise<ServiceHost & { asked: MatchSeekerRequest[]; matchDelayMs: number }> {
  const asked: MatchSeekerRequest[] = [];
  /** How long a roster match takes to answer (a slow eligibility service), 0 by default. */
  const state = { matchDelayMs: 0 };
  @Controller()
  class StubEligibilityController {
    @RpcHandler(EligibilityApi.matchSeeker)
    async match(@Payload() request: MatchSeekerRequest): Promise<MatchSeekerResult> {
      asked.push(request);
      if (state.matchDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.matchDelayMs));
      const entry = roster.find(
        (r) => r.jobSeekerNumber === request.jobSeekerNumber && r.email.toLowerCase() === request.email.toLowerCase(),
      );
      return entry ? { match: true, seekerId: entry.seekerId } : { match: false };
    }

    @RpcHandler(EligibilityApi.getContact)
    contact(@Payload() request: { seekerId: string }): GetContactResult {
      const entry = roster.find((r) => r.seekerId === request.seekerId);
      return entry ? { erased: false, name: entry.name, email: entry.email, language: 'ja' } : { erased: true };
    }
  }
  const host = await stubService('eligibility', mode, StubEligibilityController, logger);
  return Object.assign(host, {
    asked,
    get matchDelayMs() {
      return state.matchDelayMs;
    },
    set matchDelayMs(ms: number) {
      state.matchDelayMs = ms;
    },
  });
}

/** Takes the sign-in mails the gateway asks for (the notification service's own tests cover the SMTP side). */
export async function stubNotification(
  mode: MessagingMode,
  logger = quietLogger(),
): Promise<ServiceHost & { mails: SendSignInLinkRequest[] }> {
  const mails: SendSignInLinkRequest[] = [];
  @Controller()
  class StubNotificationController {
    @RpcHandler(NotificationApi.sendSignInLink)
    send(@Payload() request: SendSignInLinkRequest) {
      mails.push(request);
      return { sent: true as const };
    }
  }
  return Object.assign(await stubService('notification', mode, StubNotificationController, logger), { mails });
}

/** POST/GET with JSON, answering status, parsed body and headers. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path.startsWith('/api') || path.startsWith('/join') ? '' : '/api/v1'}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the API, checked by each test
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

/** The token in a sign-in link or a mail's text (`…/auth/seeker#token=…`). */
export function tokenFromLink(text: string): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text}`);
  return match[1];
}
