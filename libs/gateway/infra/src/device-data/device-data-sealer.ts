// R52, R54: device identification data, sealed so that erasing a seeker erases theirs.
// What belongs to a seeker (requests made with their token, their join link) is sealed
// with the seeker's own key (AES-256-GCM; the `kid` names the seeker and the key and is
// authenticated with the data); everything else (staff, anonymous requests) with the
// one general key derived from ENCRYPTION_KEY, as before. The seekers' keys live wrapped
// in the gateway's key table (DeviceKeyTable); erasure deletes the key, after which
// every copy of what it sealed (the gateway's store, JetStream, the audit trail,
// backups) is unreadable at once.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KurrentEventStore, sqlAccessOf, type EventStore } from '@soudan/event-store';
import {
  GENERAL_DEVICE_DATA_KID,
  seekerDeviceDataKid,
  seekerKeyOf,
  type SealedDeviceData,
  type UnsealedDeviceData,
} from '@soudan/gateway-contracts';
import type { ServiceRuntime } from '@soudan/platform';
import { deriveKey, KEY_PURPOSES, open, pseudonym, seal } from '@soudan/identity-infra';
import type { DeviceKeyEntry, DeviceKeyTable, StoredDeviceKey } from './device-key-table';
import { KurrentDeviceKeyTable } from './kurrent-device-key-table';
import { DEVICE_KEY_COLUMNS, SqlDeviceKeyTable } from './sql-device-key-table';
import { adoptLegacyKeyTable, placeKeys } from '@soudan/seeker-keys';

/** What is sealed: the raw values, never stored or logged in clear. */
export interface RawDevice {
  ip: string;
  userAgent: string | null;
}

export interface DeviceDataSealerOptions {
  /**
   * How long a seeker's key (or erasure mark) is used from memory before the table is
   * asked again. An erasure handled by another replica reaches this one's sealing within
   * this time; what it seals meanwhile is sealed with the destroyed key, so it is
   * unreadable all the same. Default 60 s.
   */
  cacheTtlMs?: number;
  /** Seekers whose keys are kept in memory at most (default 10,000). */
  maxCached?: number;
}

type Cached = { keyId: string; key: Buffer } | 'erased';

const VERSION = 'v1';
const b64 = (buffer: Buffer) => buffer.toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');
const UNREADABLE: UnsealedDeviceData = { error: 'UNREADABLE' };

/** eligibility's pseudonymous seeker id: 128 bits in hex. */
export const isSeekerId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);

function asSealed(value: unknown): SealedDeviceData | undefined {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const sealed = candidate as Record<string, unknown>;
  if (sealed.alg !== 'A256GCM' || !['kid', 'iv', 'ct', 'tag'].every((k) => typeof sealed[k] === 'string'))
    return undefined;
  return sealed as unknown as SealedDeviceData;
}

function opened(plaintext: string): UnsealedDeviceData {
  const device = JSON.parse(plaintext) as { ip?: unknown; userAgent?: unknown };
  return {
    ip: typeof device.ip === 'string' ? device.ip : null,
    userAgent: typeof device.userAgent === 'string' ? device.userAgent : null,
  };
}

export class DeviceDataSealer {
  private readonly generalKey: Buffer;
  private readonly wrapKey: Buffer;
  private readonly pseudonymKey: Buffer;
  private readonly cacheTtlMs: number;
  private readonly maxCached: number;
  private readonly cache = new Map<string, { entry: Cached; expires: number }>();
  private opening: Promise<DeviceKeyTable> | undefined;
  private users = 0;

  /** `table` opens the key table; it is called on first use, and again after a failed open. */
  constructor(
    private readonly openTable: () => Promise<DeviceKeyTable>,
    keys: { encryptionKey: Buffer; pseudonymKey: Buffer },
    options: DeviceDataSealerOptions = {},
  ) {
    this.generalKey = deriveKey(keys.encryptionKey, KEY_PURPOSES.deviceData);
    this.wrapKey = deriveKey(keys.encryptionKey, KEY_PURPOSES.seekerDeviceKeys);
    this.pseudonymKey = keys.pseudonymKey;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.maxCached = options.maxCached ?? 10_000;
  }

