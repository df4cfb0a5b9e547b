// R52 (Art. 7(2)): disclosures of device identification data. Load, decide, append on
// the disclosure's own stream (`disclosure-<id>`); the relay publishes each step, and the
// audit consumer links it into the trail like any other event.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import type { ApproveDisclosureRequest, DisclosedRecord, DisclosureView, GetDisclosureRequest, RequestDisclosureRequest } from '@soudan/audit-contracts';
import { deviceDataOf, disclosureDecider, DomainError, scopePeriod, type DisclosureCommand, type DisclosureEvent, type DisclosureState } from '@soudan/audit-domain';
import { seekerIdFor } from '@soudan/eligibility-contracts';
import { CLOCK, EVENT_STORE, handleCommand, handleCommandWithRetry, loadAggregate, RUNTIME, type ServiceRuntime } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { toView } from './audit-record';
import { AuditTrail } from './audit-trail';
import { deviceDataKey, openDeviceData } from './device-data';
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
  ) {
    this.sealKey = deviceDataKey(runtime.config.encryptionKey);
    this.pseudonymKey = runtime.config.pseudonymKey;
  }

  async request(request: RequestDisclosureRequest, context: Context): Promise<DisclosureView> {
    const actor = staffActor(request?.actor);
    const scope = request?.scope && typeof request.scope === 'object' ? request.scope : ({} as RequestDisclosureRequest['scope']);
    // R54: the request names a job seeker by number; the record keeps only the pseudonym events carry.
    const seekerId =
      scope.jobSeekerNumber === undefined || scope.jobSeekerNumber === null || scope.jobSeekerNumber === ''
        ? undefined
        : seekerIdFor(this.pseudonymKey, jobSeekerNumberParam(scope.jobSeekerNumber, 'scope.jobSeekerNumber'));
    const disclosureId = randomUUID();
    const { state } = await this.run(disclosureId, {
      type: 'RequestDisclosure',
      metadata: { now: this.now() },
      data: { disclosureId, authority: request.authority, legalBasis: request.legalBasis, scope: { seekerId, from: scope.from, to: scope.to }, requestedBy: actor },
    }, { ...context, actor });
    return viewOf(state);
  }

  async approve(request: ApproveDisclosureRequest, context: Context): Promise<DisclosureView> {
    const id = disclosureIdParam(request?.disclosureId);
    const actor = staffActor(request?.actor);
    const { state } = await this.run(id, { type: 'ApproveDisclosure', metadata: { now: this.now() }, data: { approvedBy: actor } }, { ...context, actor });
    return viewOf(state);
  }

  /** Its state; once approved, a page of the records in scope with their device data opened, and that showing recorded first. */
  async get(request: GetDisclosureRequest, context: Context): Promise<DisclosureView> {
    const id = disclosureIdParam(request?.disclosureId);
    const actor = staffActor(request?.actor);
    const after = positionParam(request?.from);
    const limit = limitParam(request?.limit);
    const { state } = await loadAggregate<DisclosureState, DisclosureEvent>(this.store, disclosureStream(id), disclosureDecider);
    const view = viewOf(state);
    if (state.status !== 'approved') return view;

    const { records, next } = await this.trail.withDeviceData({ after, limit, ...scopePeriod(state.request.scope), seekerId: state.request.scope.seekerId });
    const disclosed: DisclosedRecord[] = records.map((recorded) => {
      const device = deviceDataOf((recorded.data as { data?: unknown })?.data);
      return { ...toView(recorded), ...(device ? { device: openDeviceData(this.sealKey, device.sealed) } : {}) };
    });
    // Recorded before anything is shown: a showing that cannot be recorded does not happen.
    await handleCommandWithRetry(
      this.store,
      disclosureStream(id),
      disclosureDecider,
      {
        type: 'RecordReveal',
        metadata: { now: this.now() },
        data: { revealedTo: actor, firstPosition: disclosed[0]?.position ?? null, lastPosition: disclosed.at(-1)?.position ?? null, count: disclosed.length },
      },
      { ...context, actor },
    );
    return { ...view, records: disclosed, next };
  }

  private run(id: string, command: DisclosureCommand, context: Context & { actor: string }) {
    return handleCommand(this.store, disclosureStream(id), disclosureDecider, command, context);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
