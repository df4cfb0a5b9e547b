import { randomBytes } from 'node:crypto';
import { InMemorySeekerKeyStore, PersonalDataVault } from './seeker-key-vault';

const ENCRYPTION_KEY = randomBytes(32);

async function keyOf(vault: PersonalDataVault, seekerId: string) {
  const key = await vault.dataKey(seekerId, true);
  if (!key) throw new Error('no key made');
  return key;
}

describe('personal data sealed per seeker (R54)', () => {
  const taro = randomBytes(16).toString('hex');
  const hanako = randomBytes(16).toString('hex');

  it('R54: seals with the seeker’s own key; the sealed text reveals nothing and opens only for that seeker and purpose', async () => {
    const keys = new InMemorySeekerKeyStore();
    const vault = new PersonalDataVault(keys, ENCRYPTION_KEY);
    const key = await keyOf(vault, taro);
    const sealed = vault.seal(taro, key, 'roster', { name: '滑川 太郎', email: 'taro@example.jp' });
    expect(sealed).not.toContain('taro');
    expect(vault.seal(taro, key, 'roster', { name: '滑川 太郎', email: 'taro@example.jp' })).not.toBe(sealed);
    expect(vault.open(taro, key, 'roster', sealed)).toEqual({ name: '滑川 太郎', email: 'taro@example.jp' });
    expect(vault.open(taro, key, 'contact', sealed)).toBeUndefined();
    const otherKey = await keyOf(vault, hanako);
    expect(vault.open(hanako, otherKey, 'roster', sealed)).toBeUndefined();
    expect(vault.open(taro, key, 'roster', `${sealed.slice(0, -4)}AAAA`)).toBeUndefined();
  });

  it('R54: the stored key is wrapped, and useless under another encryption key', async () => {
    const keys = new InMemorySeekerKeyStore();
    const vault = new PersonalDataVault(keys, ENCRYPTION_KEY);
    const key = await keyOf(vault, taro);
    expect(keys.entries.get(taro)?.wrappedKey).not.toContain(key.key.toString('base64url'));
    expect(await new PersonalDataVault(keys, randomBytes(32)).dataKey(taro, false)).toBeUndefined();
  });

  it('R54: destroying the key makes every copy of the sealed data unreadable, and a new key does not open the old data', async () => {
    const keys = new InMemorySeekerKeyStore();
    const vault = new PersonalDataVault(keys, ENCRYPTION_KEY);
    const key = await keyOf(vault, taro);
    const sealed = vault.seal(taro, key, 'roster', { name: '滑川 太郎' });
    await vault.erase(taro);
    expect(await vault.dataKey(taro, false)).toBeUndefined();
    const fresh = await keyOf(vault, taro);
    expect(fresh.keyId).not.toBe(key.keyId);
    expect(vault.open(taro, fresh, 'roster', sealed)).toBeUndefined();
  });

  it('keeps the first key when two writers create one at the same time', async () => {
    const keys = new InMemorySeekerKeyStore();
    const a = new PersonalDataVault(keys, ENCRYPTION_KEY);
    const [first, second] = await Promise.all([a.dataKey(taro, true), a.dataKey(taro, true)]);
    expect(first?.keyId).toBeDefined();
    expect(first?.keyId).toBe(second?.keyId);
  });
});

describe('one vault per context (R54)', () => {
  it('R54: what one context sealed does not open in another context, even with the same key store', async () => {
    const keys = new InMemorySeekerKeyStore();
    const seeker = randomBytes(16).toString('hex');
    const eligibility = new PersonalDataVault(keys, ENCRYPTION_KEY);
    const scheduling = new PersonalDataVault(keys, ENCRYPTION_KEY, 'scheduling');
    const key = await eligibility.dataKey(seeker, true);
    const sealed = eligibility.seal(seeker, key!, 'request', { topic: '面接の練習' });
    expect(eligibility.open(seeker, key, 'request', sealed)).toEqual({ topic: '面接の練習' });
    expect(scheduling.open(seeker, await scheduling.dataKey(seeker, false), 'request', sealed)).toBeUndefined();
  });
});
