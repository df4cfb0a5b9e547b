import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordWeakness } from './password-policy';

describe('the staff password policy', () => {
  it.each([
    ['too short', 'Ab1!xyzqwe', undefined],
    ['too long', 'Ab1!'.repeat(MAX_PASSWORD_LENGTH / 4 + 1), undefined],
    ['a common word', 'MyPassword-2027', undefined],
    ['the username', 'Tanaka-Toyama-99', 'tanaka'],
    ['too few different characters', 'aaaaaaAAAAAA111111', undefined],
    ['not varied enough for its length', 'toyamabayview', undefined],
  ])('refuses a password that is %s', (_why, password, username) => {
    expect(passwordWeakness(password, username)).toEqual(expect.any(String));
  });

  it('accepts a varied password, or a long passphrase', () => {
    expect(passwordWeakness('Toyama-Bay-2027!', 'tanaka')).toBeUndefined();
    expect(passwordWeakness('quiet river under snowy peaks')).toBeUndefined();
    expect(MIN_PASSWORD_LENGTH).toBe(12);
  });
});

describe('the password policy at its edges', () => {
  it('12 characters are enough, 11 are not', () => {
    expect(passwordWeakness('Ab1!cdEfgH2@')).toBeUndefined();
    expect(passwordWeakness('Ab1!cdEfgH2')).toMatch(/at least 12/);
  });

  it('256 characters are the most', () => {
    const long = 'Ab1!xY9#'.repeat(32);
    expect(long).toHaveLength(MAX_PASSWORD_LENGTH);
    expect(passwordWeakness(long)).toBeUndefined();
    expect(passwordWeakness(`${long}z`)).toMatch(/at most 256/);
  });

  it('six different characters are enough', () => {
    expect(passwordWeakness('abcAB1abcAB1abcAB1')).toBeUndefined();
    expect(passwordWeakness('abcA1abcA1abcA1abc')).toMatch(/too few different/);
  });

  it('under 16 characters, three kinds of characters; from 16, any', () => {
    expect(passwordWeakness('lowerUPPERmixed')).toMatch(/three of/);
    expect(passwordWeakness('lowerUPPERmixedx')).toBeUndefined();
    for (const [password, kinds] of [
      ['lowerUPPER1234', 'lower, upper, digits'],
      ['lowerUPPER!?#&', 'lower, upper, symbols'],
      ['lower1234!?#&x', 'lower, digits, symbols'],
      ['UPPER1234!?#&X', 'upper, digits, symbols'],
    ])
      expect([kinds, passwordWeakness(password)]).toEqual([kinds, undefined]);
    for (const password of ['lowerlower1234', 'UPPERUPPER1234', 'lowerlower!?#&', '97531!?#&%$864'])
      expect([password, passwordWeakness(password)]).toEqual([password, expect.stringMatching(/three of/)]);
  });
});
