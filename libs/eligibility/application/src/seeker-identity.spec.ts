import { randomBytes } from 'node:crypto';
import { seekerIdFor } from './seeker-identity';

const PSEUDONYM_KEY = randomBytes(32);

describe('seeker identity (R54)', () => {
  const taro = seekerIdFor(PSEUDONYM_KEY, '16070-12345678');
  const hanako = seekerIdFor(PSEUDONYM_KEY, '16070-87654321');

  it('R54: the seeker id is a keyed pseudonym of the number: stable, distinct, not the number', () => {
    expect(taro).toMatch(/^[0-9a-f]{32}$/);
    expect(seekerIdFor(PSEUDONYM_KEY, '16070-12345678')).toBe(taro);
    expect(hanako).not.toBe(taro);
    expect(seekerIdFor(randomBytes(32), '16070-12345678')).not.toBe(taro);
  });
});
