// R54 "erasure must work in an append-only store": personal data is sealed with a data
// key of its own per seeker (AES-256-GCM), and only that key, wrapped with
// ENCRYPTION_KEY, is kept where it can really be deleted (SeekerKeyStore). Destroying
// the key makes every copy of the sealed data unreadable at once: the event store,
// JetStream, the audit copy, backups of any of them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A sealed document: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, readable only with the seeker's key. */
export type SealedData = string;

/** A seeker's data key as stored: wrapped, never in clear. */
export interface StoredKey {
  keyId: string;
  wrappedKey: string;
}

/**
 * Where wrapped data keys live: somewhere a delete is a delete (a table, not a stream
 * of the append-only store).
 */
export interface SeekerKeyStore {
  find(seekerIds: readonly string[]): Promise<Map<string, StoredKey>>;
  /** Stores each key whose seeker has none yet; answers the keys stored now for all of them (a concurrent writer may have won). */
  createMissing(keys: ReadonlyMap<string, StoredKey>): Promise<Map<string, StoredKey>>;
  /** Deletes the seeker's key for good. */
  destroy(seekerId: string): Promise<void>;
}

export interface DataKey {
  keyId: string;
  key: Buffer;
}

/** What a sealed document is for (authenticated with it): eligibility's 'roster' or 'contact', scheduling's 'request'. */
export type SealPurpose = string;

const VERSION = 'v1';
const b64 = (buffer: Buffer) => buffer.toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');

/**
 * One context's vault: each context keeps its own keys (its own key store), so that
 * erasing a seeker means each context destroying its key, each learning of the erasure
 * by event. `context` is authenticated with every key and document, so one context's
 * sealed data cannot be passed off as another's.
 */
export class SeekerKeyVault {
  constructor(
    private readonly keys: SeekerKeyStore,
    private readonly encryptionKey: Buffer,
    private readonly context = 'eligibility',
  ) {
    if (encryptionKey.length !== 32) throw new Error('the encryption key must be 32 bytes');
  }

  /** The data keys of these seekers; with `create`, a new key for each seeker that has none. */
  async dataKeys(seekerIds: readonly string[], create: boolean): Promise<Map<string, DataKey>> {
    const unique = [...new Set(seekerIds)];
    let stored = unique.length > 0 ? await this.keys.find(unique) : new Map<string, StoredKey>();
    if (create) {
      const missing = new Map<string, StoredKey>();
      for (const seekerId of unique) {
        if (stored.has(seekerId)) continue;
        const keyId = b64(randomBytes(12));
        missing.set(seekerId, { keyId, wrappedKey: this.wrap(seekerId, keyId, randomBytes(32)) });
      }
      if (missing.size > 0) stored = new Map([...stored, ...(await this.keys.createMissing(missing))]);
    }
    const result = new Map<string, DataKey>();
    for (const [seekerId, entry] of stored) {
      const key = this.unwrap(seekerId, entry);
      if (key) result.set(seekerId, { keyId: entry.keyId, key });
    }
    return result;
  }

  async dataKey(seekerId: string, create: boolean): Promise<DataKey | undefined> {
    return (await this.dataKeys([seekerId], create)).get(seekerId);
  }

  /** Destroys the seeker's key: everything sealed with it is unreadable from now on. */
  async erase(seekerId: string): Promise<void> {
    await this.keys.destroy(seekerId);
  }

  seal(seekerId: string, key: DataKey, purpose: SealPurpose, document: unknown): SealedData {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    // The seeker and purpose are authenticated with the data, so a sealed value cannot be
    // passed off as another seeker's, or roster data as a contact.
    cipher.setAAD(Buffer.from(`soudan/${this.context}/${purpose}/${seekerId}`));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final()]);
    return [VERSION, key.keyId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join('.');
  }

  /** The document, or undefined when it cannot be read any more (key destroyed or replaced). */
  open<T>(
    seekerId: string,
    key: DataKey | undefined,
    purpose: SealPurpose,
    sealed: SealedData | undefined,
  ): T | undefined {
    if (!key || typeof sealed !== 'string') return undefined;
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || keyId !== key.keyId || ciphertext === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, unb64(iv));
      decipher.setAAD(Buffer.from(`soudan/${this.context}/${purpose}/${seekerId}`));
      decipher.setAuthTag(unb64(tag));
      return JSON.parse(Buffer.concat([decipher.update(unb64(ciphertext)), decipher.final()]).toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  private wrap(seekerId: string, keyId: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(`soudan/${this.context}/key/${seekerId}/${keyId}`));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return [VERSION, b64(iv), b64(cipher.getAuthTag()), b64(wrapped)].join('.');
  }

  private unwrap(seekerId: string, stored: StoredKey): Buffer | undefined {
    const [version, iv, tag, wrapped] = stored.wrappedKey.split('.');
    if (version !== VERSION || wrapped === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, unb64(iv));
      decipher.setAAD(Buffer.from(`soudan/${this.context}/key/${seekerId}/${stored.keyId}`));
      decipher.setAuthTag(unb64(tag));
      return Buffer.concat([decipher.update(unb64(wrapped)), decipher.final()]);
    } catch {
      // Wrapped with another ENCRYPTION_KEY: as good as erased for this process.
      return undefined;
    }
  }
}

/** A key store in memory, for tests and benchmarks of everything around it. */
export class InMemorySeekerKeyStore implements SeekerKeyStore {
  readonly entries = new Map<string, StoredKey>();

  async find(seekerIds: readonly string[]): Promise<Map<string, StoredKey>> {
    const found = new Map<string, StoredKey>();
    for (const id of seekerIds) {
      const key = this.entries.get(id);
      if (key) found.set(id, key);
    }
    return found;
  }

  async createMissing(keys: ReadonlyMap<string, StoredKey>): Promise<Map<string, StoredKey>> {
    for (const [id, key] of keys) if (!this.entries.has(id)) this.entries.set(id, key);
    return this.find([...keys.keys()]);
  }

  async destroy(seekerId: string): Promise<void> {
    this.entries.delete(seekerId);
  }
}

/** eligibility's name for it. */
export const PersonalDataVault = SeekerKeyVault;
export type PersonalDataVault = SeekerKeyVault;
