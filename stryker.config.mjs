// Mutation testing of the pure domain libs (issue 15, section 5): `npm run test:mutation`.
// StrykerJS 9.6 is the last line that runs on Node 20 (10.x needs Node 22), so the
// machines' and CI's Node 20 runs it as it is; see README "Mutation testing".
// Which files are mutated comes from tools/mutation/run.mjs (STRYKER_MUTATE), so the full
// run, a run of one lib and the short CI run of changed files share this one config.
import jestConfig from './jest.config.js';

const unit = jestConfig.projects.find((project) => project.displayName === 'unit');
const mutate = (process.env.STRYKER_MUTATE ?? '').split(',').filter(Boolean);
const roots = (process.env.STRYKER_ROOTS ?? '').split(',').filter(Boolean);
const report = process.env.STRYKER_REPORT ?? 'reports/mutation/mutation';
// Set to a file to rerun only the mutants whose code or covering tests changed since the
// run that wrote it (Stryker's incremental mode): how a lib is worked on test by test.
const incrementalFile = process.env.STRYKER_INCREMENTAL_FILE;
// STRYKER_ALL_KILLERS=1 runs every covering test of a mutant instead of stopping at the
// first that fails, so the report names every test that kills it (slower): how one run
// tells what the tests added on a branch kill that the older ones did not.
const allKillers = process.env.STRYKER_ALL_KILLERS === '1';
// The model-based specs (*.model.spec.ts: fast-check walks against a model) cover nearly
// every line, so every mutant would run them, ten times the cost of the example specs on
// a shared two-core machine. They are left out unless STRYKER_PROPERTIES=1: the score is
// then what the named example tests alone kill, a lower bound of the score with them.
const withProperties = process.env.STRYKER_PROPERTIES === '1';
// The target is logic: a string literal changed is a message or mail text (whose content
// the mail specs check by phrase), or an error code the tests already pin. Such mutants
// are not made unless STRYKER_TEXT=1, and run.mjs leaves any in a report out of the score.
const withText = process.env.STRYKER_TEXT === '1';

export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  coverageAnalysis: 'perTest',
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: true,
    // Only the pure tests of the libs under mutation: each mutant runs in milliseconds.
    config: {
      ...unit,
      displayName: undefined,
      roots: roots.map((root) => `<rootDir>/${root}`),
      testPathIgnorePatterns: [...unit.testPathIgnorePatterns, ...(withProperties ? [] : ['\\.model\\.spec\\.ts$'])],
    },
  },
  mutate,
  mutator: { excludedMutations: withText ? [] : ['StringLiteral'] },
  ignorePatterns: ['apps', 'deploy', 'data', 'tmp', 'reports', 'coverage', '.nx'],
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // The machine is shared and a timeout restarts the worker, whose first run under native
  // ESM is slow: a short timeout turns load into false "timed out" (counted as killed)
  // and a spiral of restarts. The few mutants that really loop cost 30 s each.
  timeoutMS: 30000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 95, low: 90, break: null },
  ...(incrementalFile ? { incremental: true, incrementalFile } : {}),
  ...(allKillers ? { disableBail: true } : {}),
  tempDirName: 'tmp/.stryker-tmp',
  cleanTempDir: true,
};
