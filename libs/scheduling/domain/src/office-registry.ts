// R70: the registry of the offices one deployment serves. One stream holds it all (a few
// hundred offices, each changed a few times a year), so a change and an import are each
// one append, checked against the registry as it stood, and a list is one read.
import { completeOffice, NATIONAL_DEFAULTS, officeProblems, withDefaults, type OfficeSettings } from '@soudan/offices';
import type {
  OfficeChangeSource,
  OfficeRegisteredV1,
  OfficeSettingsChangedV1,
  OfficeView,
} from '@soudan/scheduling-contracts';
import { DomainError } from './domain-error';

export type OfficeRegistryEvent =
  | { type: 'OfficeRegistered'; data: OfficeRegisteredV1 }
  | { type: 'OfficeSettingsChanged'; data: OfficeSettingsChangedV1 };

export interface RegisteredOffice extends OfficeView {
  /** The digest of the OFFICE_CONFIG settings last applied to this office, if any. */
  fileDigest?: string;
}

export interface OfficeRegistryState {
  offices: ReadonlyMap<string, RegisteredOffice>;
}

/** One office's settings as given: every setting but the code, which the command names. */
export interface OfficeChange {
  code: string;
  settings: Record<string, unknown>;
}

export type OfficeRegistryCommand =
  | {
      type: 'SetOffice';
      data: OfficeChange & { source: OfficeChangeSource; by: string };
      metadata: { now: string };
    }
  | {
      /**
       * R70: an office's supervisors change its hours and closed days (they belong to the
       * office); every other setting stays as registered.
       */
      type: 'SetOfficeCalendar';
      data: { code: string; hours?: unknown; closures?: unknown; by: string };
      metadata: { now: string };
    }
  | {
      /** All rows or none: an import with one refused row writes nothing. */
      type: 'ImportOffices';
      data: { offices: unknown[]; by: string };
      metadata: { now: string };
    };

export const initialOfficeRegistryState = (): OfficeRegistryState => ({ offices: new Map() });

export function evolveOfficeRegistry(state: OfficeRegistryState, event: OfficeRegistryEvent): OfficeRegistryState {
  const { code, settings, source, at } = event.data;
  const before = state.offices.get(code);
  const fileDigest = source.kind === 'file' ? source.digest : before?.fileDigest;
  const office: RegisteredOffice =
    event.type === 'OfficeRegistered' || !before
      ? { settings, registeredAt: at, updatedAt: at, changes: 0, fileDigest }
      : { settings, registeredAt: before.registeredAt, updatedAt: at, changes: before.changes + 1, fileDigest };
  return { offices: new Map(state.offices).set(code, office) };
}

/** The top-level settings whose values differ. */
export function changedSettings(before: OfficeSettings, after: OfficeSettings): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof OfficeSettings>;
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

export type OfficeOutcome =
  | { outcome: 'refused'; code: string | null; problems: Record<string, string[]>; event?: never }
  | { outcome: 'registered' | 'changed' | 'unchanged'; code: string; changed: string[]; event?: OfficeRegistryEvent };

/**
 * What one change would do to the registry: refused with its problems, or the event it
 * records (none when nothing differs, or when the same OFFICE_CONFIG was applied before:
 * then the registry's own later changes stand).
 */
export function assessOffice(
  state: OfficeRegistryState,
  change: OfficeChange,
  source: OfficeChangeSource,
  by: string,
  now: string,
): OfficeOutcome {
  const code = typeof change.code === 'string' ? change.code : null;
  if (typeof change.settings !== 'object' || change.settings === null || Array.isArray(change.settings))
    return { outcome: 'refused', code, problems: { office: ['office settings must be a JSON object'] } };
  if ('code' in change.settings && change.settings.code !== change.code)
    return { outcome: 'refused', code, problems: { code: ['the code in the settings differs from the office named'] } };
  const before = code ? state.offices.get(code) : undefined;
  // Settings are given whole (a PUT, a row of a file): what is left out takes the national
  // default, not the office's previous value, so an optional setting can be removed.
  const merged = withDefaults({ ...change.settings, code: change.code }, NATIONAL_DEFAULTS);
  const problems = officeProblems(merged);
  if (Object.keys(problems).length > 0) return { outcome: 'refused', code, problems };
  const settings = completeOffice(merged as OfficeSettings);
  if (!before) {
    return {
      outcome: 'registered',
      code: settings.code,
      changed: [],
      event: { type: 'OfficeRegistered', data: { code: settings.code, settings, source, by, at: now } },
    };
  }
  if (source.kind === 'file' && before.fileDigest === source.digest)
    return { outcome: 'unchanged', code: settings.code, changed: [] };
  const changed = changedSettings(before.settings, settings);
  if (changed.length === 0 && source.kind !== 'file') return { outcome: 'unchanged', code: settings.code, changed };
  return {
    outcome: changed.length === 0 ? 'unchanged' : 'changed',
    code: settings.code,
    changed,
    // A file applied for the first time is recorded even when it changes nothing, so
    // that a later API change is not undone by the next start with the same file.
    event: { type: 'OfficeSettingsChanged', data: { code: settings.code, settings, changed, source, by, at: now } },
  };
}