  /** R52: what views and reports show instead of the raw values. */
  pseudonyms(device: RawDevice): { ip: string; userAgent: string | null } {
    return {
      ip: pseudonym(this.pseudonymKey, 'ip', device.ip),
      userAgent: device.userAgent ? pseudonym(this.pseudonymKey, 'ua', device.userAgent) : null,
    };
  }

  /** Device data of nobody's in particular (staff, anonymous requests): the general key. */
  sealGeneral(device: RawDevice): SealedDeviceData {
    return seal(this.generalKey, GENERAL_DEVICE_DATA_KID, JSON.stringify(device)) as SealedDeviceData;
  }

  /**
   * Seals each seeker's device data with that seeker's own key, made when they have none
   * yet; null where the seeker is erased (nothing raw is kept of them any more).
   */
  async sealForSeekers(
    items: ReadonlyArray<{ seekerId: string; device: RawDevice }>,
  ): Promise<Array<SealedDeviceData | null>> {
    const keys = await this.keysFor([...new Set(items.map((item) => item.seekerId))]);
    return items.map(({ seekerId, device }) => {
      const key = keys.get(seekerId);
      if (!key || key === 'erased') return null;
      return seal(key.key, seekerDeviceDataKid(seekerId, key.keyId), JSON.stringify(device)) as SealedDeviceData;
    });
  }

  /**
   * R52: opens sealed values for an approved disclosure, each as the object (access
   * record) or its JSON text (join link). A seeker's value whose key is gone is
   * `{ erased: true }` (R54); an altered or foreign one UNREADABLE. The table is asked
   * every time, never the cache: an erasure counts from the moment it is made.
   */
  async unseal(values: readonly unknown[]): Promise<UnsealedDeviceData[]> {
    const sealed = values.map(asSealed);
    const seekers = [
      ...new Set(sealed.map((value) => seekerKeyOf(value)?.seekerId).filter((id): id is string => id !== undefined)),
    ];
    const entries = seekers.length > 0 ? await (await this.table()).find(seekers) : new Map<string, DeviceKeyEntry>();
    return sealed.map((value) => {
      if (!value) return UNREADABLE;
      const owner = seekerKeyOf(value);
      if (!owner) return value.kid === GENERAL_DEVICE_DATA_KID ? this.tryOpen(this.generalKey, value) : UNREADABLE;
      const entry = entries.get(owner.seekerId);
      // No key, the mark, or a newer key made after the seeker was listed again: the key that sealed it is gone.
      if (!entry || entry.kind === 'erased' || entry.keyId !== owner.keyId) return { erased: true };
      const key = this.unwrap(owner.seekerId, entry);
      return key ? this.tryOpen(key, value) : UNREADABLE;
    });
  }

  /** R54: the seeker is erased: their key is deleted for good, and nothing raw is sealed for them from now on. */
  async erase(seekerId: string): Promise<void> {
    await (await this.table()).erase(seekerId);
    this.remember(seekerId, 'erased');
  }

  /** The seeker is on the roster again: what they do from now on is sealed with a new key. */
  async restore(seekerId: string): Promise<void> {
    await (await this.table()).restore(seekerId);
    this.cache.delete(seekerId);
  }

