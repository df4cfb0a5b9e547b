// R70: the office registry in scheduling's store, its request-reply handlers for the
// national administrator, and the start-up step that registers the office OFFICE_CONFIG
// (or the built-in default) names, so a one-office deployment keeps working unchanged.
import { createHash } from 'node:crypto';
import { Controller, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventStore } from '@soudan/event-store';
import { correlationIdFrom, RpcHandler } from '@soudan/messaging';
import type { OfficeSettings } from '@soudan/offices';
import {
  CLOCK,
  EVENT_STORE,
  handleCommandWithRetry,
  OFFICE,
  type Logger,
  RUNTIME,
  type ServiceRuntime,
} from '@soudan/platform';
import {
  SchedulingApi,
  type ImportOfficesRequest,
  type ImportOfficesResult,
  type OfficeView,
  type PublicOffice,
  type SetOfficeCalendarRequest,
  type SetOfficeRequest,
  type SetOfficeResult,
} from '@soudan/scheduling-contracts';
import {
  assessImport,
  DomainError,
  evolveOfficeRegistry,
  initialOfficeRegistryState,
  officeRegistryDecider,
  type OfficeRegistryEvent,
  type OfficeRegistryState,
  type RegisteredOffice,
} from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import { OFFICE_REGISTRY_STREAM, type Scheduling } from '@soudan/scheduling-application';
import { SchedulingProjection } from './scheduling.projection';
import { RESERVATION_SERVICE } from './tokens';

export { OFFICE_REGISTRY_STREAM };

/** The registry as last read, brought up to date from where that read ended. */
@Injectable()
export class OfficeRegistryReader {
  private state: OfficeRegistryState = initialOfficeRegistryState();
  private nextRevision = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<OfficeRegistryState> {
    // Another replica may have written since: read on from the last revision seen.
    const events = await this.store.readStream(OFFICE_REGISTRY_STREAM, { fromRevision: this.nextRevision });
    for (const event of events) {
      this.state = evolveOfficeRegistry(this.state, { type: event.type, data: event.data } as OfficeRegistryEvent);
      this.nextRevision = event.revision + 1;
    }
    return this.state;
  }
}

const view = ({ settings, registeredAt, updatedAt, changes }: RegisteredOffice): OfficeView => ({
  settings,
  registeredAt,
  updatedAt,
  changes,
});

