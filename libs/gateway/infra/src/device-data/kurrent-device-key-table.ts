// The KurrentDB story for the device-data keys: one small stream per seeker outside the
// gateway's namespace (so neither readAll, the relay nor the audit ever sees it).
// Erasure deletes the stream (soft delete: its key disappears from reads at once and from
// disk at the next scavenge, which operators run on a schedule, deploy/) and writes the
// erasure mark anew; listing the seeker again deletes the mark.
import {
  ANY,
  BACKWARDS,
  END,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '@soudan/event-store';
import type { DeviceKeyEntry, DeviceKeyTable, StoredDeviceKey } from './device-key-table';

const PARALLEL = 16;
const KEY_CREATED = 'DeviceKeyCreated';
const SEEKER_ERASED = 'DeviceKeyErased';

export class KurrentDeviceKeyTable implements DeviceKeyTable {
  private constructor(
    private readonly client: KurrentDBClient,
    private readonly namespace: string,
  ) {}

  static open(url: string, namespace: string): KurrentDeviceKeyTable {
    return new KurrentDeviceKeyTable(KurrentDBClient.connectionString(url), namespace);
  }

  private stream(seekerId: string): string {
    return `soudan-keys-${this.namespace}-device-${seekerId}`;
  }

  async find(seekerIds: readonly string[]): Promise<Map<string, DeviceKeyEntry>> {
    const found = new Map<string, DeviceKeyEntry>();
    await this.each(seekerIds, async (seekerId) => {
      const entry = await this.read(seekerId);
      if (entry) found.set(seekerId, entry);
    });
    return found;
  }

  async createMissing(keys: ReadonlyMap<string, StoredDeviceKey>): Promise<Map<string, DeviceKeyEntry>> {
    await this.each([...keys.keys()], async (seekerId) => {
      const key = keys.get(seekerId)!;
      try {
        await this.client.appendToStream(
          this.stream(seekerId),
          jsonEvent({ type: KEY_CREATED, data: { keyId: key.keyId, wrappedKey: key.wrappedKey } }),
          { streamState: NO_STREAM },
        );
      } catch (error) {
        // Another writer stored a key first, or the seeker is marked erased: that entry stands.
        if (!(error instanceof WrongExpectedVersionError)) throw unavailable(error);
      }
    });
    return this.find([...keys.keys()]);
  }

  async erase(seekerId: string): Promise<void> {
    const stream = this.stream(seekerId);
    try {
      await this.client.deleteStream(stream);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw unavailable(error);
    }
    try {
      await this.client.appendToStream(stream, jsonEvent({ type: SEEKER_ERASED, data: {} }), { streamState: ANY });
    } catch (error) {
      throw unavailable(error);
    }
  }

  async restore(seekerId: string): Promise<void> {
    if ((await this.read(seekerId))?.kind !== 'erased') return;
    try {
      await this.client.deleteStream(this.stream(seekerId));
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw unavailable(error);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async each(seekerIds: readonly string[], work: (seekerId: string) => Promise<void>): Promise<void> {
    for (let i = 0; i < seekerIds.length; i += PARALLEL) await Promise.all(seekerIds.slice(i, i + PARALLEL).map(work));
  }

  private async read(seekerId: string): Promise<DeviceKeyEntry | undefined> {
    try {
      for await (const resolved of this.client.readStream(this.stream(seekerId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const event = resolved.event;
        if (event?.type === SEEKER_ERASED) return { kind: 'erased' };
        const data = event?.data as Partial<StoredDeviceKey> | undefined;
        if (event?.type === KEY_CREATED && typeof data?.keyId === 'string' && typeof data.wrappedKey === 'string')
          return { kind: 'key', keyId: data.keyId, wrappedKey: data.wrappedKey };
      }
      return undefined;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw unavailable(error);
    }
  }
}

function unavailable(error: unknown): unknown {
  const name = (error as { name?: string })?.name ?? '';
  return /Unavailable|Deadline|Timeout|NotLeader|Cancelled/.test(name)
    ? new StoreUnavailableError(`KurrentDB device key table unavailable: ${(error as Error).message}`, { cause: error })
    : error;
}
