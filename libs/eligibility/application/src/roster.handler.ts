// The roster: staff add seekers one by one, or import an office's export in batches.
// An import is two phases (validate every batch, then apply) so that a file with a bad
// row changes nothing (all-or-nothing), and applying is idempotent: a row that matches
// the roster as it is appends nothing, so the same file again changes nothing.
import { randomUUID } from 'node:crypto';
import type {
  RegisterSeekerRequest,
  RegisterSeekerResult,
  RosterApplyRequest,
  RosterImportResult,
  RosterRejectedRow,
  RosterRowsRequest,
  RosterValidateResult,
} from '@soudan/eligibility-contracts';
import {
  checkRosterEntry,
  DomainError,
  parseRosterRow,
  rosterLayout,
  type RosterEntry,
  type SeekerCommand,
  type SeekerState,
} from '@soudan/eligibility-domain';
import type { CommandContext } from '@soudan/platform';
import type { DataKey } from '@soudan/seeker-keys';
import { actorFrom, type Executed, type Seekers } from './seekers';

/** The roster data sealed per seeker; the number is kept so staff views can show it. */
export interface RosterPersonalData {
  jobSeekerNumber: string;
  name: string;
  email: string;
}

export type UpsertOutcome = 'registered' | 'updated' | 'unchanged';

/** Rows per request are bounded by the caller (the gateway sends ~1,000); this guards the service. */
export const MAX_ROWS_PER_REQUEST = 5_000;

function outcomeOf(executed: Executed): UpsertOutcome {
  if (executed.events.length === 0) return 'unchanged';
  return executed.before.onRoster ? 'updated' : 'registered';
}

type CheckedRow = { line: number; ok: true; entry: RosterEntry } | ({ ok: false } & RosterRejectedRow);

export class RosterHandler {
  constructor(private readonly seekers: Seekers) {}

  async register(
    request: RegisterSeekerRequest,
    context: Omit<CommandContext, 'actor' | 'eventId'>,
  ): Promise<RegisterSeekerResult> {
    const checked = checkRosterEntry({
      jobSeekerNumber: request?.jobSeekerNumber,
      name: request?.name,
      email: request?.email,
      officeCode: request?.officeCode,
      status: request?.status,
    });
    if (!checked.ok) {
      const fields: Record<string, string[]> = {};
      for (const reason of checked.reasons) (fields[reason.field ?? 'row'] ??= []).push(reason.code);
      throw new DomainError('VALIDATION_FAILED', 'some fields of the roster entry are invalid', { fields });
    }
    const entry = checked.entry;
    const seekerId = this.seekers.idOf(entry.jobSeekerNumber);
    const key = await this.seekers.vault.dataKey(seekerId, true);
    const outcome = await this.upsert(seekerId, entry, key, { ...context, actor: actorFrom(request.actor) });
    return { seekerId, jobSeekerNumber: entry.jobSeekerNumber, outcome };
  }

  /** Phase 1: what is wrong with each row; changes nothing. */
  validate(request: RosterRowsRequest): RosterValidateResult {
    return {
      rows: this.check(request).map((row) =>
        row.ok ? { line: row.line, ok: true as const, jobSeekerNumber: row.entry.jobSeekerNumber } : row,
      ),
    };
  }

  /** Phase 2: applies the good rows (checked again: nothing is taken on trust). */
  async apply(
    request: RosterApplyRequest,
    context: Omit<CommandContext, 'actor' | 'eventId' | 'causationId'>,
  ): Promise<RosterImportResult> {
    const checked = this.check(request);
    const good = checked.filter((row): row is Extract<CheckedRow, { ok: true }> => row.ok);
    const rejected = checked
      .filter((row): row is Extract<CheckedRow, { ok: false }> => !row.ok)
      .map(({ line, reasons }) => ({ line, reasons }));
    const ids = good.map((row) => this.seekers.idOf(row.entry.jobSeekerNumber));
    // One round trip for the keys of the whole batch instead of one per row.
    const known = await this.seekers.vault.dataKeys(ids, false);
    const keys = new Map([
      ...known,
      ...(await this.seekers.vault.dataKeys(
        ids.filter((id) => !known.has(id)),
        true,
      )),
    ]);
    const commandContext: CommandContext = {
      ...context,
      actor: actorFrom(request.actor),
      causationId:
        typeof request.importId === 'string' && request.importId.length <= 100 ? request.importId : randomUUID(),
    };
    // Every row decided, then appended in chunks (one statement each on the SQL stores):
    // a round trip per seeker made large imports crawl. Rows are unique per seeker (a
    // number twice in a batch is DUPLICATE_IN_FILE).
    const executed = await this.seekers.executeMany(
      good.map((row, index) => ({
        seekerId: ids[index],
        build: (state: SeekerState, attempt: number) =>
          this.registerCommand(ids[index], row.entry, state, attempt === 1 ? keys.get(ids[index]) : undefined),
        probablyNew: !known.has(ids[index]),
      })),
      commandContext,
    );
    const outcomes = executed.map(outcomeOf);
    const registered = outcomes.filter((o) => o === 'registered').length;
    const updated = outcomes.filter((o) => o === 'updated').length;
    return {
      imported: registered + updated,
      unchanged: outcomes.length - registered - updated,
      rejected,
      registered,
      updated,
    };
  }

