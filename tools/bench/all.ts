// `npm run bench`: every benchmark of the project, each in its own process, one after
// the other (so one's load does not disturb another's figures). Each prints its figures
// beside a baseline measured in the same run, with the ratio.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const benches: Array<[string, string]> = [
  ['event store', 'libs/shared/event-store/bench/store.bench.ts'],
  ['embedded store memory (PGlite buffer pool)', 'libs/shared/event-store/bench/pglite-memory.bench.ts'],
  ['unstorable text check', 'libs/shared/event-store/bench/storable-text.bench.ts'],
  ['scheduling', 'libs/scheduling/bench/scheduling.bench.ts'],
  ['scheduling read models start-up', 'libs/scheduling/bench/projection-startup.bench.ts'],
  ['eligibility', 'libs/eligibility/bench/eligibility.bench.ts'],
  ['gateway', 'libs/gateway/infra/bench/gateway.bench.ts'],
];

let failed = 0;
for (const [name, path] of benches) {
  console.log(`\n=== ${name} (${path}) ===`);
  const run = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings', '--import', './tools/register.mjs', path],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.status !== 0) {
    failed += 1;
    console.log(`${name}: exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
