#!/usr/bin/env node
// Mutation testing of the pure domain libs (issue 15, section 5), with StrykerJS and its
// jest runner (stryker.config.mjs). Prints the score of each lib and fails when one is
// below the threshold.
//
//   npm run test:mutation                      every domain lib
//   npm run test:mutation -- audit time        the libs named (see LIBS)
//   npm run test:mutation -- --changed         the short CI run: the lines of domain files
//                                              changed since the merge base with main (the
//                                              hash chain when none changed), at most
//                                              MAX_CHANGED_LINES of them; hunks that only
//                                              touch comments or blank lines are left out
//   npm run test:mutation -- --file libs/shared/time/src/business-calendar.ts
//   npm run test:mutation -- --changed --plan  what would be mutated, without running it
//
// The score counts killed and timed-out mutants against all that ran (survived and not
// covered included); mutants Stryker cannot compile or run, and those disabled in the
// code with a reason (`// Stryker disable ...: why`), are left out of it. It is the score
// of the logic (string literals, i.e. messages and mail text, are not mutated unless
// STRYKER_TEXT=1) under the named example specs (the model-based *.model.spec.ts are left
// out unless STRYKER_PROPERTIES=1), so a lower bound of what the whole suite kills.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);

/** The pure libs: rules and their tests only, no I/O. */
export const LIBS = {
  time: 'libs/shared/time',
  scheduling: 'libs/scheduling/domain',
  eligibility: 'libs/eligibility/domain',
  audit: 'libs/audit/domain',
  notification: 'libs/notification/domain',
  offices: 'libs/shared/offices',
  identity: 'libs/identity/domain',
};
const THRESHOLD = Number(process.env.MUTATION_THRESHOLD ?? 90);
/** Keeps the CI run within a few minutes on two cores: about 4 mutants a changed line. */
const MAX_CHANGED_LINES = Number(process.env.MUTATION_MAX_LINES ?? 120);
/** What the CI run mutates when no domain source line changed: the audit hash chain (R53). */
const FIXED_SET = ['libs/audit/domain/src/hash-chain.ts'];

const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.includes('/testing/');
/** A line of a comment or a blank line (a line inside a block comment starts with `*`). */
const isCommentOrBlank = (line) => /^\s*(\/\/|\/\*|\*|$)/.test(line);
const libOf = (file) => Object.entries(LIBS).find(([, dir]) => file.startsWith(`${dir}/`));

function git(...args) {
  const result = spawnSync('git', args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * The lines of domain source files changed since the merge base with main (committed or
 * not), as Stryker's `file:from-to` ranges, largest hunks first, within MAX_CHANGED_LINES.
 */
function changedRanges() {
  const base = ['main', 'origin/main'].map((ref) => git('merge-base', 'HEAD', ref)).find((sha) => sha !== undefined);
  if (!base) return { base: undefined, ranges: [], left: [] };
  const diff = git('diff', '-U0', '--no-color', base, '--', ...Object.values(LIBS)) ?? '';
  const hunks = [];
  let file;
  let current;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      file = line.startsWith('+++ b/') ? line.slice(6) : undefined;
      current = undefined;
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      const [from, count] = [Number(hunk[1]), hunk[2] === undefined ? 1 : Number(hunk[2])];
      current =
        file && isSource(file) && libOf(file) && count > 0
          ? { file, from, to: from + count - 1, lines: count, code: false }
          : undefined;
      if (current) hunks.push(current);
    } else if (current && line.startsWith('+') && !isCommentOrBlank(line.slice(1))) current.code = true;
  }
  // A hunk that only adds or rewords comments (a `// Stryker disable ...: why` among them)
  // or blank lines changes no behaviour: nothing in it to mutate.
  const codeHunks = hunks.filter((h) => h.code);
  hunks.length = 0;
  hunks.push(...codeHunks);
  hunks.sort((a, b) => b.lines - a.lines);
  const ranges = [];
  const left = [];
  let budget = MAX_CHANGED_LINES;
  for (const h of hunks) {
    if (h.lines <= budget || ranges.length === 0) {
      ranges.push(`${h.file}:${h.from}-${h.to}`);
      budget -= h.lines;
    } else left.push(`${h.file}:${h.from}-${h.to}`);
  }
  return { base, ranges, left };
}

