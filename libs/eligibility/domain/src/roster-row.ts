// One row of an office's roster export: which column is which (English or Japanese
// headers, any order), and what a good row is. Every problem of a row is reported, not
// just the first, so staff can fix a file in one pass.
import type { RosterRowProblem, SeekerStatus } from '@soudan/eligibility-contracts';
import { DomainError } from './domain-error';
import {
  normaliseEmail,
  normaliseJobSeekerNumber,
  normaliseName,
  normaliseOfficeCode,
  normaliseStatus,
} from './roster-format';

export const ROSTER_FIELDS = ['jobSeekerNumber', 'name', 'email', 'officeCode', 'status'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** A roster entry in its normal form. */
export interface RosterEntry {
  jobSeekerNumber: string;
  name: string;
  email: string;
  officeCode: string;
  status: SeekerStatus;
}

const HEADER_ALIASES: Record<RosterField, string[]> = {
  jobSeekerNumber: ['jobseekernumber', 'jobseekerno', '求職番号', '求職者番号'],
  name: ['name', '氏名', '名前', '求職者氏名'],
  email: ['email', 'mail', 'emailaddress', 'メールアドレス', 'メール', 'eメールアドレス', 'eメール'],
  officeCode: ['officecode', '安定所番号', '安定所コード', '所属安定所番号', '安定所'],
  status: ['status', '登録状況', '登録状態', '登録区分'],
};

const headerKey = (cell: string) =>
  cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-・.]/g, '');

/** Where each field is in the rows of a file, and how many columns a row has. */
export interface RosterLayout {
  columns: Record<RosterField, number>;
  width: number;
}

/** Longest cell accepted before looking at it; no field of a roster comes near it. */
export const MAX_CELL_LENGTH = 1000;

export function rosterLayout(header: readonly string[]): RosterLayout {
  const keys = header.map((cell) =>
    typeof cell === 'string' && cell.length <= MAX_CELL_LENGTH ? headerKey(cell) : '',
  );
  const columns = {} as Record<RosterField, number>;
  const missing: RosterField[] = [];
  const duplicated: RosterField[] = [];
  for (const field of ROSTER_FIELDS) {
    const found = keys.flatMap((key, index) => (HEADER_ALIASES[field].includes(key) ? [index] : []));
    if (found.length === 0) missing.push(field);
    if (found.length > 1) duplicated.push(field);
    columns[field] = found[0];
  }
  if (missing.length > 0 || duplicated.length > 0) {
    throw new DomainError('ROSTER_HEADER_INVALID', 'the header row must name each roster column once', {
      missing,
      duplicated,
      expected: {
        en: ['jobSeekerNumber', 'name', 'email', 'officeCode', 'status'],
        ja: ['求職番号', '氏名', 'メールアドレス', '安定所番号', '登録状況'],
      },
    });
  }
  return { columns, width: header.length };
}

export type RosterRowResult = { ok: true; entry: RosterEntry } | { ok: false; reasons: RosterRowProblem[] };

const CHECKS: Record<
  RosterField,
  { normalise: (raw: string) => string | undefined; missing: string; invalid: string }
> = {
  jobSeekerNumber: {
    normalise: normaliseJobSeekerNumber,
    missing: 'JOB_SEEKER_NUMBER_REQUIRED',
    invalid: 'JOB_SEEKER_NUMBER_INVALID',
  },
  name: { normalise: normaliseName, missing: 'NAME_REQUIRED', invalid: 'NAME_INVALID' },
  email: { normalise: normaliseEmail, missing: 'EMAIL_REQUIRED', invalid: 'EMAIL_INVALID' },
  officeCode: { normalise: normaliseOfficeCode, missing: 'OFFICE_CODE_REQUIRED', invalid: 'OFFICE_CODE_INVALID' },
  status: { normalise: normaliseStatus, missing: 'STATUS_REQUIRED', invalid: 'STATUS_INVALID' },
};

/** Checks and normalises one entry given field by field (a row of a file, or a staff form). */
export function checkRosterEntry(raw: Record<RosterField, unknown>): RosterRowResult {
  const reasons: RosterRowProblem[] = [];
  const entry: Partial<Record<RosterField, string>> = {};
  for (const field of ROSTER_FIELDS) {
    const value = raw[field];
    const check = CHECKS[field];
    if (typeof value !== 'string' || value.trim() === '') {
      reasons.push({ code: check.missing, field });
      continue;
    }
    if (value.length > MAX_CELL_LENGTH) {
      reasons.push({ code: 'FIELD_TOO_LONG', field, details: { max: MAX_CELL_LENGTH } });
      continue;
    }
    const normal = check.normalise(value);
    if (normal === undefined) reasons.push({ code: check.invalid, field });
    else entry[field] = normal;
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, entry: entry as unknown as RosterEntry };
}

export function parseRosterRow(cells: readonly string[], layout: RosterLayout): RosterRowResult {
  // A row with more or fewer cells than the header is usually an unquoted comma in a
  // name: reading it by position would put data in the wrong field.
  if (!Array.isArray(cells) || cells.length !== layout.width) {
    return {
      ok: false,
      reasons: [
        { code: 'COLUMN_COUNT', details: { expected: layout.width, found: Array.isArray(cells) ? cells.length : 0 } },
      ],
    };
  }
  const raw = Object.fromEntries(ROSTER_FIELDS.map((field) => [field, cells[layout.columns[field]]])) as Record<
    RosterField,
    unknown
  >;
  return checkRosterEntry(raw);
}
