import { DomainError } from './domain-error';
import { checkRosterEntry, MAX_CELL_LENGTH, parseRosterRow, rosterLayout } from './roster-row';

const english = ['jobSeekerNumber', 'name', 'email', 'officeCode', 'status'];
const japanese = ['求職番号', '氏名', 'メールアドレス', '安定所番号', '登録状況'];

describe('roster rows', () => {
  it('reads English and Japanese headers, in any order, and ignores extra columns', () => {
    expect(rosterLayout(english).columns).toEqual({ jobSeekerNumber: 0, name: 1, email: 2, officeCode: 3, status: 4 });
    expect(rosterLayout(japanese).columns).toEqual({ jobSeekerNumber: 0, name: 1, email: 2, officeCode: 3, status: 4 });
    const shuffled = rosterLayout(['備考', '登録状況', ' 氏名 ', 'E-Mail', '求職番号', 'office_code']);
    expect(shuffled.columns).toEqual({ status: 1, name: 2, email: 3, jobSeekerNumber: 4, officeCode: 5 });
    expect(shuffled.width).toBe(6);
  });

  it('refuses a header that lacks a column, naming what is missing', () => {
    let error: unknown;
    try {
      rosterLayout(['求職番号', '氏名', 'メールアドレス']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('ROSTER_HEADER_INVALID');
    expect((error as DomainError).details.missing).toEqual(['officeCode', 'status']);
  });

  it('refuses a header that names a column twice', () => {
    expect(() => rosterLayout([...english, '氏名'])).toThrow(DomainError);
  });

  it('normalises a good row', () => {
    const layout = rosterLayout(japanese);
    expect(
      parseRosterRow(['１６０７０－１２３４５６７８', '滑川　太郎', 'taro@example.jp', '16070', '登録済'], layout),
    ).toEqual({
      ok: true,
      entry: {
        jobSeekerNumber: '16070-12345678',
        name: '滑川 太郎',
        email: 'taro@example.jp',
        officeCode: '16070',
        status: 'registered',
      },
    });
  });

  it('reports every problem of a bad row, field by field', () => {
    const layout = rosterLayout(english);
    const result = parseRosterRow(['16070-1234', '', 'not-an-address', '160', '退会'], layout);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.map((r) => `${r.field}:${r.code}`)).toEqual([
      'jobSeekerNumber:JOB_SEEKER_NUMBER_INVALID',
      'name:NAME_REQUIRED',
      'email:EMAIL_INVALID',
      'officeCode:OFFICE_CODE_INVALID',
      'status:STATUS_INVALID',
    ]);
  });

  it('refuses a row with more or fewer cells than the header (an unquoted comma)', () => {
    const layout = rosterLayout(english);
    const result = parseRosterRow(['16070-12345678', '滑川', '太郎', 'taro@example.jp', '16070', 'registered'], layout);
    expect(result).toEqual({ ok: false, reasons: [{ code: 'COLUMN_COUNT', details: { expected: 5, found: 6 } }] });
  });

  it('refuses a multi-line name (a quoted newline) and an overlong cell', () => {
    const layout = rosterLayout(english);
    const result = parseRosterRow(['16070-12345678', '滑川\n太郎', 'x'.repeat(2000), '16070', 'registered'], layout);
    expect(!result.ok && result.reasons.map((r) => r.code)).toEqual(['NAME_INVALID', 'FIELD_TOO_LONG']);
  });

  it('names the expected headers, in English and Japanese, when refusing one', () => {
    let error: unknown;
    try {
      rosterLayout([...english, 'email']);
    } catch (e) {
      error = e;
    }
    expect((error as DomainError).details).toEqual({
      missing: [],
      duplicated: ['email'],
      expected: { en: english, ja: japanese },
    });
  });

  it('reads no header from a cell that is not text or is overlong, however it would normalise', () => {
    const cells = [null, 7, ...english] as unknown as string[];
    expect(rosterLayout(cells).columns).toEqual({ jobSeekerNumber: 2, name: 3, email: 4, officeCode: 5, status: 6 });
    const padded = (name: string, length: number) => name + ' '.repeat(length - name.length);
    const withName = (cell: string) => ['jobSeekerNumber', cell, 'email', 'officeCode', 'status'];
    expect(rosterLayout(withName(padded('name', MAX_CELL_LENGTH))).columns.name).toBe(1);
    let error: unknown;
    try {
      rosterLayout(withName(padded('name', MAX_CELL_LENGTH + 1)));
    } catch (e) {
      error = e;
    }
    expect((error as DomainError).details.missing).toEqual(['name']);
  });

  it('reports a field that is absent, not text or only blanks as required', () => {
    const result = checkRosterEntry({
      jobSeekerNumber: undefined,
      name: '  　 ',
      email: 42,
      officeCode: null,
      status: '',
    });
    expect(!result.ok && result.reasons).toEqual([
      { code: 'JOB_SEEKER_NUMBER_REQUIRED', field: 'jobSeekerNumber' },
      { code: 'NAME_REQUIRED', field: 'name' },
      { code: 'EMAIL_REQUIRED', field: 'email' },
      { code: 'OFFICE_CODE_REQUIRED', field: 'officeCode' },
      { code: 'STATUS_REQUIRED', field: 'status' },
    ]);
  });

  it('looks at a cell of the longest length accepted, and names the limit of a longer one', () => {
    const layout = rosterLayout(english);
    const long = 'x'.repeat(MAX_CELL_LENGTH);
    const result = parseRosterRow(['16070-12345678', long, long + 'x', '16070', 'registered'], layout);
    expect(!result.ok && result.reasons).toEqual([
      { code: 'NAME_INVALID', field: 'name' },
      { code: 'FIELD_TOO_LONG', field: 'email', details: { max: MAX_CELL_LENGTH } },
    ]);
  });
});