  /** Registers or updates one seeker; appends nothing when the roster already says the same. */
  async upsert(
    seekerId: string,
    entry: RosterEntry,
    initialKey: DataKey | undefined,
    context: CommandContext,
    probablyNew = false,
  ): Promise<UpsertOutcome> {
    const executed = await this.seekers.execute(
      seekerId,
      (state, attempt) => this.registerCommand(seekerId, entry, state, attempt === 1 ? initialKey : undefined),
      context,
      { probablyNew },
    );
    return outcomeOf(executed);
  }

  /** The roster's word on one seeker; the personal data is sealed again only when it differs from what is kept. */
  private async registerCommand(
    seekerId: string,
    entry: RosterEntry,
    state: SeekerState,
    knownKey: DataKey | undefined,
  ): Promise<SeekerCommand> {
    const vault = this.seekers.vault;
    const document: RosterPersonalData = {
      jobSeekerNumber: entry.jobSeekerNumber,
      name: entry.name,
      email: entry.email,
    };
    // Without a key in hand (a retry after a conflict: an erasure may have destroyed it meanwhile), fetch or make one.
    const key = knownKey ?? (await vault.dataKey(seekerId, true));
    if (!key) throw new Error(`no data key could be made for seeker ${seekerId}`);
    const current = state.onRoster
      ? vault.open<RosterPersonalData>(seekerId, key, 'roster', state.personalData)
      : undefined;
    const same =
      current?.jobSeekerNumber === document.jobSeekerNumber &&
      current.name === document.name &&
      current.email === document.email;
    return {
      type: 'RegisterSeeker',
      data: {
        seekerId,
        officeCode: entry.officeCode,
        status: entry.status,
        personalData: same ? undefined : vault.seal(seekerId, key, 'roster', document),
      },
      metadata: { now: this.seekers.now() },
    };
  }

  private check(request: RosterRowsRequest): CheckedRow[] {
    if (!request || !Array.isArray(request.header) || !Array.isArray(request.rows)) {
      throw new DomainError('VALIDATION_FAILED', 'a roster batch needs a header and rows', {
        fields: { header: ['required'], rows: ['required'] },
      });
    }
    if (request.rows.length > MAX_ROWS_PER_REQUEST) {
      throw new DomainError('VALIDATION_FAILED', `at most ${MAX_ROWS_PER_REQUEST} rows per request`, {
        fields: { rows: [`at most ${MAX_ROWS_PER_REQUEST}`] },
      });
    }
    const layout = rosterLayout(request.header.map((cell) => (typeof cell === 'string' ? cell : '')));
    const firstLine = new Map<string, number>();
    return request.rows.map((row) => {
      const line = Number.isInteger(row?.line) ? row.line : 0;
      const parsed = parseRosterRow(
        Array.isArray(row?.cells) ? row.cells.map((c) => (typeof c === 'string' ? c : '')) : [],
        layout,
      );
      if (!parsed.ok) return { line, ok: false as const, reasons: parsed.reasons };
      const seen = firstLine.get(parsed.entry.jobSeekerNumber);
      if (seen !== undefined) {
        return {
          line,
          ok: false as const,
          reasons: [{ code: 'DUPLICATE_IN_FILE', field: 'jobSeekerNumber', details: { firstLine: seen } }],
        };
      }
      firstLine.set(parsed.entry.jobSeekerNumber, line);
      return { line, ok: true as const, entry: parsed.entry };
    });
  }
}
