// R52 (Art. 7(2)): disclosures of device identification data. Load, decide, append on
// the disclosure's own stream (`disclosure-<id>`); the relay publishes each step, and the
// audit consumer links it into the trail like any other event. A seeker's device data is
// sealed with that seeker's own key, which only the gateway holds: it opens them for an
// approved disclosure, and answers `{ erased: true }` once the seeker is erased (R54).
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import type {
  ApproveDisclosureRequest,
  DisclosedRecord,
  DisclosureView,
  GetDisclosureRequest,
  RequestDisclosureRequest,
} from '@soudan/audit-contracts';
import {
  deviceDataOf,
  disclosureDecider,
  DomainError,
  scopePeriod,
  type DisclosureCommand,
  type DisclosureEvent,
  type DisclosureState,
} from '@soudan/audit-domain';
import { seekerIdFor } from '@soudan/eligibility-contracts';
import { GatewayApi, MAX_UNSEAL_BATCH, type UnsealDeviceDataRequest } from '@soudan/gateway-contracts';
import { type RpcClient, requestTyped } from '@soudan/messaging';
import {
  CLOCK,
  EVENT_STORE,
  handleCommand,
  handleCommandWithRetry,
  loadAggregate,
  OFFICE,
  type OfficeSettings,
  RPC_CLIENT,
  RUNTIME,
  type ServiceRuntime,
} from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { toView } from './audit-record';
import { AuditTrail } from './audit-trail';
import { deviceDataKey, openDeviceData, sealedForSeeker, type OpenedDevice } from './device-data';
import { disclosureIdParam, jobSeekerNumberParam, limitParam, positionParam, staffActor } from './rpc-input';

export const DISCLOSURE_STREAM_PREFIX = 'disclosure-';
export const disclosureStream = (id: string) => `${DISCLOSURE_STREAM_PREFIX}${id}`;

type Context = { correlationId: string };

function viewOf(state: DisclosureState): DisclosureView {
  if (state.status === 'none') throw new DomainError('DISCLOSURE_NOT_FOUND', 'no such disclosure');
  const { request, approval } = state;
  return {
    id: request.disclosureId,
    status: state.status,
    authority: request.authority,
    legalBasis: request.legalBasis,
    scope: request.scope,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    ...(approval ? { approvedBy: approval.approvedBy, approvedAt: approval.approvedAt } : {}),
  };
}

