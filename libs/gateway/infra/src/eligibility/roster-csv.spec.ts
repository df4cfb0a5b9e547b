import iconv from 'iconv-lite';
import { AppError } from '@soudan/platform';
import { batchesOf, decodeCsv, tokenizeCsv } from './roster-csv';

const HEADER_JA = '求職番号,氏名,メールアドレス,安定所番号,登録状況';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  return undefined;
};

describe('roster CSV: bytes to rows', () => {
  it('reads UTF-8 without a BOM', () => {
    const { text, encoding } = decodeCsv(
      Buffer.from(`${HEADER_JA}\n16070-12345678,滑川 太郎,taro@example.jp,16070,登録済\n`, 'utf8'),
    );
    expect(encoding).toBe('utf-8');
    expect(tokenizeCsv(text).header).toEqual(['求職番号', '氏名', 'メールアドレス', '安定所番号', '登録状況']);
  });

  it('reads UTF-8 with a BOM (Excel "CSV UTF-8"), the BOM not part of the first header', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER_JA}\r\n`, 'utf8')]);
    const { text, encoding } = decodeCsv(body);
    expect(encoding).toBe('utf-8');
    expect(tokenizeCsv(text).header[0]).toBe('求職番号');
  });

  it('reads Shift_JIS (CP932, as Excel on Japanese Windows writes it) with full-width digits', () => {
    const body = iconv.encode(
      `${HEADER_JA}\r\n１６０７０－１２３４５６７８,滑川\u3000太郎,taro@example.jp,１６０７０,仮登録承認\r\n`,
      'cp932',
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    const { text, encoding } = decodeCsv(body);
    expect(encoding).toBe('shift_jis');
    expect(tokenizeCsv(text).rows).toEqual([
      {
        line: 2,
        cells: ['１６０７０－１２３４５６７８', '滑川\u3000太郎', 'taro@example.jp', '１６０７０', '仮登録承認'],
      },
    ]);
  });

  it('keeps quoted commas and newlines inside a cell, and numbers lines as the file does', () => {
    const text = [
      'jobSeekerNumber,name,email,officeCode,status',
      '16070-00000001,"滑川, 太郎",a@example.jp,16070,registered',
      '',
      '16070-00000002,"滑川',
      '花子",b@example.jp,16070,registered',
      '16070-00000003,"He said ""hi""",c@example.jp,16070,registered',
    ].join('\r\n');
    const { rows } = tokenizeCsv(decodeCsv(Buffer.from(text)).text);
    expect(rows).toEqual([
      { line: 2, cells: ['16070-00000001', '滑川, 太郎', 'a@example.jp', '16070', 'registered'] },
      { line: 4, cells: ['16070-00000002', '滑川\n花子', 'b@example.jp', '16070', 'registered'] },
      { line: 6, cells: ['16070-00000003', 'He said "hi"', 'c@example.jp', '16070', 'registered'] },
    ]);
  });

  it('skips blank and comma-only lines without losing count', () => {
    const { rows } = tokenizeCsv('h1,h2\n\n,\n  \na,b\n');
    expect(rows).toEqual([{ line: 5, cells: ['a', 'b'] }]);
  });

  it('keeps rows with too few or too many cells for eligibility to report', () => {
    expect(tokenizeCsv('a,b,c\n1,2\n1,2,3,4\n').rows.map((r) => r.cells.length)).toEqual([2, 4]);
  });

  it('refuses binary garbage as neither UTF-8 nor Shift_JIS', () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    expect(codeOf(() => decodeCsv(garbage))).toBe('CSV_ENCODING_INVALID');
  });

  it('refuses UTF-16 (Excel "Unicode text") rather than misreading it', () => {
    expect(codeOf(() => decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER_JA, 'utf16le')])))).toBe(
      'CSV_ENCODING_INVALID',
    );
  });

  it('refuses an unclosed quote, naming the line', () => {
    let error: AppError | undefined;
    try {
      tokenizeCsv('a,b\n1,"open\n2,3\n');
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('CSV_MALFORMED');
    expect(error?.status).toBe(400);
    expect(error?.details.line).toEqual(expect.any(Number));
  });

  it('refuses an empty file or one with no header', () => {
    expect(codeOf(() => decodeCsv(Buffer.alloc(0)))).toBe('CSV_EMPTY');
    expect(codeOf(() => tokenizeCsv('\n\n'))).toBe('CSV_EMPTY');
  });

  it('cuts rows into batches by count and by size', () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({ line: i + 2, cells: ['x'] }));
    expect(batchesOf(rows, 1000).map((b) => b.length)).toEqual([1000, 1000, 500]);
    const wide = Array.from({ length: 10 }, (_, i) => ({ line: i + 2, cells: ['y'.repeat(30_000)] }));
    expect(batchesOf(wide, 1000, 100_000).every((b) => b.length <= 3)).toBe(true);
  });
});
