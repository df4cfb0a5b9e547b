// An office's roster export as it arrives: bytes in UTF-8 (with or without BOM) or in
// Shift_JIS (Excel's "CSV" on Japanese Windows, which is really CP932), a header row,
// RFC 4180 quoting. This file only turns bytes into rows with their line numbers; what
// a row means is eligibility's business.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { AppError } from '@soudan/platform';
import type { RosterRow } from '@soudan/eligibility-contracts';

export type CsvEncoding = 'utf-8' | 'shift_jis';

/** More rows than any office has seekers; bounds the work a single upload can cause. */
export const MAX_ROSTER_ROWS = 200_000;
/** Longest record csv-parse will build before giving up (garbage without line breaks). */
const MAX_RECORD_CHARS = 64 * 1024;

// Text never contains these; finding them means the bytes were not text in this encoding.
const BINARY = /[^\P{Cc}\t\n\r]|\uFFFD/u;

export function decodeCsv(body: Buffer): { text: string; encoding: CsvEncoding } {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('CSV_EMPTY', 400, 'the file is empty');
  let text: string;
  let encoding: CsvEncoding;
  try {
    // fatal: any byte sequence that is not UTF-8 throws; the BOM, if any, is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    encoding = 'utf-8';
  } catch {
    text = iconv.decode(body, 'cp932');
    encoding = 'shift_jis';
  }
  const bad = BINARY.exec(text);
  if (bad) {
    const line = text.slice(0, bad.index).split('\n').length;
    throw new AppError('CSV_ENCODING_INVALID', 400, 'the file is neither UTF-8 nor Shift_JIS text', {
      line,
      tried: encoding === 'utf-8' ? ['utf-8'] : ['utf-8', 'shift_jis'],
    });
  }
  return { text, encoding };
}

export interface CsvTable {
  header: string[];
  rows: RosterRow[];
}

/** Header and data rows; each row with the line of the file it starts on (the header is line 1). */
export function tokenizeCsv(text: string): CsvTable {
  // One kind of line break, so line numbers can be counted from the raw text (csv-parse
  // picks one delimiter per file, and Excel mixes CRLF rows with LF inside cells).
  const normal = text.replace(/\r\n?/g, '\n');
  let records: Array<{ record: string[]; raw: string }>;
  try {
    records = parse(normal, {
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: '\n',
      max_record_size: MAX_RECORD_CHARS,
    }) as unknown as Array<{ record: string[]; raw: string }>;
  } catch (error) {
    const e = error as { code?: string; lines?: number; message?: string };
    throw new AppError('CSV_MALFORMED', 400, `the file is not valid CSV: ${e.message ?? 'parse error'}`, {
      line: e.lines ?? null,
      problem: e.code ?? 'CSV_PARSE_ERROR',
    });
  }
  let line = 1;
  const located: RosterRow[] = [];
  for (const { record, raw } of records) {
    const leading = raw.length - raw.replace(/^\n+/, '').length;
    located.push({ line: line + leading, cells: record });
    line += (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 0 : 1);
  }
  const [header, ...rows] = located.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  if (!header) throw new AppError('CSV_EMPTY', 400, 'the file has no header row');
  if (rows.length > MAX_ROSTER_ROWS) {
    throw new AppError('ROSTER_IMPORT_TOO_LARGE', 413, `at most ${MAX_ROSTER_ROWS} rows per file`, {
      rows: rows.length,
      max: MAX_ROSTER_ROWS,
    });
  }
  return { header: header.cells, rows };
}

/**
 * Rows in groups small enough for one request-reply message (NATS refuses messages
 * over 1 MB by default): at most `maxRows` rows and about `maxChars` characters each.
 */
export function batchesOf(rows: readonly RosterRow[], maxRows = 1000, maxChars = 256 * 1024): RosterRow[][] {
  const batches: RosterRow[][] = [];
  let current: RosterRow[] = [];
  let chars = 0;
  for (const row of rows) {
    const size = row.cells.reduce((sum, cell) => sum + cell.length + 8, 16);
    if (current.length > 0 && (current.length >= maxRows || chars + size > maxChars)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(row);
    chars += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
