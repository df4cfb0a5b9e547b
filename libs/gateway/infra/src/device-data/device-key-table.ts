// R54 for device data (R52): what a seeker's requests and join link reveal of their
// device is sealed with a key of that seeker's own, and only that key, wrapped with a key
// derived from ENCRYPTION_KEY, is kept: here, where a delete is a delete (a table beside
// the gateway's events, or on KurrentDB a stream outside its namespace). Erasing the
// seeker deletes the key and leaves a mark, so records made after the erasure (a token
// still valid for a few minutes) keep no raw values either, until the office lists the
// seeker anew.

/** A seeker's device-data key as stored: wrapped, never in clear. */
export interface StoredDeviceKey {
  keyId: string;
  wrappedKey: string;
}

export type DeviceKeyEntry = ({ kind: 'key' } & StoredDeviceKey) | { kind: 'erased' };

export interface DeviceKeyTable {
  /** The entries of these seekers; a seeker with neither key nor mark is absent. */
  find(seekerIds: readonly string[]): Promise<Map<string, DeviceKeyEntry>>;
  /** Stores each key whose seeker has no entry yet; answers the entries now stored for all of them (a concurrent writer may have won, or the seeker is erased). */
  createMissing(keys: ReadonlyMap<string, StoredDeviceKey>): Promise<Map<string, DeviceKeyEntry>>;
  /** Deletes the seeker's key for good and marks the seeker erased. Idempotent. */
  erase(seekerId: string): Promise<void>;
  /** The seeker is on the roster again: removes the erasure mark (never a key). Idempotent. */
  restore(seekerId: string): Promise<void>;
  close(): Promise<void>;
}

/** The table in memory: unit tests, and stores that cannot keep one (never in a deployment). */
export class InMemoryDeviceKeyTable implements DeviceKeyTable {
  readonly entries = new Map<string, DeviceKeyEntry>();

  async find(seekerIds: readonly string[]): Promise<Map<string, DeviceKeyEntry>> {
    const found = new Map<string, DeviceKeyEntry>();
    for (const id of seekerIds) {
      const entry = this.entries.get(id);
      if (entry) found.set(id, entry);
    }
    return found;
  }

  async createMissing(keys: ReadonlyMap<string, StoredDeviceKey>): Promise<Map<string, DeviceKeyEntry>> {
    for (const [id, key] of keys) if (!this.entries.has(id)) this.entries.set(id, { kind: 'key', ...key });
    return this.find([...keys.keys()]);
  }

  async erase(seekerId: string): Promise<void> {
    this.entries.set(seekerId, { kind: 'erased' });
  }

  async restore(seekerId: string): Promise<void> {
    if (this.entries.get(seekerId)?.kind === 'erased') this.entries.delete(seekerId);
  }

  /** Nothing to release: the entries live as long as the object. */
  async close(): Promise<void> {
    return undefined;
  }
}
