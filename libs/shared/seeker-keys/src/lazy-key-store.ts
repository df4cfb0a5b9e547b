// A key store opened on first use: for modules wired synchronously (Nest's register())
// whose key store needs an asynchronous open (a table to create, a server to reach).
import type { OpenedKeyStore } from './open-seeker-key-store';
import type { SeekerKeyStore, StoredKey } from './seeker-key-vault';

export class LazySeekerKeyStore implements SeekerKeyStore {
  private opened?: Promise<OpenedKeyStore>;

  constructor(private readonly open: () => Promise<OpenedKeyStore>) {}

  private keys(): Promise<SeekerKeyStore> {
    this.opened ??= this.open().catch((error: unknown) => {
      this.opened = undefined; // the next use tries again
      throw error;
    });
    return this.opened.then((o) => o.keys);
  }

  async find(seekerIds: readonly string[]): Promise<Map<string, StoredKey>> {
    return (await this.keys()).find(seekerIds);
  }

  async createMissing(keys: ReadonlyMap<string, StoredKey>): Promise<Map<string, StoredKey>> {
    return (await this.keys()).createMissing(keys);
  }

  async destroy(seekerId: string): Promise<void> {
    return (await this.keys()).destroy(seekerId);
  }

  async close(): Promise<void> {
    const opened = await this.opened?.catch(() => undefined);
    await opened?.close();
  }
}
