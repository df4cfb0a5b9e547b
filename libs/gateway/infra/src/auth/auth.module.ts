// Sign-in, roles, limits and the access record, wired for the gateway's Nest app.
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ServiceRuntime } from '@soudan/platform';
import { deviceDataSealerFor, type DeviceDataSealer } from '../device-data/device-data-sealer';
import {
  AccessAlerts,
  DEFAULT_STAFF_LIMITS,
  type LimitBackend,
  limitBackendFor,
  PasswordHasher,
  StaffDirectory,
  AccessTokens,
  accessTokenKey,
  DEFAULT_SEEKER_LIMITS,
  LINK_TTL_MS,
  SeekerSignIn,
  SeekerTokenEndings,
} from '@soudan/identity-infra';
import { AccessRecorder } from './access-record';
import { runAsNoOne } from './request-principal';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { GATEWAY_OPTIONS, SEEKER_REQUEST_LIMIT, type GatewayOptions } from './gateway-options';
import { StaffUsersController } from './staff-users.controller';
import { RequestRateGuard } from './request-rate.guard';

/** The gateway's own store: it holds staff accounts, link tokens and the access record. */
export function gatewayStore(runtime: ServiceRuntime) {
  if (!runtime.store)
    throw new Error('the gateway needs its own event store (schema "gateway"): give its runtime a store');
  return runtime.store;
}

class AuthLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly recorder: AccessRecorder,
    private readonly seekers: SeekerSignIn,
    private readonly sealer: DeviceDataSealer,
    private readonly limits: LimitBackend,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Links being looked up or mailed get a moment to finish; a seeker whose link was
    // cut off asks again. The access record is flushed whatever happens.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.seekers.drain(), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    await this.recorder.close();
    await this.sealer.release();
    await this.limits.close();
  }
}

@Module({})
export class AuthModule {
  static register(runtime: ServiceRuntime, options: GatewayOptions = {}): DynamicModule {
    const store = gatewayStore(runtime);
    const logger = runtime.logger;
    const tokens = new AccessTokens(accessTokenKey(runtime.config), runtime.clock, options.accessTokenTtlSeconds);
    const hasher = new PasswordHasher();
    // Limits every replica shares: in the gateway's store when it is SQL (identity-infra's shared-limits.ts).
    const limits = limitBackendFor({
      store,
      rateLimitStoreUrl: runtime.config.rateLimitStoreUrl,
      pseudonymKey: runtime.config.pseudonymKey,
      logger,
      distributed: runtime.config.mode === 'distributed',
    });
    const staff = new StaffDirectory(
      store,
      hasher,
      runtime.clock,
      logger,
      runtime.office.code,
      { ...DEFAULT_STAFF_LIMITS, ...options.staffLimits },
      limits,
    );
    // Suspensions and erasures recorded by the gateway's consumer (identity-infra's seeker-tokens.consumer.ts);
    // an end older than any live credential (a link, then its token) is forgotten, with ten
    // minutes to spare for the hosts' clocks.
    const endings = new SeekerTokenEndings(store, {
      clock: runtime.clock,
      forgetAfterMs: LINK_TTL_MS + tokens.ttlSeconds * 1000 + 10 * 60_000,
    });
    const seekers = new SeekerSignIn(
      {
        store,
        rpc: runtime.rpc,
        clock: runtime.clock,
        logger,
        linkBase: `${runtime.office.publicBaseUrl.replace(/\/$/, '')}/auth/seeker`,
        rpcTimeoutMs: runtime.config.rpcTimeoutMs,
        endings,
        runAsNoOne,
      },
      { ...DEFAULT_SEEKER_LIMITS, ...options.seekerLimits },
      limits,
    );
    // R54: shared with the join link and the erasure consumer of this process (one key cache).
    const sealer = deviceDataSealerFor(runtime).retain();
    const recorder = new AccessRecorder(store, sealer, runtime.config, logger, options.accessRecords);
    const accessAlerts = new AccessAlerts(store, () => recorder.liveStall());
    // A signed-in account sending requests by the hundred is stopped before scheduling works on them.
    const seekerRequests = limits.limiter('seeker-reservation-requests', {
      limit: options.requestsPerSeekerPerHour ?? runtime.config.requestsPerSeekerPerHour,
      windowMs: 60 * 60_000,
    });
    return {
      module: AuthModule,
      // The staff alerts (another module's controller) list the access record's alerts too.
      global: true,
      controllers: [AuthController, StaffUsersController],
      providers: [
        { provide: GATEWAY_OPTIONS, useValue: options },
        { provide: SEEKER_REQUEST_LIMIT, useValue: seekerRequests },
        { provide: AccessTokens, useValue: tokens },
        { provide: PasswordHasher, useValue: hasher },
        { provide: StaffDirectory, useValue: staff },
        { provide: SeekerTokenEndings, useValue: endings },
        { provide: SeekerSignIn, useValue: seekers },
        { provide: AccessRecorder, useValue: recorder },
        { provide: AccessAlerts, useValue: accessAlerts },
        { provide: AuthLifecycle, useValue: new AuthLifecycle(recorder, seekers, sealer, limits) },
        // Order matters: a flood is cut off before any token is even read.
        { provide: APP_GUARD, useClass: RequestRateGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [
        AccessTokens,
        StaffDirectory,
        SeekerTokenEndings,
        SeekerSignIn,
        AccessRecorder,
        AccessAlerts,
        GATEWAY_OPTIONS,
        SEEKER_REQUEST_LIMIT,
      ],
    };
  }
}
