import {
  emailKey,
  normaliseEmail,
  normaliseJobSeekerNumber,
  normaliseName,
  normaliseOfficeCode,
  normaliseStatus,
} from './roster-format';

describe('roster normalisation', () => {
  it.each([
    ['16070-12345678', '16070-12345678'],
    ['１６０７０－１２３４５６７８', '16070-12345678'],
    ['16070‐12345678', '16070-12345678'],
    ['16070ー12345678', '16070-12345678'],
    ['16070−12345678', '16070-12345678'],
    ['16070ｰ12345678', '16070-12345678'],
    ['16070–12345678', '16070-12345678'],
    [' 16070-12345678 ', '16070-12345678'],
    ['1607012345678', '16070-12345678'],
    ['１６０７０ー１２３４５６７８', '16070-12345678'],
  ])('R40: reads the job seeker number %s as %s (full-width digits, dash variants)', (raw, expected) => {
    expect(normaliseJobSeekerNumber(raw)).toBe(expected);
  });

  it.each([
    '16070-1234567',
    '1607-12345678',
    '16070--12345678',
    'abcde-12345678',
    '',
    '16070-123456789',
    '16070/12345678',
  ])('R40: refuses %j as a job seeker number', (raw) => {
    expect(normaliseJobSeekerNumber(raw)).toBeUndefined();
  });

  it.each([
    ['registered', 'registered'],
    ['Registered', 'registered'],
    ['登録済', 'registered'],
    ['登録済み', 'registered'],
    ['pre_registration_approved', 'pre_registration_approved'],
    ['pre-registration-approved', 'pre_registration_approved'],
    ['仮登録承認', 'pre_registration_approved'],
    ['仮登録承認済み', 'pre_registration_approved'],
    [' 仮登録（承認済） ', 'pre_registration_approved'],
  ])('R40(a): reads the registration status %j as %s', (raw, expected) => {
    expect(normaliseStatus(raw)).toBe(expected);
  });

  it.each(['未登録', 'withdrawn', '', '登録取消'])('R40(a): refuses the registration status %j', (raw) => {
    expect(normaliseStatus(raw)).toBeUndefined();
  });

  it('folds full-width letters and spaces in names, and keeps them to one line', () => {
    expect(normaliseName('  滑川　　太郎 ')).toBe('滑川 太郎');
    expect(normaliseName('ﾅﾒﾘｶﾜ ﾀﾛｳ')).toBe('ナメリカワ タロウ');
    expect(normaliseName('滑川\u0007太郎')).toBeUndefined();
    expect(normaliseName('   ')).toBeUndefined();
    expect(normaliseName('あ'.repeat(101))).toBeUndefined();
  });

  it('reads e-mail addresses typed with full-width characters and compares them without case', () => {
    expect(normaliseEmail('ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ')).toBe('taro@example.jp');
    expect(normaliseEmail('taro@example')).toBeUndefined();
    expect(normaliseEmail('taro example@example.jp')).toBeUndefined();
    expect(emailKey('Taro@Example.JP')).toBe(emailKey('taro@example.jp'));
  });

  it('reads office codes with full-width digits', () => {
    expect(normaliseOfficeCode('１６０７０')).toBe('16070');
    expect(normaliseOfficeCode('1607')).toBeUndefined();
  });
});
