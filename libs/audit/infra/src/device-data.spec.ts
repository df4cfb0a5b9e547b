import { createCipheriv, randomBytes } from 'node:crypto';
import { deviceDataKey, openDeviceData } from './device-data';

// Sealed as the gateway seals it (AES-256-GCM, the kid as additional data).
function seal(key: Buffer, plaintext: string, kid = 'device-data-v1') {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kid));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    kid,
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

describe('opening sealed device data for a disclosure', () => {
  const key = deviceDataKey(Buffer.alloc(32, 7));
  const sealed = seal(key, JSON.stringify({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0' }));

  it('R52: opens the access record’s object and the join link’s JSON text alike', () => {
    expect(openDeviceData(key, sealed)).toEqual({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0' });
    expect(openDeviceData(key, JSON.stringify(sealed))).toEqual({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0' });
  });

  it('R52: an altered seal or another key gives UNREADABLE, not an error', () => {
    expect(openDeviceData(key, { ...sealed, ct: sealed.ct.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).toEqual({
      error: 'UNREADABLE',
    });
    expect(openDeviceData(deviceDataKey(Buffer.alloc(32, 8)), sealed)).toEqual({ error: 'UNREADABLE' });
    expect(openDeviceData(key, 'not json')).toEqual({ error: 'UNREADABLE' });
    expect(openDeviceData(key, { alg: 'none' })).toEqual({ error: 'UNREADABLE' });
  });
});