@Controller()
export class OfficeRegistryRpcController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OfficeRegistryReader) private readonly registry: OfficeRegistryReader,
    @Inject(OFFICE) private readonly configured: OfficeSettings,
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(RESERVATION_SERVICE) private readonly service: Scheduling,
  ) {}

  @RpcHandler(SchedulingApi.officeForMail)
  async officeForMail(@Payload() p: { reservationId?: string; code?: string }): Promise<OfficeSettings> {
    const valid = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 100;
    if (!valid(p?.reservationId) && !valid(p?.code))
      throw new DomainError('VALIDATION_FAILED', 'name a reservationId or an office code', {
        fields: { reservationId: ['a reservation id or an office code is required'] },
      });
    const code = valid(p.reservationId)
      ? (this.projection.reservations.get(p.reservationId!)?.officeCode ??
        (await this.service.get(p.reservationId!)).officeCode)
      : p.code!;
    // The registry as folded by the read model, then as stored (an office registered a moment ago).
    const settings =
      this.projection.offices.get(code) ??
      (await this.registry.current()).offices.get(code)?.settings ??
      (code === this.configured.code ? this.configured : undefined);
    if (!settings) throw new DomainError('OFFICE_NOT_FOUND', `no office ${code} is registered`, { code });
    return settings;
  }

  @RpcHandler(SchedulingApi.listOffices)
  async list(): Promise<OfficeView[]> {
    const { offices } = await this.registry.current();
    return [...offices.values()].map(view).sort((a, b) => a.settings.code.localeCompare(b.settings.code));
  }

  @RpcHandler(SchedulingApi.getOffice)
  async get(@Payload() p: { code: string }): Promise<OfficeView> {
    const office = (await this.registry.current()).offices.get(p.code);
    if (!office) throw new DomainError('OFFICE_NOT_FOUND', `no office ${p.code} is registered`, { code: p.code });
    return view(office);
  }

  @RpcHandler(SchedulingApi.publicOffice)
  async publicOffice(@Payload() p: { code: string }): Promise<PublicOffice> {
    const office = (await this.registry.current()).offices.get(p?.code);
    if (!office) throw new DomainError('OFFICE_NOT_FOUND', `no office ${p?.code} is registered`, { code: p?.code });
    const { code, name, phone, hours } = office.settings;
    return { code, name, phone, hours: { open: hours.open, close: hours.close, slotMinutes: hours.slotMinutes } };
  }

  @RpcHandler(SchedulingApi.setOffice)
  async set(@Payload() p: SetOfficeRequest, @Ctx() ctx: unknown): Promise<SetOfficeResult> {
    const { events, state } = await handleCommandWithRetry(
      this.store,
      OFFICE_REGISTRY_STREAM,
      officeRegistryDecider,
      {
        type: 'SetOffice',
        data: { code: p.code, settings: p.settings, source: { kind: 'api' }, by: p.actor },
        metadata: { now: this.clock.now().toISOString() },
      },
      { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: p.actor },
    );
    const event = events[0];
    return {
      office: view(state.offices.get(p.code)!),
      outcome: !event ? 'unchanged' : event.type === 'OfficeRegistered' ? 'registered' : 'changed',
      changed: event?.type === 'OfficeSettingsChanged' ? event.data.changed : [],
    };
  }

  @RpcHandler(SchedulingApi.setOfficeCalendar)
  async setCalendar(@Payload() p: SetOfficeCalendarRequest, @Ctx() ctx: unknown): Promise<SetOfficeResult> {
    const { events, state } = await handleCommandWithRetry(
      this.store,
      OFFICE_REGISTRY_STREAM,
      officeRegistryDecider,
      {
        type: 'SetOfficeCalendar',
        data: { code: p.code, hours: p.hours, closures: p.closures, by: p.actor },
        metadata: { now: this.clock.now().toISOString() },
      },
      { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: p.actor },
    );
    const event = events[0];
    return {
      office: view(state.offices.get(p.code)!),
      outcome: event ? 'changed' : 'unchanged',
      changed: event?.type === 'OfficeSettingsChanged' ? event.data.changed : [],
    };
  }

  @RpcHandler(SchedulingApi.importOffices)
  async import(@Payload() p: ImportOfficesRequest, @Ctx() ctx: unknown): Promise<ImportOfficesResult> {
    const now = this.clock.now().toISOString();
    const preview = assessImport(await this.registry.current(), p.offices, p.actor, now);
    const rows = preview.rows.map((row) =>
      row.outcome === 'refused'
        ? { row: row.row, code: row.code, outcome: row.outcome, problems: row.problems }
        : { row: row.row, code: row.code, outcome: row.outcome, changed: row.changed },
    );
    const counts = { registered: 0, changed: 0, unchanged: 0, refused: 0 };
    for (const row of rows) counts[row.outcome] += 1;
    if (p.dryRun || counts.refused > 0) return { dryRun: p.dryRun === true, applied: false, rows, counts };
    // Decided again against the registry as it stands when written (an import is all or none).
    await handleCommandWithRetry(
      this.store,
      OFFICE_REGISTRY_STREAM,
      officeRegistryDecider,
      { type: 'ImportOffices', data: { offices: p.offices, by: p.actor }, metadata: { now } },
      { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: p.actor },
    );
    return { dryRun: false, applied: true, rows, counts };
  }
}

/** A digest of settings, independent of the order of their keys. */
export function settingsDigest(settings: OfficeSettings): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(canonical(settings)))
    .digest('hex')}`;
}

/**
 * Registers the office this process was configured with (OFFICE_CONFIG, or the built-in
 * default) before the service answers: once per version of those settings, so that a
 * change made through the API stands until the file itself changes.
 */
@Injectable()
export class ConfiguredOfficeSeeder implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const logger: Logger = this.runtime.logger.child({ component: 'office-registry' });
    const { code, ...settings } = this.office;
    const { events } = await handleCommandWithRetry(
      this.store,
      OFFICE_REGISTRY_STREAM,
      officeRegistryDecider,
      {
        type: 'SetOffice',
        data: {
          code,
          settings: settings as Record<string, unknown>,
          source: { kind: 'file', digest: settingsDigest(this.office) },
          by: 'system:office-config',
        },
        metadata: { now: this.clock.now().toISOString() },
      },
      { correlationId: `office-config:${code}`, actor: 'system:office-config' },
    );
    if (events.length > 0)
      logger.info(
        { office: code, event: events[0].type },
        'office settings from OFFICE_CONFIG recorded in the registry',
      );
  }
}