@Injectable()
export class Disclosures {
  private readonly sealKey: Buffer;
  private readonly pseudonymKey: Buffer;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME) runtime: ServiceRuntime,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {
    this.sealKey = deviceDataKey(runtime.config.encryptionKey);
    this.pseudonymKey = runtime.config.pseudonymKey;
  }

  async request(request: RequestDisclosureRequest, context: Context): Promise<DisclosureView> {
    const actor = staffActor(request?.actor);
    const scope =
      request?.scope && typeof request.scope === 'object' ? request.scope : ({} as RequestDisclosureRequest['scope']);
    // R54: the request names a job seeker by number; the record keeps only the pseudonym events carry.
    const seekerId =
      scope.jobSeekerNumber === undefined || scope.jobSeekerNumber === null || scope.jobSeekerNumber === ''
        ? undefined
        : seekerIdFor(this.pseudonymKey, jobSeekerNumberParam(scope.jobSeekerNumber, 'scope.jobSeekerNumber'));
    const disclosureId = randomUUID();
    const { state } = await this.run(
      disclosureId,
      {
        type: 'RequestDisclosure',
        metadata: { now: this.now() },
        data: {
          disclosureId,
          authority: request.authority,
          legalBasis: request.legalBasis,
          scope: {
            seekerId,
            from: scope.from,
            to: scope.to,
            ...(typeof scope.office === 'string' && /^(\d{5}|\*)$/.test(scope.office) ? { office: scope.office } : {}),
          },
          requestedBy: actor,
        },
      },
      { ...context, actor },
    );
    return viewOf(state);
  }

  async approve(request: ApproveDisclosureRequest, context: Context): Promise<DisclosureView> {
    const id = disclosureIdParam(request?.disclosureId);
    const actor = staffActor(request?.actor);
    await this.scoped(id, request?.offices);
    const { state } = await this.run(
      id,
      { type: 'ApproveDisclosure', metadata: { now: this.now() }, data: { approvedBy: actor } },
      { ...context, actor },
    );
    return viewOf(state);
  }

  /** Its state; once approved, a page of the records in scope with their device data opened, and that showing recorded first. */
  async get(request: GetDisclosureRequest, context: Context): Promise<DisclosureView> {
    const id = disclosureIdParam(request?.disclosureId);
    const actor = staffActor(request?.actor);
    const after = positionParam(request?.from);
    const limit = limitParam(request?.limit);
    const state = await this.scoped(id, request?.offices);
    const view = viewOf(state);
    if (state.status !== 'approved') return view;

    const { records, next } = await this.trail.withDeviceData({
      after,
      limit,
      ...scopePeriod(state.request.scope),
      seekerId: state.request.scope.seekerId,
      office: { code: this.officeOf(state), home: this.office.code },
    });
    const sealed = records.map((recorded) => deviceDataOf((recorded.data as { data?: unknown })?.data)?.sealed);
    const devices = await this.openAll(sealed, id, context);
    const disclosed: DisclosedRecord[] = records.map((recorded, index) => {
      const device = devices[index];
      return { ...toView(recorded), ...(device ? { device } : {}) };
    });
    // Recorded before anything is shown: a showing that cannot be recorded does not happen.
    await handleCommandWithRetry(
      this.store,
      disclosureStream(id),
      disclosureDecider,
      {
        type: 'RecordReveal',
        metadata: { now: this.now() },
        data: {
          revealedTo: actor,
          firstPosition: disclosed[0]?.position ?? null,
          lastPosition: disclosed.at(-1)?.position ?? null,
          count: disclosed.length,
        },
      },
      { ...context, actor },
    );
    return { ...view, records: disclosed, next };
  }

  /**
   * The device data of each record (undefined where it has none): the general key's here,
   * each seeker's own through the gateway, which alone holds those keys. When the gateway
   * cannot answer, the disclosure fails (503) rather than show data as erased that is not.
   */
  private async openAll(
    sealed: readonly unknown[],
    disclosureId: string,
    context: Context,
  ): Promise<Array<OpenedDevice | undefined>> {
    const opened = sealed.map((value) =>
      value === undefined || value === null || sealedForSeeker(value) ? undefined : openDeviceData(this.sealKey, value),
    );
    const seekers = sealed.flatMap((value, index) =>
      value !== undefined && value !== null && sealedForSeeker(value) ? [index] : [],
    );
    for (let start = 0; start < seekers.length; start += MAX_UNSEAL_BATCH) {
      const chunk = seekers.slice(start, start + MAX_UNSEAL_BATCH);
      const { devices } = await requestTyped(
        this.rpc,
        GatewayApi.unsealDeviceData,
        { disclosureId, sealed: chunk.map((index) => sealed[index]) } satisfies UnsealDeviceDataRequest,
        { correlationId: context.correlationId },
      );
      if (!Array.isArray(devices) || devices.length !== chunk.length)
        throw new Error(`the gateway answered ${devices?.length} device data for ${chunk.length}`);
      chunk.forEach((index, k) => (opened[index] = devices[k]));
    }
    return opened;
  }

  /** R74: the office a disclosure covers ('*' for a national one). */
  private officeOf(state: DisclosureState): string {
    return (state.status === 'none' ? undefined : state.request.scope.office) ?? this.office.code;
  }

  /** R72, R74: a disclosure of an office the supervisor does not work for is not found. */
  private async scoped(id: string, offices: unknown): Promise<DisclosureState> {
    const { state } = await loadAggregate<DisclosureState, DisclosureEvent>(
      this.store,
      disclosureStream(id),
      disclosureDecider,
    );
    if (Array.isArray(offices) && state.status !== 'none') {
      const office = this.officeOf(state);
      if (!offices.includes('*') && !offices.includes(office))
        throw new DomainError('DISCLOSURE_NOT_FOUND', 'no such disclosure', { disclosureId: id });
    }
    return state;
  }

  private run(id: string, command: DisclosureCommand, context: Context & { actor: string }) {
    return handleCommand(this.store, disclosureStream(id), disclosureDecider, command, context);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
