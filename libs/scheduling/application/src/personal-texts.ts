// R54: the seeker's own words sealed with a key of theirs in scheduling's own key store
// (libs/shared/seeker-keys), opened when read; erasure destroys the key.
import type { PersonalDataVault, SeekerKeyStore } from '@soudan/seeker-keys';
import { SeekerKeyVault } from '@soudan/seeker-keys';
import type { PersonalText } from '@soudan/scheduling-domain';

const PURPOSE = 'request';

export interface PersonalTexts {
  seal(seekerId: string, text: PersonalText): Promise<string>;
  /** The texts of these sealed documents, by seeker; undefined where the key is gone. */
  open(documents: ReadonlyArray<{ seekerId: string; sealed: string }>): Promise<Array<PersonalText | undefined>>;
  /** Destroys the seeker's key (SeekerErased): what it sealed is unreadable from now on. */
  erase(seekerId: string): Promise<void>;
}

export class VaultPersonalTexts implements PersonalTexts {
  private readonly vault: PersonalDataVault;

  constructor(keys: SeekerKeyStore, encryptionKey: Buffer) {
    this.vault = new SeekerKeyVault(keys, encryptionKey, 'scheduling');
  }

  async seal(seekerId: string, text: PersonalText): Promise<string> {
    const key = await this.vault.dataKey(seekerId, true);
    if (!key) throw new Error('no data key could be made for the seeker');
    return this.vault.seal(seekerId, key, PURPOSE, text);
  }

  async open(documents: ReadonlyArray<{ seekerId: string; sealed: string }>) {
    if (documents.length === 0) return [];
    const keys = await this.vault.dataKeys(
      documents.map((d) => d.seekerId),
      false,
    );
    return documents.map((d) => this.vault.open<PersonalText>(d.seekerId, keys.get(d.seekerId), PURPOSE, d.sealed));
  }

  erase(seekerId: string): Promise<void> {
    return this.vault.erase(seekerId);
  }
}
