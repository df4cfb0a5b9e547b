import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { rebuildReadModelsRequested } from '@soudan/event-store';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import {
  createScheduling,
  UnguessableRoomProvider,
  VaultPersonalTexts,
  type WriteStep,
} from '@soudan/scheduling-application';
import { LazySeekerKeyStore, openSeekerKeyStore } from '@soudan/seeker-keys';
import { ErasureConsumer, erasureConsumer } from './erasure.consumer';
import { SCHEDULING_CONTEXT } from '@soudan/scheduling-contracts';
import { RpcEligibility } from './eligibility.adapter';
import { InvitationsConsumer, invitationsConsumer } from './invitations.consumer';
import { JoinRpcController } from './join.rpc-controller';
import { ConfiguredOfficeSeeder, OfficeRegistryReader, OfficeRegistryRpcController } from './office-registry';
import { officeSchedulingSettings, SchedulingOffices } from './offices';
import { ReservationsRpcController } from './reservations.rpc-controller';
import { SchedulingProjection } from './scheduling.projection';
import { SchedulingQueries } from './scheduling.queries';
import { SlotKeeperRunner } from './slot-keeper.runner';
import { TermsAndCapacityRpcController } from './terms.rpc-controller';
import { TimerRunner } from './timers';
import {
  APPEND_TRACKER,
  PERSONAL_TEXTS,
  RESERVATION_SERVICE,
  SCHEDULING_SETTINGS,
  type AppendTracker,
  type SchedulingInfraSettings,
} from './tokens';

/**
 * Test hook for crash tests: `SCHEDULING_CRASH_AT=consent:after-decide-append` ends the
 * process at once (SIGKILL, no clean-up) when a write reaches that point.
 */
function crashHook(): WriteStep | undefined {
  const at = process.env.SCHEDULING_CRASH_AT;
  if (!at) return undefined;
  return (point) => {
    if (point === at) process.kill(process.pid, 'SIGKILL');
  };
}

export function schedulingSettings(runtime: ServiceRuntime): SchedulingInfraSettings {
  const { office } = runtime;
  return {
    ...officeSchedulingSettings(office),
    meetingBaseUrl: office.meetingBaseUrl,
    timerIntervalMs: Number(process.env.TIMER_INTERVAL_MS ?? 1000),
    slotCheckIntervalMs: Number(process.env.SLOT_CHECK_INTERVAL_MS ?? 30_000),
    slotGraceMs: Number(process.env.SLOT_GRACE_MS ?? 120_000),
    // A store's multi-stream commit can be set aside to run the KurrentDB path on PostgreSQL (tests).
    atomicAppends: process.env.SCHEDULING_ATOMIC_APPENDS !== '0',
  };
}

class SchedulingLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(TimerRunner) private readonly timers: TimerRunner,
    @Inject(SlotKeeperRunner) private readonly keeper: SlotKeeperRunner,
    @Inject(LazySeekerKeyStore) private readonly keys: LazySeekerKeyStore,
  ) {}
  async onApplicationBootstrap() {
    await this.projection.start();
    this.timers.start();
    this.keeper.start();
  }
  async onModuleDestroy() {
    await this.keeper.stop();
    await this.timers.stop();
    await this.projection.stop();
    await this.keys.close();
  }
}

@Module({})
export class SchedulingModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    const settings = schedulingSettings(runtime);
    const tracker: AppendTracker = {};
    const store = runtime.store!;
    // R54: scheduling's own keys, beside its own events (a table of its schema, or streams outside its namespace).
    const keys = new LazySeekerKeyStore(() =>
      openSeekerKeyStore(store, {
        eventStoreUrl: runtime.config.eventStoreUrl,
        namespace: runtime.context,
        keyStoreUrl: runtime.config.keyStoreUrl,
      }),
    );
    const texts = new VaultPersonalTexts(keys, runtime.config.encryptionKey);
    const projection = new SchedulingProjection(runtime.store!, runtime.logger.child({ component: 'projection' }), {
      rebuild: rebuildReadModelsRequested(process.env),
    });
    // R70/R71: every registered office is served under its own settings.
    const offices = new SchedulingOffices(projection.offices, settings);
    // R4: requests for a full slot are refused from the same read model availability answers from.
    const read: { queries?: SchedulingQueries } = {};
    const service = createScheduling(
      store,
      settings,
      new RpcEligibility(runtime.rpc),
      new UnguessableRoomProvider(settings.meetingBaseUrl),
      texts,
      {
        atomic: settings.atomicAppends,
        step: crashHook(),
        keeper: { graceMs: settings.slotGraceMs },
        vacancy: (office, slot, now) => read.queries?.remaining(office, slot, now) ?? Number.POSITIVE_INFINITY,
        offices: (code) => offices.settings(code),
        onAppended: (position) => {
          if (tracker.lastPosition === undefined || position > tracker.lastPosition) tracker.lastPosition = position;
        },
      },
    );
    const queries = new SchedulingQueries(projection, runtime.clock, offices, texts);
    read.queries = queries;
    return {
      module: SchedulingModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [
        ReservationsRpcController,
        TermsAndCapacityRpcController,
        JoinRpcController,
        OfficeRegistryRpcController,
        healthController(SCHEDULING_CONTEXT),
      ],
      providers: [
        { provide: SCHEDULING_SETTINGS, useValue: settings },
        { provide: SchedulingOffices, useValue: offices },
        { provide: APPEND_TRACKER, useValue: tracker },
        { provide: RESERVATION_SERVICE, useValue: service },
        { provide: SchedulingProjection, useValue: projection },
        {
          provide: TimerRunner,
          useValue: new TimerRunner(
            projection,
            service,
            runtime.clock,
            runtime.logger.child({ component: 'timers' }),
            settings.timerIntervalMs,
          ),
        },
        { provide: PERSONAL_TEXTS, useValue: texts },
        { provide: LazySeekerKeyStore, useValue: keys },
        { provide: SchedulingQueries, useValue: queries },
        {
          provide: SlotKeeperRunner,
          useValue: new SlotKeeperRunner(
            service.keeper,
            projection,
            runtime.clock,
            runtime.logger.child({ component: 'slot-keeper' }),
            settings.slotCheckIntervalMs,
          ),
        },
        SchedulingLifecycle,
        OfficeRegistryReader,
        ConfiguredOfficeSeeder,
        InvitationsConsumer,
        invitationsConsumer,
        ErasureConsumer,
        erasureConsumer,
      ],
    };
  }
}
