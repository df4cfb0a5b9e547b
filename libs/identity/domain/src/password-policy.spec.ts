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
