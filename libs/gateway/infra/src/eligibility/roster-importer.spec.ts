import type {
  RosterApplyRequest,
  RosterImportResult,
  RosterRowsRequest,
  RosterValidateResult,
} from '@soudan/eligibility-contracts';
import { RpcError, type RpcClient } from '@soudan/messaging';
import { AppError } from '@soudan/platform';
import { RosterImporter } from './roster-importer';

/** Stands in for eligibility: a row is good when its first cell starts with "16070-". */
function fakeEligibility(options: { failApplyAfter?: number } = {}) {
  const applied: RosterApplyRequest[] = [];
  const validated: RosterRowsRequest[] = [];
  const rpc = {
    request: async (pattern: string, payload: unknown) => {
      if (pattern === 'eligibility.roster.validate') {
        const request = payload as RosterRowsRequest;
        validated.push(request);
        return {
          rows: request.rows.map((row) =>
            row.cells[0].startsWith('16070-')
              ? { line: row.line, ok: true, jobSeekerNumber: row.cells[0] }
              : {
                  line: row.line,
                  ok: false,
                  reasons: [{ code: 'JOB_SEEKER_NUMBER_INVALID', field: 'jobSeekerNumber' }],
                },
          ),
        } satisfies RosterValidateResult;
      }
      if (pattern === 'eligibility.roster.apply') {
        const request = payload as RosterApplyRequest;
        if (options.failApplyAfter !== undefined && applied.length >= options.failApplyAfter)
          throw new RpcError('STORE_UNAVAILABLE', 'down', 503);
        applied.push(request);
        return {
          imported: request.rows.length,
          unchanged: 0,
          rejected: [],
          registered: request.rows.length,
          updated: 0,
        } satisfies RosterImportResult;
      }
      throw new Error(`unexpected ${pattern}`);
    },
  } as unknown as RpcClient;
  return { rpc, applied, validated };
}

const csv = (...rows: string[]) => Buffer.from(['jobSeekerNumber,name,email,officeCode,status', ...rows].join('\n'));
const row = (number: string) => `${number},滑川 太郎,taro@example.jp,16070,registered`;

describe('roster import over request-reply', () => {
  it('all-or-nothing: with one bad row, reports it by line and applies nothing', async () => {
    const eligibility = fakeEligibility();
    const importer = new RosterImporter(eligibility.rpc);
    let error: AppError | undefined;
    try {
      await importer.import(csv(row('16070-00000001'), row('bad'), row('16070-00000003')), {
        mode: 'all-or-nothing',
        actor: 'staff:a',
        language: 'ja',
      });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('ROSTER_IMPORT_REJECTED');
    expect(error?.status).toBe(422);
    expect(error?.details.rejected).toEqual([
      {
        line: 3,
        reasons: [
          { code: 'JOB_SEEKER_NUMBER_INVALID', field: 'jobSeekerNumber', message: expect.stringContaining('求職番号') },
        ],
      },
    ]);
    expect(eligibility.applied).toEqual([]);
  });

  it('R40: a dry run checks the whole file, reports every refused row and what an import would do, and writes nothing', async () => {
    const eligibility = fakeEligibility();
    const importer = new RosterImporter(eligibility.rpc);
    const file = csv(row('16070-00000001'), row('bad'), row('16070-00000003'), row('16070-00000001'));
    const strict = await importer.import(file, {
      mode: 'all-or-nothing',
      actor: 'staff:a',
      language: 'en',
      dryRun: true,
    });
    expect(strict).toMatchObject({ dryRun: true, rows: 4, goodRows: 2, willImport: 0, rejectedCount: 2 });
    expect(strict.rejected.map((r) => [r.line, r.reasons.map((x) => x.code)])).toEqual([
      [3, ['JOB_SEEKER_NUMBER_INVALID']],
      [5, ['DUPLICATE_IN_FILE']],
    ]);
    const lenient = await importer.import(file, { mode: 'good-rows', actor: 'staff:a', language: 'en', dryRun: true });
    expect(lenient).toMatchObject({ dryRun: true, goodRows: 2, willImport: 2, rejectedCount: 2 });
    expect(eligibility.validated.length).toBeGreaterThan(0);
    expect(eligibility.applied).toEqual([]);
  });

  it('good-rows: applies the good rows only and reports the bad ones', async () => {
    const eligibility = fakeEligibility();
    const result = await new RosterImporter(eligibility.rpc).import(
      csv(row('16070-00000001'), row('bad'), row('16070-00000003')),
      {
        mode: 'good-rows',
        actor: 'staff:a',
        language: 'en',
      },
    );
    expect(result).toMatchObject({ imported: 2, unchanged: 0, rejectedCount: 1, rows: 3, encoding: 'utf-8' });
    expect(result.rejected[0]).toMatchObject({
      line: 3,
      reasons: [{ code: 'JOB_SEEKER_NUMBER_INVALID', message: expect.stringContaining('16070-12345678') }],
    });
    expect(eligibility.applied.flatMap((a) => a.rows.map((r) => r.line))).toEqual([2, 4]);
  });

  it('finds the same seeker twice even when the rows are in different batches', async () => {
    const eligibility = fakeEligibility();
    const importer = new RosterImporter(eligibility.rpc, { batchRows: 2 });
    const result = await importer.import(csv(row('16070-00000001'), row('16070-00000002'), row('16070-00000001')), {
      mode: 'good-rows',
      actor: 'staff:a',
      language: 'ja',
    });
    expect(eligibility.validated).toHaveLength(2);
    expect(result.rejected).toEqual([
      { line: 4, reasons: [expect.objectContaining({ code: 'DUPLICATE_IN_FILE', details: { firstLine: 2 } })] },
    ]);
    expect(result.imported).toBe(2);
  });

  it('checks the header of a file without rows, and imports nothing', async () => {
    const eligibility = fakeEligibility();
    const result = await new RosterImporter(eligibility.rpc).import(csv(), {
      mode: 'all-or-nothing',
      actor: 'staff:a',
      language: 'ja',
    });
    expect(eligibility.validated).toEqual([
      { header: ['jobSeekerNumber', 'name', 'email', 'officeCode', 'status'], rows: [] },
    ]);
    expect(result).toMatchObject({ imported: 0, unchanged: 0, rejected: [] });
  });

  it('says how far it got when the service fails part-way, and that repeating is safe', async () => {
    const eligibility = fakeEligibility({ failApplyAfter: 1 });
    const rows = Array.from({ length: 5 }, (_, i) => row(`16070-0000000${i}`));
    let error: AppError | undefined;
    try {
      await new RosterImporter(eligibility.rpc, { batchRows: 2 }).import(csv(...rows), {
        mode: 'all-or-nothing',
        actor: 'staff:a',
        language: 'ja',
      });
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(error?.details).toMatchObject({ appliedRows: 2, totalRows: 5, retry: expect.any(String) });
  });
});
