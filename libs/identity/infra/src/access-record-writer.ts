// R50: one record the store refuses must not stop the others. A batch of a day's records
// goes in one append; when the store refuses it for what it holds (not because the store
// is down), the batch is split in halves and each half tried again, down to the one
// record at fault. That record is stored in a safe form under its own event id (its text
// repaired; failing that, only what the gateway wrote itself: time, method, status), and
// an AccessRecordRepaired alert goes beside it in the same append where the store allows
// (access-alerts.ts). The cost is a few appends per bad record (log2 of the batch), paid
// only when something is wrong.
import {
  appendToStreams,
  makeStorable,
  StoreUnavailableError,
  type EventStore,
  type NewEvent,
  unstorablePaths,
} from '@soudan/event-store';
import { ACCESS_ALERT_STREAM, AccessAlertEventTypes, type AccessRecordRepairedV1 } from './access-alerts';

/** How a failed append is taken: the store is down (keep and retry), or this content was refused (split). */
export type FailureKind = 'unavailable' | 'content' | 'unknown';

// SQLSTATE classes about the data: 22 data exception (bad text, number out of range), 54
// program limit exceeded (a value too large), 23 integrity (a partly stored batch).
const CONTENT_SQLSTATE = /^(22|23|54)/;

export function failureKind(error: unknown): FailureKind {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (error instanceof StoreUnavailableError || code === 'STORE_UNAVAILABLE') return 'unavailable';
  if (name === 'UnstorableEventError' || name === 'DuplicateEventIdError') return 'content';
  if (typeof code === 'string' && CONTENT_SQLSTATE.test(code)) return 'content';
  // KurrentDB refuses an append over its size limit.
  if (/MaximumAppendSize/i.test(String(name)) || /maximum append size/i.test(String((error as Error)?.message)))
    return 'content';
  return 'unknown';
}

/** The error as an alert may show it: its code or name, never its message (which may quote the record). */
export function reasonOf(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  const text = typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
  return text.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'unknown';
}

export interface WriteOutcome {
  /** Event ids of the alerts raised (one per record stored in a safe form). */
  repaired: AccessRecordRepairedV1[];
}

export class AccessRecordWriter {
  constructor(
    private readonly store: EventStore,
    /** When the safe form was stored (wall time: the access's own time is in the record). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores the events of one day's stream. Throws when the store cannot take them now
   * (unavailable, or an unknown failure while `splitUnknown` is false); what was stored
   * before the throw has been reported through `stored`.
   */
  async write(
    stream: string,
    events: NewEvent[],
    splitUnknown: boolean,
    stored: (ids: readonly string[]) => void,
  ): Promise<WriteOutcome> {
    const repaired: AccessRecordRepairedV1[] = [];
    await this.writePart(stream, events, splitUnknown, stored, repaired);
    return { repaired };
  }

  private async writePart(
    stream: string,
    events: NewEvent[],
    splitUnknown: boolean,
    stored: (ids: readonly string[]) => void,
    repaired: AccessRecordRepairedV1[],
  ): Promise<void> {
    try {
      await this.store.append(stream, events, 'any');
      stored(events.map((event) => event.eventId));
      return;
    } catch (error) {
      const kind = failureKind(error);
      if (kind === 'unavailable' || (kind === 'unknown' && !splitUnknown)) throw error;
      if (events.length === 1) {
        repaired.push(await this.storeSafely(stream, events[0], error));
        stored([events[0].eventId]);
        return;
      }
      const half = Math.ceil(events.length / 2);
      await this.writePart(stream, events.slice(0, half), splitUnknown, stored, repaired);
      await this.writePart(stream, events.slice(half), splitUnknown, stored, repaired);
    }
  }

  /** The record in a form the store takes, with its alert; throws when even the minimal form is refused. */
  private async storeSafely(stream: string, event: NewEvent, cause: unknown): Promise<AccessRecordRepairedV1> {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const fields = unstorableFields(event);
    const attempt = async (form: 'repaired' | 'minimal', safe: NewEvent) => {
      const alert: AccessRecordRepairedV1 = {
        recordEventId: event.eventId,
        stream,
        accessAt: typeof data.at === 'string' ? makeStorable(data.at) : this.now().toISOString(),
        reason: reasonOf(cause),
        form,
        fields,
        storedAt: this.now().toISOString(),
      };
      await appendToStreams(this.store, [
        { streamId: stream, events: [safe], expected: 'any' },
        {
          streamId: ACCESS_ALERT_STREAM,
          // Derived from the record's id: a retry after a lost answer raises the same alert, not a second.
          events: [
            {
              eventId: `${event.eventId}:repaired`,
              type: AccessAlertEventTypes.AccessRecordRepaired,
              data: alert,
              metadata: { correlationId: event.metadata.correlationId, actor: 'system:gateway', schemaVersion: 1 },
            },
          ],
          expected: 'any',
        },
      ]);
      return alert;
    };
    try {
      return await attempt('repaired', {
        ...event,
        data: { ...makeStorable(data), repaired: { reason: reasonOf(cause), fields } },
        metadata: makeStorable(event.metadata),
      });
    } catch (error) {
      if (failureKind(error) === 'unavailable') throw error;
      return attempt('minimal', {
        eventId: event.eventId,
        type: event.type,
        data: minimalRecord(data, reasonOf(cause)),
        metadata: { correlationId: 'unstorable', actor: 'system:gateway', schemaVersion: 1 },
      });
    }
  }
}

/** Paths of the event's unstorable strings (at most 20), their keys cleaned like the field names of a 400. */
function unstorableFields(event: NewEvent): string[] {
  return unstorablePaths({ data: event.data, metadata: event.metadata }).map((path) =>
    path.replace(/[^\p{L}\p{N}_.[\]-]/gu, '?').slice(0, 200),
  );
}

/** Only values the gateway itself wrote, each checked: nothing a client sent. */
function minimalRecord(data: Record<string, unknown>, reason: string): Record<string, unknown> {
  const at = typeof data.at === 'string' && /^[0-9T:.Z+-]{10,40}$/.test(data.at) ? data.at : new Date().toISOString();
  const method = typeof data.method === 'string' && /^[A-Z]{1,16}$/.test(data.method) ? data.method : 'UNKNOWN';
  const status = typeof data.status === 'number' && Number.isInteger(data.status) ? data.status : 0;
  const outcome = ['allowed', 'refused', 'invalid', 'failed'].includes(data.outcome as string)
    ? data.outcome
    : 'failed';
  return {
    at,
    method,
    route: null,
    params: {},
    status,
    outcome,
    principal: { kind: 'anonymous' },
    durationMs: 0,
    device: { ip: 'unknown', userAgent: null, sealed: null },
    repaired: { reason, form: 'minimal' },
  };
}