export function decideOfficeRegistry(
  command: OfficeRegistryCommand,
  state: OfficeRegistryState,
): OfficeRegistryEvent[] {
  const now = command.metadata.now;
  if (command.type === 'SetOffice') {
    const { code, settings, source, by } = command.data;
    const outcome = assessOffice(state, { code, settings }, source, by, now);
    if (outcome.outcome === 'refused')
      throw new DomainError('OFFICE_SETTINGS_INVALID', 'the office settings are not valid', {
        fields: outcome.problems,
      });
    return outcome.event ? [outcome.event] : [];
  }
  if (command.type === 'SetOfficeCalendar') {
    const { code, hours, closures, by } = command.data;
    const before = state.offices.get(code);
    if (!before) throw new DomainError('OFFICE_NOT_FOUND', `no office ${code} is registered`, { code });
    const { code: _code, ...settings } = {
      ...before.settings,
      ...(hours !== undefined ? { hours } : {}),
      ...(closures !== undefined ? { closures } : {}),
    };
    const outcome = assessOffice(state, { code, settings }, { kind: 'office' }, by, now);
    if (outcome.outcome === 'refused')
      throw new DomainError('OFFICE_SETTINGS_INVALID', 'the office settings are not valid', {
        fields: outcome.problems,
      });
    return outcome.event ? [outcome.event] : [];
  }
  const { rows } = assessImport(state, command.data.offices, command.data.by, now);
  const refused = rows.filter((row) => row.outcome === 'refused');
  if (refused.length > 0)
    throw new DomainError('OFFICE_IMPORT_REFUSED', `${refused.length} of ${rows.length} offices cannot be imported`, {
      rows: refused.map(({ row, code, problems }) => ({ row, code, problems })),
    });
  return rows.flatMap((row) => (row.event ? [row.event] : []));
}

export type ImportRow = OfficeOutcome & { row: number };

/** R70: every row of an import file, judged against the registry and the rows before it. */
export function assessImport(
  state: OfficeRegistryState,
  offices: unknown[],
  by: string,
  now: string,
): { rows: ImportRow[]; state: OfficeRegistryState } {
  const rows: ImportRow[] = [];
  const seen = new Set<string>();
  let current = state;
  offices.forEach((entry, index) => {
    const row = index + 1;
    const isObject = typeof entry === 'object' && entry !== null && !Array.isArray(entry);
    const code = isObject ? (entry as Record<string, unknown>).code : undefined;
    if (!isObject || typeof code !== 'string') {
      rows.push({ row, outcome: 'refused', code: null, problems: { code: ['each office needs its 5-digit code'] } });
      return;
    }
    if (seen.has(code)) {
      rows.push({ row, outcome: 'refused', code, problems: { code: [`office ${code} appears twice in the file`] } });
      return;
    }
    seen.add(code);
    const outcome = assessOffice(
      current,
      { code, settings: entry as Record<string, unknown> },
      { kind: 'import' },
      by,
      now,
    );
    if (outcome.event) current = evolveOfficeRegistry(current, outcome.event);
    rows.push({ ...outcome, row });
  });
  return { rows, state: current };
}

export const officeRegistryDecider = {
  decide: decideOfficeRegistry,
  evolve: evolveOfficeRegistry,
  initialState: initialOfficeRegistryState,
};
