// `npm run build`: every server app as JavaScript under dist/ (or --out-dir DIR), started
// with plain `node dist/apps/<app>/src/main.js`. The web app builds in its own step
// (`npm run build:web`, run after this one by `npm run build` when it exists); it must
// write under dist/ too (e.g. dist/apps/web), since the image copies dist/ only, and
// this step empties dist/ first.
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVER_APPS } from './apps.mjs';
import { compile } from './compile.mjs';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const outDir = resolve(root, values['out-dir']);
if (outDir === root) throw new Error('--out-dir must not be the repository itself');

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
// The output is ESM wherever it is copied to (the image copies dist/ beside package.json too).
writeFileSync(resolve(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
const { files, problems } = await compile({
  root,
  entries: SERVER_APPS.map((app) => `apps/${app}/src/main.ts`),
  outDir,
});
if (problems.length > 0) {
  process.stderr.write(`build failed:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `built ${files.length} modules into ${values['out-dir']} in ${seconds} s: ` +
    `${SERVER_APPS.map((app) => `node ${values['out-dir']}/apps/${app}/src/main.js`).join(', ')}\n`,
);
