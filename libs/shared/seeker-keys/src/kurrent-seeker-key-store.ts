// The KurrentDB story for the keys: one small stream per seeker outside the service's
// namespace (so neither readAll, the relay nor the audit ever sees it). Erasure deletes
// the stream (soft delete: it can be written again if the office lists the seeker
// anew); its events disappear from reads at once and from disk at the next scavenge,
// which operators must run on a schedule (deploy/) for erasure to be complete on disk.
import {
  BACKWARDS,
  END,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '@soudan/event-store';
import type { SeekerKeyStore, StoredKey } from './seeker-key-vault';

const PARALLEL = 16;

export class KurrentSeekerKeyStore implements SeekerKeyStore {
  private constructor(
    private readonly client: KurrentDBClient,
    private readonly namespace: string,
  ) {}

  static open(url: string, namespace: string): KurrentSeekerKeyStore {
    return new KurrentSeekerKeyStore(KurrentDBClient.connectionString(url), namespace);
  }

  private stream(seekerId: string): string {
    return `soudan-keys-${this.namespace}-seeker-${seekerId}`;
  }

  async find(seekerIds: readonly string[]): Promise<Map<string, StoredKey>> {
    const found = new Map<string, StoredKey>();
    for (let i = 0; i < seekerIds.length; i += PARALLEL) {
      await Promise.all(
        seekerIds.slice(i, i + PARALLEL).map(async (seekerId) => {
          const key = await this.read(seekerId);
          if (key) found.set(seekerId, key);
        }),
      );
    }
    return found;
  }

  async createMissing(keys: ReadonlyMap<string, StoredKey>): Promise<Map<string, StoredKey>> {
    const entries = [...keys];
    for (let i = 0; i < entries.length; i += PARALLEL) {
      await Promise.all(
        entries.slice(i, i + PARALLEL).map(async ([seekerId, key]) => {
          try {
            await this.client.appendToStream(
              this.stream(seekerId),
              jsonEvent({ type: 'SeekerKeyCreated', data: { ...key } }),
              { streamState: NO_STREAM },
            );
          } catch (error) {
            // Another writer stored a key first: theirs is the key.
            if (!(error instanceof WrongExpectedVersionError)) throw unavailable(error);
          }
        }),
      );
    }
    return this.find([...keys.keys()]);
  }

  async destroy(seekerId: string): Promise<void> {
    try {
      await this.client.deleteStream(this.stream(seekerId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw unavailable(error);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async read(seekerId: string): Promise<StoredKey | undefined> {
    try {
      for await (const resolved of this.client.readStream(this.stream(seekerId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const data = resolved.event?.data as Partial<StoredKey> | undefined;
        if (typeof data?.keyId === 'string' && typeof data.wrappedKey === 'string')
          return { keyId: data.keyId, wrappedKey: data.wrappedKey };
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
    ? new StoreUnavailableError(`KurrentDB key store unavailable: ${(error as Error).message}`, { cause: error })
    : error;
}
