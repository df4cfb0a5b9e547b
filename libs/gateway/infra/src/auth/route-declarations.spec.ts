// Default deny only works if nobody relies on it by accident: every route of the gateway
// declares who may call it, exactly one way. Walks the routes Nest registered, so a
// controller added later is checked without touching this test.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventStore } from '@soudan/event-store';
import { createRpcClient, InProcessHub } from '@soudan/messaging';
import { NAMERIKAWA, type ServiceRuntime } from '@soudan/platform';
import { systemClock } from '@soudan/time';
import { API_PREFIX, applyApiPrefix } from '../gateway.app';
import { GatewayModule } from '../gateway.module';
import { expressRoutes, listRoutes, type RouteInfo } from './route-inventory';
import { ROLES } from './roles';
import { quietLogger, testConfig } from './testing/harness';

describe('every gateway route declares @Roles or @Public', () => {
  let app: INestApplication;
  let routes: RouteInfo[];

  beforeAll(async () => {
    const mode = { kind: 'in-process' as const, hub: new InProcessHub() };
    // Booting the module never touches the store; a call would fail loudly.
    const refuse = () => Promise.reject(new Error('no store in this test'));
    const store = {
      append: refuse,
      readStream: refuse,
      readAll: refuse,
      subscribe: refuse,
      ping: refuse,
      close: async () => undefined,
    } as unknown as EventStore;
    const runtime: ServiceRuntime = {
      context: 'gateway',
      config: testConfig(),
      office: NAMERIKAWA,
      mode,
      store,
      rpc: await createRpcClient(mode),
      clock: systemClock,
      logger: quietLogger(),
    };
    app = await NestFactory.create(GatewayModule.register(runtime), { logger: false, bodyParser: false });
    applyApiPrefix(app);
    await app.init();
    routes = listRoutes(app, API_PREFIX);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('finds the routes Nest registered, including sign-in, staff users and audit', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/seeker/link',
        'POST /api/v1/auth/seeker/session',
        'POST /api/v1/auth/staff/session',
        'POST /api/v1/staff/users',
        'GET /api/v1/audit/events',
        'GET /api/v1/health',
      ]),
    );
    // Nothing express serves is missing from the inventory.
    const known = new Set(paths);
    expect(
      expressRoutes(app)
        .map(([m, p]) => `${m} ${p}`)
        .filter((r) => !known.has(r)),
    ).toEqual([]);
  });

  it('has no route that declares neither (it would be refused for everyone) or both', () => {
    const undeclared = routes.filter((r) => !r.isPublic && !r.roles?.length).map((r) => `${r.controller}.${r.handler}`);
    const both = routes.filter((r) => r.isPublic && r.roles?.length).map((r) => `${r.controller}.${r.handler}`);
    expect({ undeclared, both }).toEqual({ undeclared: [], both: [] });
  });

  it('names only roles that exist', () => {
    for (const route of routes) for (const role of route.roles ?? []) expect(ROLES).toContain(role);
  });

  it('keeps staff and audit routes away from the public and seekers away from staff routes', () => {
    for (const route of routes.filter(
      (r) => r.path.startsWith('/api/v1/staff') || r.path.startsWith('/api/v1/audit'),
    )) {
      expect({ route: route.path, isPublic: route.isPublic, seeker: route.roles?.includes('seeker') }).toEqual({
        route: route.path,
        isPublic: false,
        seeker: false,
      });
    }
  });
});
