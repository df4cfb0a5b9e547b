// A roster import over request-reply. The file is checked in full before anything is
// written (phase 1, `eligibility.roster.validate`), so with a bad row nothing is applied
// in all-or-nothing mode; then the good rows are applied (phase 2,
// `eligibility.roster.apply`), which is idempotent. Batches keep each message far below
// NATS's 1 MB limit; both phases are stateless, so any replica may take any batch.
import { randomUUID } from 'node:crypto';
import {
  EligibilityApi,
  type RosterApplyRequest,
  type RosterImportResult,
  type RosterRejectedRow,
  type RosterRow,
  type RosterRowsRequest,
} from '@soudan/eligibility-contracts';
import { requestTyped, type RpcClient, type RpcContract } from '@soudan/messaging';
import { AppError, type Language } from '@soudan/platform';
import { API_ERRORS } from '../error-catalog';
import { batchesOf, decodeCsv, tokenizeCsv, type CsvEncoding } from './roster-csv';

export type ImportMode = 'all-or-nothing' | 'good-rows';
export const IMPORT_MODES: readonly ImportMode[] = ['all-or-nothing', 'good-rows'];

/** How many rejected rows an answer lists; a file of garbage would otherwise answer megabytes. */
export const MAX_REPORTED_ROWS = 10_000;

export interface RosterImportOptions {
  mode: ImportMode;
  actor: string;
  language: Language;
  correlationId?: string;
  /** Check only: answer what an import would do, write nothing. */
  dryRun?: boolean;
  /** R72: the offices the importing member works for ('*': every office); absent: no check. */
  offices?: readonly string[];
}

export type RosterImportAnswer = RosterImportResult & {
  encoding: CsvEncoding;
  rows: number;
  rejectedCount: number;
  /** Dry run only: the rows that passed the check, and those an import in this mode would apply. */
  dryRun?: true;
  goodRows?: number;
  willImport?: number;
};

export class RosterImporter {
  constructor(
    private readonly rpc: RpcClient,
    private readonly settings: { batchRows?: number; timeoutMs?: number } = {},
  ) {}

  async import(body: Buffer, options: RosterImportOptions): Promise<RosterImportAnswer> {
    const { text, encoding } = decodeCsv(body);
    const { header, rows } = tokenizeCsv(text);
    const batches = batchesOf(rows, this.settings.batchRows ?? 1000);
    const request = <Req, Res>(contract: RpcContract<Req, Res>, payload: Req) =>
      requestTyped(this.rpc, contract, payload, {
        correlationId: options.correlationId,
        timeoutMs: this.settings.timeoutMs ?? 60_000,
      });

    // Phase 1. An empty file still has its header checked.
    const rejected: RosterRejectedRow[] = [];
    const firstLine = new Map<string, number>();
    const good = new Set<number>();
    for (const batch of batches.length > 0 ? batches : [[] as RosterRow[]]) {
      const answer = await request(EligibilityApi.validateRoster, {
        header,
        rows: batch,
      } satisfies RosterRowsRequest);
      for (const row of answer.rows) {
        if (!row.ok) {
          rejected.push({ line: row.line, reasons: row.reasons });
          continue;
        }
        // R72: a row of an office the importing member does not work for is refused.
        const office = /^(\d{5})/.exec(row.jobSeekerNumber)?.[1];
        if (options.offices && !options.offices.includes('*') && !(office && options.offices.includes(office))) {
          rejected.push({
            line: row.line,
            reasons: [{ code: 'OFFICE_FORBIDDEN', field: 'jobSeekerNumber', details: { office } }],
          });
          continue;
        }
        // Eligibility sees one batch at a time; the same seeker in two batches is caught here.
        const seen = firstLine.get(row.jobSeekerNumber);
        if (seen !== undefined) {
          rejected.push({
            line: row.line,
            reasons: [{ code: 'DUPLICATE_IN_FILE', field: 'jobSeekerNumber', details: { firstLine: seen } }],
          });
          continue;
        }
        firstLine.set(row.jobSeekerNumber, row.line);
        good.add(row.line);
      }
    }
    rejected.sort((a, b) => a.line - b.line);
    if (options.dryRun) {
      // Nothing is written: phase 1 only. Whether a good row is new, changed or the same
      // is known only when it is applied, so the check answers counts of rows.
      return {
        dryRun: true,
        imported: 0,
        unchanged: 0,
        goodRows: good.size,
        willImport: rejected.length > 0 && options.mode === 'all-or-nothing' ? 0 : good.size,
        rejected: this.describe(rejected, options.language),
        rejectedCount: rejected.length,
        encoding,
        rows: rows.length,
      };
    }
    if (rejected.length > 0 && options.mode === 'all-or-nothing') {
      throw new AppError('ROSTER_IMPORT_REJECTED', 422, `${rejected.length} rows are invalid; nothing was imported`, {
        mode: options.mode,
        rows: rows.length,
        rejectedCount: rejected.length,
        rejected: this.describe(rejected, options.language),
        truncated: rejected.length > MAX_REPORTED_ROWS,
      });
    }

    // Phase 2: only the rows that passed; a failure part-way leaves earlier batches
    // applied, which is safe to repeat: the same file again completes it.
    const importId = randomUUID();
    const totals = { imported: 0, unchanged: 0, registered: 0, updated: 0 };
    let applied = 0;
    for (const batch of batchesOf(
      rows.filter((row) => good.has(row.line)),
      this.settings.batchRows ?? 1000,
    )) {
      let answer: RosterImportResult;
      try {
        answer = await request(EligibilityApi.applyRoster, {
          header,
          rows: batch,
          importId,
          actor: options.actor,
        } satisfies RosterApplyRequest);
      } catch (error) {
        const e = error as { code?: string; status?: number; message?: string; details?: Record<string, unknown> };
        throw new AppError(e.code ?? 'INTERNAL', e.status ?? 500, e.message ?? 'the import stopped', {
          ...e.details,
          appliedRows: applied,
          totalRows: good.size,
          retry: 'importing the same file again is safe: rows already applied are left as they are',
        });
      }
      applied += batch.length;
      totals.imported += answer.imported;
      totals.unchanged += answer.unchanged;
      totals.registered += answer.registered ?? 0;
      totals.updated += answer.updated ?? 0;
      rejected.push(...answer.rejected);
    }
    rejected.sort((a, b) => a.line - b.line);
    return {
      ...totals,
      rejected: this.describe(rejected, options.language),
      rejectedCount: rejected.length,
      encoding,
      rows: rows.length,
    };
  }

  /** Each reason with its message in the caller's language (staff fix the file from it). */
  private describe(rows: RosterRejectedRow[], language: Language): RosterRejectedRow[] {
    return rows.slice(0, MAX_REPORTED_ROWS).map((row) => ({
      line: row.line,
      reasons: row.reasons.map((reason) => ({ ...reason, message: API_ERRORS.message(reason.code, language) })),
    }));
  }
}
