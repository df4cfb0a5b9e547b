// R50: what went wrong with the access record is raised to staff, not only logged. Two
// kinds of alert, both kept in the stream `access-alerts` (its `access-` prefix sends it
// through the relay into the audit trail with the records themselves):
// - a record the store refused, stored instead in a safe form (AccessRecordRepaired);
// - a stretch of time in which no record could be stored (AccessRecordingStalled),
//   written once the store takes records again; while it lasts, the replica that cannot
//   write shows it from memory (it cannot store anything meanwhile).
// GET /staff/alerts lists those not yet resolved; a supervisor resolves them with
// POST /staff/alerts/{id}/resolution like the other alerts (ids `ar-…`).
import { createHash, randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@soudan/event-store';
import { AppError } from '@soudan/platform';

export const ACCESS_ALERT_STREAM = 'access-alerts';

export const AccessAlertEventTypes = {
  AccessRecordRepaired: 'AccessRecordRepaired',
  AccessRecordingStalled: 'AccessRecordingStalled',
  AccessAlertResolved: 'AccessAlertResolved',
} as const;

/** A record the store refused, stored under its own event id in a form the store takes. */
export interface AccessRecordRepairedV1 {
  recordEventId: string;
  /** The day's stream the record went to. */
  stream: string;
  /** When the access happened. */
  accessAt: string;
  /** The store's error, by code or name only (its message may quote the record). */
  reason: string;
  /** `repaired`: the record with its unstorable text replaced; `minimal`: only what the gateway itself wrote. */
  form: 'repaired' | 'minimal';
  /** Paths of the repaired strings, e.g. `data.params.id`. */
  fields: string[];
  storedAt: string;
}

/** No record could be stored from `from` to `to`. */
export interface AccessRecordingStalledV1 {
  from: string;
  to: string;
  failedAttempts: number;
  /** Records that had to wait (stored when the store came back, unless dropped). */
  waited: number;
  /** Records dropped when the buffer was full (also recorded as AccessRecordsDropped). */
  dropped: number;
  reason: string;
}

export interface AccessAlertResolvedV1 {
  alertId: string;
  resolvedBy: string;
  resolvedAt: string;
  note?: string;
}

export type AccessRecordAlert =
  | ({ id: string; kind: 'repaired-record' } & AccessRecordRepairedV1)
  | ({ id: string; kind: 'recording-stalled' } & AccessRecordingStalledV1)
  | {
      id: string;
      kind: 'recording-stalled-now';
      since: string;
      failedAttempts: number;
      waiting: number;
      dropped: number;
    };

/** The stored alert's event id, from the stall's start: the live alert and the stored one share their alert id. */
export const stallEventId = (since: string) => `stall:${since}`;

export const ACCESS_ALERT_ID = /^ar-[0-9a-f]{24}$/;
export const accessAlertId = (eventId: string) =>
  `ar-${createHash('sha256').update(eventId).digest('hex').slice(0, 24)}`;

/** The live condition of this replica's recorder, while it cannot store (see AccessRecorder.stall). */
export interface LiveStall {
  since: string;
  failedAttempts: number;
  waiting: number;
  dropped: number;
}

/** Unresolved alerts, read from the stream as it grows (one read of what is new per call). */
export class AccessAlerts {
  private readonly open = new Map<string, AccessRecordAlert>();
  private readonly resolved = new Set<string>();
  private next = 0;

  constructor(
    private readonly store: EventStore,
    private readonly live: () => LiveStall | undefined,
  ) {}

  async list(): Promise<AccessRecordAlert[]> {
    await this.catchUp();
    const stall = this.live();
    const now: AccessRecordAlert[] = stall
      ? [{ id: accessAlertId(stallEventId(stall.since)), kind: 'recording-stalled-now', ...stall }]
      : [];
    return [...now, ...[...this.open.values()].reverse()];
  }

  /** Takes an alert off the list; 404 for an unknown one, 409 for one resolved before. */
  async resolve(alertId: string, actor: string, at: Date, note?: string): Promise<AccessAlertResolvedV1> {
    for (let attempt = 0; ; attempt++) {
      await this.catchUp();
      if (this.resolved.has(alertId)) throw new AppError('ALERT_ALREADY_RESOLVED', 409, 'this alert was resolved');
      if (!this.open.has(alertId)) throw new AppError('ALERT_NOT_FOUND', 404, 'no such alert');
      const data: AccessAlertResolvedV1 = {
        alertId,
        resolvedBy: actor,
        resolvedAt: at.toISOString(),
        ...(note ? { note } : {}),
      };
      try {
        // The expected revision makes two supervisors resolving at once resolve it once.
        await this.store.append(
          ACCESS_ALERT_STREAM,
          [
            {
              eventId: randomUUID(),
              type: AccessAlertEventTypes.AccessAlertResolved,
              data,
              metadata: { correlationId: randomUUID(), actor, schemaVersion: 1 },
            },
          ],
          this.next - 1,
        );
        return data;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 3) throw error;
      }
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.store.readStream(ACCESS_ALERT_STREAM, { fromRevision: this.next, limit: 1000 });
      for (const event of events) this.apply(event);
      if (events.length < 1000) return;
    }
  }

  private apply(event: RecordedEvent): void {
    this.next = event.revision + 1;
    const id = accessAlertId(event.eventId);
    switch (event.type) {
      case AccessAlertEventTypes.AccessRecordRepaired:
        if (!this.resolved.has(id))
          this.open.set(id, { id, kind: 'repaired-record', ...(event.data as AccessRecordRepairedV1) });
        break;
      case AccessAlertEventTypes.AccessRecordingStalled:
        if (!this.resolved.has(id))
          this.open.set(id, { id, kind: 'recording-stalled', ...(event.data as AccessRecordingStalledV1) });
        break;
      case AccessAlertEventTypes.AccessAlertResolved: {
        const { alertId } = event.data as AccessAlertResolvedV1;
        this.resolved.add(alertId);
        this.open.delete(alertId);
        break;
      }
    }
  }
}