function parseArgs(argv) {
  const options = { changed: false, plan: false, libs: [], files: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--changed') options.changed = true;
    else if (arg === '--plan') options.plan = true;
    else if (arg === '--file') options.files.push(argv[++i]);
    else if (LIBS[arg]) options.libs.push(arg);
    else {
      console.error(`unknown argument ${arg}; libs: ${Object.keys(LIBS).join(', ')}`);
      process.exit(2);
    }
  }
  return options;
}

function plan(options) {
  if (options.files.length > 0) return { files: options.files, note: 'files named' };
  if (options.changed) {
    const { base, ranges, left } = changedRanges();
    if (ranges.length === 0)
      return {
        files: FIXED_SET,
        note: `no domain source line changed since ${base ?? 'main (not found)'}: the fixed set`,
      };
    const note =
      `the lines changed since ${base.slice(0, 10)}` +
      (left.length
        ? ` (${left.length} more hunks over ${MAX_CHANGED_LINES} lines left for the full run: ${left.join(', ')})`
        : '');
    return { files: ranges, note };
  }
  const libs = options.libs.length > 0 ? options.libs : Object.keys(LIBS);
  return { libs, note: `libs ${libs.join(', ')}` };
}

const options = parseArgs(process.argv.slice(2));
const { files, libs, note } = plan(options);
const dirs = libs
  ? libs.map((name) => LIBS[name])
  : [...new Set(files.map((file) => libOf(file)?.[1] ?? dirname(file)))];
const mutate = libs
  ? dirs.flatMap((dir) => [`${dir}/src/**/*.ts`, `!${dir}/src/**/*.spec.ts`, `!${dir}/src/**/testing/**`])
  : files;
const report = process.env.STRYKER_REPORT ?? 'reports/mutation/mutation';
console.log(`mutation testing: ${note}`);
if (options.plan) {
  console.log(`mutate: ${mutate.join(' ')}\ntests under: ${dirs.join(' ')}`);
  process.exit(0);
}

const started = Date.now();
const run = spawnSync(
  process.execPath,
  ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', 'stryker.config.mjs'],
  {
    stdio: 'inherit',
    env: { ...process.env, STRYKER_MUTATE: mutate.join(','), STRYKER_ROOTS: dirs.join(','), STRYKER_REPORT: report },
  },
);
if (run.status !== 0) {
  console.error(`stryker ended with status ${run.status ?? run.signal}`);
  process.exit(1);
}

// Score per lib from the JSON report (mutation-testing-report-schema).
const result = JSON.parse(readFileSync(`${report}.json`, 'utf8'));
const tally = new Map();
for (const [file, { mutants }] of Object.entries(result.files)) {
  const lib = libOf(file)?.[0] ?? dirname(file);
  const t = tally.get(lib) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, excluded: 0 };
  for (const mutant of mutants) {
    // Text, not logic (see stryker.config.mjs): left out of the score.
    if (mutant.mutatorName === 'StringLiteral' && process.env.STRYKER_TEXT !== '1') t.excluded += 1;
    else if (mutant.status === 'Killed') t.killed += 1;
    else if (mutant.status === 'Timeout') t.timeout += 1;
    else if (mutant.status === 'Survived') t.survived += 1;
    else if (mutant.status === 'NoCoverage') t.noCoverage += 1;
    else t.excluded += 1;
  }
  tally.set(lib, t);
}
const rows = [...tally.entries()].map(([lib, t]) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return { lib, ...t, score: valid === 0 ? 100 : (100 * detected) / valid };
});
console.log(`\nmutation score per lib (threshold ${THRESHOLD}%), ${Math.round((Date.now() - started) / 1000)} s`);
console.log('lib            score  killed timeout survived no-cover excluded');
for (const r of rows) {
  console.log(
    `${r.lib.padEnd(14)} ${r.score.toFixed(1).padStart(5)}% ${String(r.killed).padStart(6)} ${String(r.timeout).padStart(7)}` +
      ` ${String(r.survived).padStart(8)} ${String(r.noCoverage).padStart(8)} ${String(r.excluded).padStart(8)}`,
  );
}
const below = rows.filter((r) => r.score < THRESHOLD);
if (below.length > 0) {
  console.error(`\nbelow ${THRESHOLD}%: ${below.map((r) => `${r.lib} ${r.score.toFixed(1)}%`).join(', ')}`);
  process.exit(1);
}
