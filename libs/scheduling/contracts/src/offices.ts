// R70: the office registry: every office this deployment serves, with its settings.
// Scheduling keeps it (it owns calendars and capacity); other services read it through
// these shapes.
import type { OfficeSettings } from '@soudan/offices';

/** Where a change came from: the national administrator's API, an import file, or OFFICE_CONFIG at start. */
export type OfficeChangeSource =
  | { kind: 'api' }
  | { kind: 'import' }
  /** The office's own supervisors: its hours and closed days (R70: they belong to the office). */
  | { kind: 'office' }
  /** The OFFICE_CONFIG file, by a digest of its settings: a file already applied is not applied again. */
  | { kind: 'file'; digest: string };

export interface OfficeRegisteredV1 {
  code: string;
  settings: OfficeSettings;
  source: OfficeChangeSource;
  by: string;
  at: string;
}

export interface OfficeSettingsChangedV1 {
  code: string;
  settings: OfficeSettings;
  /** The top-level settings that differ from before (`hours`, `closures`, ...). */
  changed: string[];
  source: OfficeChangeSource;
  by: string;
  at: string;
}

/** An office as the registry holds it. */
export interface OfficeView {
  settings: OfficeSettings;
  registeredAt: string;
  updatedAt: string;
  /** How many changes it has had since it was registered. */
  changes: number;
}

/** R70: an office's hours and closed days, as its supervisors change them; the other settings stay. */
export interface SetOfficeCalendarRequest {
  actor: string;
  code: string;
  /** R3: opening, closing and slot length; unchanged when absent. */
  hours?: unknown;
  /** R2: the office's own closed days (YYYY-MM-DD), the whole list; unchanged when absent. */
  closures?: unknown;
}

export interface SetOfficeRequest {
  actor: string;
  code: string;
  /** Every setting but the code (which the request names); defaults fill what is left out. */
  settings: Record<string, unknown>;
}

export interface SetOfficeResult {
  office: OfficeView;
  outcome: 'registered' | 'changed' | 'unchanged';
  changed: string[];
}

export interface ImportOfficesRequest {
  actor: string;
  offices: unknown[];
  /** Only say what would change; write nothing. */
  dryRun?: boolean;
}

export interface ImportOfficesRow {
  /** The row's place in the file, from 1. */
  row: number;
  code: string | null;
  outcome: 'registered' | 'changed' | 'unchanged' | 'refused';
  changed?: string[];
  /** Why a refused row was refused, per setting. */
  problems?: Record<string, string[]>;
}

export interface ImportOfficesResult {
  dryRun: boolean;
  /** False when any row was refused: then nothing was written. */
  applied: boolean;
  rows: ImportOfficesRow[];
  counts: { registered: number; changed: number; unchanged: number; refused: number };
}