  /** Counts a user of this (shared) sealer; the last `release` closes the key table. */
  retain(): this {
    this.users++;
    return this;
  }

  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    const opening = this.opening;
    this.opening = undefined;
    this.cache.clear();
    const table = await opening?.catch(() => undefined);
    await table?.close();
  }

  private table(): Promise<DeviceKeyTable> {
    this.opening ??= this.openTable().catch((error: unknown) => {
      // A store that was down at the first use: the next use tries again.
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async keysFor(seekerIds: readonly string[]): Promise<Map<string, Cached>> {
    const now = Date.now();
    const result = new Map<string, Cached>();
    const missing: string[] = [];
    for (const seekerId of seekerIds) {
      const cached = this.cache.get(seekerId);
      if (cached && cached.expires > now) result.set(seekerId, cached.entry);
      else missing.push(seekerId);
    }
    if (missing.length === 0) return result;
    const table = await this.table();
    let found = await table.find(missing);
    const create = new Map<string, StoredDeviceKey>();
    for (const seekerId of missing) {
      if (found.has(seekerId)) continue;
      const keyId = b64(randomBytes(12));
      create.set(seekerId, { keyId, wrappedKey: this.wrap(seekerId, keyId, randomBytes(32)) });
    }
    if (create.size > 0) found = new Map([...found, ...(await table.createMissing(create))]);
    for (const seekerId of missing) {
      const entry = found.get(seekerId);
      const key = entry?.kind === 'key' ? this.unwrap(seekerId, entry) : undefined;
      // A key wrapped under another ENCRYPTION_KEY opens nothing here: as good as erased for this process.
      const cached: Cached = entry?.kind === 'key' && key ? { keyId: entry.keyId, key } : 'erased';
      this.remember(seekerId, cached);
      result.set(seekerId, cached);
    }
    return result;
  }

  private remember(seekerId: string, entry: Cached): void {
    this.cache.delete(seekerId);
    this.cache.set(seekerId, { entry, expires: Date.now() + this.cacheTtlMs });
    // Oldest first in a Map's order: drop them beyond the bound.
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.maxCached) break;
      this.cache.delete(oldest);
    }
  }

  private tryOpen(key: Buffer, sealed: SealedDeviceData): UnsealedDeviceData {
    try {
      return opened(open(key, sealed));
    } catch {
      return UNREADABLE;
    }
  }

  private wrap(seekerId: string, keyId: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.wrapKey, iv);
    cipher.setAAD(Buffer.from(`soudan/gateway/device-key/${seekerId}/${keyId}`));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return [VERSION, b64(iv), b64(cipher.getAuthTag()), b64(wrapped)].join('.');
  }

  private unwrap(seekerId: string, stored: StoredDeviceKey): Buffer | undefined {
    const [version, iv, tag, wrapped] = stored.wrappedKey.split('.');
    if (version !== VERSION || wrapped === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.wrapKey, unb64(iv));
      decipher.setAAD(Buffer.from(`soudan/gateway/device-key/${seekerId}/${stored.keyId}`));
      decipher.setAuthTag(unb64(tag));
      return Buffer.concat([decipher.update(unb64(wrapped)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}

/** The key table that matches the gateway's event store. */
export async function openDeviceKeyTable(
  store: EventStore,
  options: { eventStoreUrl?: string; namespace: string; keyStoreUrl?: string },
): Promise<DeviceKeyTable> {
  const sql = sqlAccessOf(store);
  if (sql) {
    // R54: apart from the events, like every seeker key (see @soudan/seeker-keys' key placement).
    const placement = placeKeys(sql, options.keyStoreUrl);
    try {
      const table = await SqlDeviceKeyTable.open(placement.executor, placement.schema, placement.close);
      await adoptLegacyKeyTable(sql, placement, 'seeker_device_keys', DEVICE_KEY_COLUMNS);
      return table;
    } catch (error) {
      await placement.close().catch(() => undefined);
      throw error;
    }
  }
  if (store instanceof KurrentEventStore) {
    if (!options.eventStoreUrl) throw new Error('gateway: the KurrentDB device key table needs EVENTSTORE_URL');
    return KurrentDeviceKeyTable.open(options.eventStoreUrl, options.namespace);
  }
  throw new Error(
    'gateway: no deletable key table for this event store (PostgreSQL, PGlite and KurrentDB are supported)',
  );
}

const shared = new WeakMap<EventStore, DeviceDataSealer>();

/**
 * The sealer of the gateway's store: one per store and process, so the HTTP edge (which
 * seals) and the erasure consumer (which destroys keys) share one cache, and an erasure
 * handled here takes effect here at once.
 */
export function deviceDataSealerFor(runtime: Pick<ServiceRuntime, 'store' | 'config' | 'context'>): DeviceDataSealer {
  const store = runtime.store;
  if (!store) throw new Error('the gateway needs its own event store (schema "gateway") for the device-data keys');
  let sealer = shared.get(store);
  if (!sealer) {
    sealer = new DeviceDataSealer(
      () =>
        openDeviceKeyTable(store, {
          eventStoreUrl: runtime.config.eventStoreUrl,
          namespace: runtime.context,
          keyStoreUrl: runtime.config.keyStoreUrl,
        }),
      runtime.config,
    );
    shared.set(store, sealer);
  }
  return sealer;
}
