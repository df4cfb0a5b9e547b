// R52, R74: the list of disclosures a supervisor sees, so the second supervisor finds what
// waits for their approval. A read model over the audit service's own store, caught up on
// every query and resumed from its snapshot (PulledReadModel): a disclosure requested a
// moment ago is in the answer. It keeps each disclosure's request and approval only, never
// a record shown or device data (the reveals are not folded).
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  PulledReadModel,
  rebuildReadModelsRequested,
  type EventStore,
  type PulledReadModelOptions,
  type RecordedEvent,
} from '@soudan/event-store';
import type {
  DisclosureApprovedV1,
  DisclosureList,
  DisclosureRequestedV1,
  DisclosureStatus,
  DisclosureSummary,
} from '@soudan/audit-contracts';
import { EVENT_STORE, LOGGER, OFFICE, type Logger, type OfficeSettings } from '@soudan/platform';
import { DISCLOSURE_STREAM_PREFIX as STREAM_PREFIX } from './disclosures';

/** Name of the snapshot in the audit store. */
export const DISCLOSURE_LIST_SNAPSHOT = 'audit-disclosure-list';

/** Bump whenever `apply` or the encoding below changes: older snapshots are then ignored and the history folded again. */
export const DISCLOSURE_LIST_MODEL_VERSION = 'disclosure-list-1';

/** A disclosure as listed; `office` absent: one of before offices, the configured office's. */
export type ListedDisclosure = Omit<DisclosureSummary, 'office'> & { office?: string };
type Listed = ListedDisclosure;

export class DisclosureListModel extends PulledReadModel<Map<string, Listed>> {
  private readonly listed = new Map<string, Listed>();

  constructor(
    store: EventStore,
    private readonly home: string,
    options: PulledReadModelOptions = {},
  ) {
    super(store, { name: DISCLOSURE_LIST_SNAPSHOT, version: DISCLOSURE_LIST_MODEL_VERSION }, options);
  }

  /**
   * R74: the disclosures of these offices ('*': every office; absent: no narrowing),
   * newest request first.
   */
  async list(query: { offices?: readonly string[]; status?: DisclosureStatus } = {}): Promise<DisclosureList> {
    await this.catchUp();
    // Two catch-ups in a row: one already running when we asked may have started before our caller's write.
    await this.catchUp();
    const { offices, status } = query;
    const disclosures = [...this.listed.values()]
      .reverse()
      .map((listed): DisclosureSummary => ({ ...listed, office: listed.office ?? this.home }))
      .filter((d) => !offices || offices.includes('*') || offices.includes(d.office))
      .filter((d) => !status || d.status === status)
      // Stable: requests of the same instant keep the newest recorded first.
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    return { disclosures };
  }

  protected encode(): unknown {
    return encodeDisclosureList(this.listed);
  }

  protected decode(state: unknown): Map<string, Listed> {
    return decodeDisclosureList(state);
  }

  protected restore(model: Map<string, Listed>): void {
    for (const [id, listed] of model) this.listed.set(id, listed);
  }

  protected apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(STREAM_PREFIX)) return;
    const id = event.streamId.slice(STREAM_PREFIX.length);
    switch (event.type) {
      case 'DisclosureRequested': {
        const data = event.data as DisclosureRequestedV1;
        const scope = data.scope ?? ({} as DisclosureRequestedV1['scope']);
        this.listed.set(id, {
          id,
          status: 'requested',
          authority: data.authority,
          legalBasis: data.legalBasis,
          scope: {
            ...(scope.seekerId ? { seekerId: scope.seekerId } : {}),
            from: scope.from,
            to: scope.to,
            ...(scope.office ? { office: scope.office } : {}),
          },
          ...(scope.office ? { office: scope.office } : {}),
          requestedBy: data.requestedBy,
          requestedAt: data.requestedAt,
        });
        return;
      }
      case 'DisclosureApproved': {
        const listed = this.listed.get(id);
        const data = event.data as DisclosureApprovedV1;
        if (listed)
          Object.assign(listed, { status: 'approved', approvedBy: data.approvedBy, approvedAt: data.approvedAt });
        return;
      }
      // DisclosureRecordsRevealed: what was shown is the trail's, not the list's.
    }
  }
}

/** The listed disclosures as JSON for their snapshot, in the order recorded, each copied (an approval updates one in place). */
export function encodeDisclosureList(listed: ReadonlyMap<string, Listed>): Listed[] {
  return Array.from(listed.values(), (one) => ({ ...one, scope: { ...one.scope } }));
}

/** The listed disclosures a snapshot's state holds; an Error naming what is wrong when it holds something else. */
export function decodeDisclosureList(state: unknown): Map<string, Listed> {
  if (!Array.isArray(state)) throw new Error('disclosure list snapshot: the state is not an array');
  return new Map(
    state.map((entry, i): [string, Listed] => {
      const where = `disclosure list snapshot: entry ${i}`;
      if (typeof entry !== 'object' || entry === null) throw new Error(`${where} is not an object`);
      const listed = entry as Record<string, unknown>;
      for (const key of ['id', 'status', 'authority', 'legalBasis', 'requestedBy', 'requestedAt']) {
        if (typeof listed[key] !== 'string') throw new Error(`${where}: ${key} is not a string`);
      }
      if (listed.status !== 'requested' && listed.status !== 'approved') throw new Error(`${where}: unknown status`);
      const scope = listed.scope as Record<string, unknown> | null;
      if (typeof scope !== 'object' || scope === null || typeof scope.from !== 'string' || typeof scope.to !== 'string')
        throw new Error(`${where}: the scope has no period`);
      return [listed.id as string, listed as unknown as Listed];
    }),
  );
}

/** The list as the audit service's provider: resumed from its snapshot, saved again when the service stops. */
@Injectable()
export class DisclosureListReader implements OnModuleDestroy {
  readonly model: DisclosureListModel;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(OFFICE) office: OfficeSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.model = new DisclosureListModel(store, office.code, {
      logger: logger.child({ component: 'disclosure-list' }),
      rebuild: rebuildReadModelsRequested(process.env),
    });
  }

  list(query: { offices?: readonly string[]; status?: DisclosureStatus }): Promise<DisclosureList> {
    return this.model.list(query);
  }

  async onModuleDestroy(): Promise<void> {
    await this.model.close();
  }
}
