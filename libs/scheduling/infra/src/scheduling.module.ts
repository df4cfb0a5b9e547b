import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { rebuildReadModelsRequested, type AppendResult, type EventStore } from '@soudan/event-store';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { ReservationService, UnguessableRoomProvider } from '@soudan/scheduling-application';
import { SCHEDULING_CONTEXT } from '@soudan/scheduling-contracts';
import { BusinessCalendar } from '@soudan/time';
import { RpcEligibility } from './eligibility.adapter';
import { InvitationsConsumer } from './invitations.consumer';
import { JoinRpcController } from './join.rpc-controller';
import { ReservationsRpcController } from './reservations.rpc-controller';
import { SchedulingProjection } from './scheduling.projection';
import { TermsAndCapacityRpcController } from './terms.rpc-controller';
import { TimerRunner } from './timers';
import { APPEND_TRACKER, RESERVATION_SERVICE, SCHEDULING_SETTINGS, type AppendTracker, type SchedulingInfraSettings } from './tokens';

/** The service's store, remembering the position of its latest append (read-your-writes). */
function tracking(store: EventStore, tracker: AppendTracker): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') {
        return async (...args: Parameters<EventStore['append']>): Promise<AppendResult> => {
          const result = await target.append(...args);
          if (tracker.lastPosition === undefined || result.position > tracker.lastPosition) tracker.lastPosition = result.position;
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function schedulingSettings(runtime: ServiceRuntime): SchedulingInfraSettings {
  const { office } = runtime;
  return {
    officeCode: office.code,
    officePhone: office.phone,
    calendar: new BusinessCalendar({ closures: office.closures ?? [], hours: office.hours }),
    slotMinutes: office.hours.slotMinutes,
    defaultCapacity: office.defaultCapacity ?? 1,
    publicBaseUrl: office.publicBaseUrl,
    meetingBaseUrl: office.meetingBaseUrl,
    timerIntervalMs: Number(process.env.TIMER_INTERVAL_MS ?? 1000),
  };
}

class SchedulingLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(TimerRunner) private readonly timers: TimerRunner,
  ) {}
  async onApplicationBootstrap() {
    await this.projection.start();
    this.timers.start();
  }
  async onModuleDestroy() {
    await this.timers.stop();
    await this.projection.stop();
  }
}

@Module({})
export class SchedulingModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    const settings = schedulingSettings(runtime);
    const tracker: AppendTracker = {};
    const store = tracking(runtime.store!, tracker);
    const service = new ReservationService(store, runtime.clock, settings, new RpcEligibility(runtime.rpc), new UnguessableRoomProvider(settings.meetingBaseUrl));
    const projection = new SchedulingProjection(runtime.store!, runtime.logger.child({ component: 'projection' }), { rebuild: rebuildReadModelsRequested(process.env) });
    return {
      module: SchedulingModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [ReservationsRpcController, TermsAndCapacityRpcController, JoinRpcController, healthController(SCHEDULING_CONTEXT)],
      providers: [
        { provide: SCHEDULING_SETTINGS, useValue: settings },
        { provide: APPEND_TRACKER, useValue: tracker },
        { provide: RESERVATION_SERVICE, useValue: service },
        { provide: SchedulingProjection, useValue: projection },
        { provide: TimerRunner, useValue: new TimerRunner(projection, service, runtime.clock, runtime.logger.child({ component: 'timers' }), settings.timerIntervalMs) },
        SchedulingLifecycle,
        InvitationsConsumer,
      ],
    };
  }
}
