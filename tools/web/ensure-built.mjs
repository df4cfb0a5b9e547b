// Before `npm start`: builds the web app (apps/web -> dist/apps/web) when it is missing
// or older than its sources, so a fresh clone's `npm ci && npm start` serves it at /.
// It builds into a fresh folder and swaps it in, so a server reading the old one (or a
// second start at the same moment) never sees half a build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'apps/web');
const out = resolve(root, process.env.WEB_DIR ?? 'dist/apps/web');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

export function webAppIsCurrent() {
  const index = join(out, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= newest(app);
}

export function buildWebApp({ quiet = false } = {}) {
  const temp = `${out}.building-${process.pid}`;
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(app, 'vite.config.ts'), '--outDir', temp],
    {
      cwd: root,
      stdio: quiet ? 'pipe' : ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production' },
    },
  );
  if (result.status !== 0) {
    rmSync(temp, { recursive: true, force: true });
    if (quiet) process.stderr.write(result.stderr?.toString() ?? '');
    throw new Error(`the web app did not build (vite exited ${result.status})`);
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(temp, out);
  return ((performance.now() - started) / 1000).toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.WEB_BUILD === 'skip' || webAppIsCurrent()) process.exit(0);
  process.stdout.write('building the web app (apps/web) into dist/apps/web …\n');
  try {
    const seconds = buildWebApp();
    process.stdout.write(`web app built in ${seconds} s\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
