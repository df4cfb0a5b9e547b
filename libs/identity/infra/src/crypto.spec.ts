import { deriveKey, KEY_PURPOSES, open, pseudonym, seal } from './crypto';

describe('sealed device data and pseudonyms (R52)', () => {
  const key = deriveKey(Buffer.alloc(32, 1), KEY_PURPOSES.deviceData);

  it('opens what it sealed, and nothing altered or under another key', () => {
    const sealed = seal(key, 'device-data-v1', '{"ip":"198.51.100.1"}');
    expect(open(key, sealed)).toBe('{"ip":"198.51.100.1"}');
    expect(JSON.stringify(sealed)).not.toContain('198.51.100.1');
    expect(() => open(deriveKey(Buffer.alloc(32, 2), KEY_PURPOSES.deviceData), sealed)).toThrow();
    const flipped = {
      ...sealed,
      ct: Buffer.from(Buffer.from(sealed.ct, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64url'),
    };
    expect(() => open(key, flipped)).toThrow();
    expect(() => open(key, { ...sealed, kid: 'other' })).toThrow();
    expect(seal(key, 'k', 'same').iv).not.toBe(seal(key, 'k', 'same').iv);
  });

  it('gives the same pseudonym for the same value and key, different across kinds and keys', () => {
    const k = Buffer.alloc(32, 5);
    expect(pseudonym(k, 'ip', '198.51.100.1')).toBe(pseudonym(k, 'ip', '198.51.100.1'));
    expect(pseudonym(k, 'ip', '198.51.100.1')).toMatch(/^ip_[A-Za-z0-9_-]{22}$/);
    expect(pseudonym(k, 'ua', '198.51.100.1')).not.toBe(pseudonym(k, 'ip', '198.51.100.1').replace('ip_', 'ua_'));
    expect(pseudonym(Buffer.alloc(32, 6), 'ip', '198.51.100.1')).not.toBe(pseudonym(k, 'ip', '198.51.100.1'));
  });

  it('derives a distinct key per purpose', () => {
    const secret = Buffer.alloc(32, 9);
    expect(deriveKey(secret, KEY_PURPOSES.deviceData).equals(deriveKey(secret, KEY_PURPOSES.accessTokens))).toBe(false);
  });
});
