// Each context owns its error codes (a table in its contracts: HTTP status, ja/en
// message); platform only puts tables together. A code two tables declare differently
// is a defect found at start: composing throws, so a service or the gateway never runs
// with two meanings for one code.
import type { ErrorEntry, ErrorTable } from '@soudan/rpc-contract';
import type { Language } from './messages';
import { PlatformErrors } from './platform-errors';

export type { ErrorEntry, ErrorTable } from '@soudan/rpc-contract';

export class ErrorCatalogConflictError extends Error {
  constructor(
    readonly code: string,
    readonly owners: [string, string],
  ) {
    super(`error code ${code} is declared differently by ${owners[0]} and ${owners[1]}`);
    this.name = 'ErrorCatalogConflictError';
  }
}

export interface ErrorCatalog {
  /** Whether `code` is declared by some table (rather than answered with the generic text). */
  has(code: string): boolean;
  entry(code: string): ErrorEntry | undefined;
  /** The declared status; for a code no table declares, 404 for `…_NOT_FOUND`, else 422 (a business refusal). */
  status(code: string): number;
  message(code: string, language: Language, fallback?: string): string;
  /** Every code with its entry and the table that declared it. */
  entries(): Array<{ code: string; owner: string } & ErrorEntry>;
}

const same = (a: ErrorEntry, b: ErrorEntry) => a.status === b.status && a.ja === b.ja && a.en === b.en;

/**
 * `composeErrorCatalog({ platform: PlatformErrors, scheduling: SchedulingErrors, ... })`.
 * The platform's shared codes are always in; a code declared twice must mean the same.
 */
export function composeErrorCatalog(tables: Record<string, ErrorTable>): ErrorCatalog {
  const codes = new Map<string, { owner: string } & ErrorEntry>();
  for (const [owner, table] of Object.entries<ErrorTable>({ platform: PlatformErrors, ...tables })) {
    for (const code of Object.keys(table)) {
      const entry = table[code];
      const known = codes.get(code);
      if (known && !same(known, entry)) throw new ErrorCatalogConflictError(code, [known.owner, owner]);
      if (!known) codes.set(code, { owner, status: entry.status, ja: entry.ja, en: entry.en });
    }
  }
  return {
    has: (code) => codes.has(code),
    entry: (code) => codes.get(code),
    status: (code) => codes.get(code)?.status ?? (code.endsWith('_NOT_FOUND') ? 404 : 422),
    message(code, language, fallback) {
      const entry = codes.get(code);
      if (entry) return entry[language];
      if (fallback && language === 'en') return fallback;
      return language === 'ja' ? `エラーが発生しました（${code}）。` : `Error ${code}.`;
    },
    entries: () => [...codes].map(([code, entry]) => ({ code, ...entry })),
  };
}
