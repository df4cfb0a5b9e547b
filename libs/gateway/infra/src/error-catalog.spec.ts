// The API's error codes are the contexts' own tables put together: they compose without
// a conflict, docs/api.md lists exactly them with their status, and every code the code
// base throws is declared, with the status its table gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { API_ERRORS } from './error-catalog';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const API_MD = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the API’s error catalog (api.md "Errors")', () => {
  it('docs/api.md lists every code with the status and owner its table declares, and no other', () => {
    const listed = [...API_MD.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (\d{3}) \| (\w+) \|$/gm)].map(
      ([, code, status, owner]) => ({ code, status: Number(status), owner }),
    );
    const declared = API_ERRORS.entries().map(({ code, status, owner }) => ({ code, status, owner }));
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
    expect(listed.sort(byCode)).toEqual(declared.sort(byCode));
  });

  it('each code of the status table is declared with a status of its row, and each status has a row', () => {
    const rows = [...API_MD.matchAll(/^\| (\d{3}(?:, \d{3})*) \| [^|]+ \| (.+) \|$/gm)].map(
      ([, statuses, examples]) => ({
        statuses: statuses.split(', ').map(Number),
        codes: [...examples.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]),
      }),
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows)
      for (const code of row.codes) {
        expect({ code, declared: API_ERRORS.has(code) }).toEqual({ code, declared: true });
        expect({ code, inRow: row.statuses.includes(API_ERRORS.status(code)) }).toEqual({ code, inRow: true });
      }
    const documented = new Set(rows.flatMap((r) => r.statuses));
    const statuses = new Set(API_ERRORS.entries().map((e) => e.status));
    // 500 is only ever a defect (api.md: no input produces a 500).
    expect([...statuses].filter((s) => s !== 500 && !documented.has(s))).toEqual([]);
  });

  it('every code thrown in the code base is declared, with the status its table gives', () => {
    const undeclared: string[] = [];
    const otherStatus: string[] = [];
    for (const file of [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]) {
      const path = relative(ROOT, file);
      const text = readFileSync(file, 'utf8');
      for (const [, code, status] of text.matchAll(
        /new (?:AppError|DomainError)\(\s*'([A-Z][A-Z0-9_]+)'(?:,\s*(\d{3}))?/g,
      )) {
        if (!API_ERRORS.has(code)) undeclared.push(`${path}: ${code}`);
        else if (status !== undefined && Number(status) !== API_ERRORS.status(code))
          otherStatus.push(`${path}: ${code} ${status} (declared ${API_ERRORS.status(code)})`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(otherStatus).toEqual([]);
  });
});
