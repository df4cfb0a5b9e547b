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

  it('R40(b): reads an office code with spaces around it, and nothing longer or shorter', () => {
    expect(normaliseOfficeCode(' 16070 ')).toBe('16070');
    for (const raw of ['116070', '160701', '1607a']) expect(normaliseOfficeCode(raw)).toBeUndefined();
  });

  it('R40: refuses a job seeker number with digits before it or beyond 64 characters typed', () => {
    expect(normaliseJobSeekerNumber('116070-12345678')).toBeUndefined();
    // Spaces are dropped, but a cell longer than 64 characters is not read at all.
    expect(normaliseJobSeekerNumber(`16070-12345678${' '.repeat(50)}`)).toBe('16070-12345678');
    expect(normaliseJobSeekerNumber(`16070-12345678${' '.repeat(51)}`)).toBeUndefined();
    expect(normaliseJobSeekerNumber('16070 - 1234 5678')).toBe('16070-12345678');
  });

  it('refuses a value that is not text', () => {
    const notText = 16070 as unknown as string;
    expect(normaliseJobSeekerNumber(notText)).toBeUndefined();
    expect(normaliseOfficeCode(notText)).toBeUndefined();
    expect(normaliseName(notText)).toBeUndefined();
    expect(normaliseEmail(notText)).toBeUndefined();
    expect(normaliseStatus(notText)).toBeUndefined();
  });

  it('keeps a name of up to 100 characters', () => {
    expect(normaliseName('あ'.repeat(100))).toBe('あ'.repeat(100));
  });

  it('reads e-mail addresses up to 254 characters, with any number of domain labels', () => {
    const domain = '@example.jp';
    const longest = `${'a'.repeat(254 - domain.length)}${domain}`;
    expect(normaliseEmail(longest)).toBe(longest);
    expect(normaliseEmail(`a${longest}`)).toBeUndefined();
    expect(normaliseEmail(' taro@example.jp ')).toBe('taro@example.jp');
    for (const email of ['taro@e.jp', 'taro@mail.x.jp', 'taro@mail.example.co-op.jp', 'taro@example.com'])
      expect(normaliseEmail(email)).toBe(email);
    for (const email of ['taro@example.jp!', 'taro@example.-jp', 'taro@-example.jp', 'taro@example.jp-'])
      expect(normaliseEmail(email)).toBeUndefined();
  });

  it('R54: the key of an e-mail address is its lower-case, folded form', () => {
    expect(emailKey(' Taro@Example.JP ')).toBe('taro@example.jp');
    expect(emailKey('ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ')).toBe('taro@example.jp');
  });
});
