// npm run test:floods -- [--seconds 30] [--warm-up 10] [--users 8] [--rate 1.5] [--factor 10] [--addresses 48]
//                        [--attack both|sign-in|requests]
// Starts the system as `npm start` does (embedded store, in-process bus, .eml outbox, the
// default per-address limits) in a fresh data folder; ordinary seekers and a counsellor
// work for a warm-up (its latency not counted) and a quiet phase, then again while sign-in
// attempts and reservation requests arrive at `factor` times their rate from many
// addresses. Prints both phases' latency
// and checks: ordinary p99 within 2x of quiet, every 429 with Retry-After and the
// RATE_LIMITED shape, no ordinary request refused, every accepted request stored, and
// the system still working afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '@soudan/testing';
import { startApp, waitForHealthy } from '../../apps/e2e/src/support/processes';
import { ADMIN_PASSWORD, signInRoles } from '../../apps/e2e/src/support/fuzz/fuzz';
import { flood } from '../../apps/e2e/src/support/floods/floods';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    'warm-up': { type: 'string', default: '10' },
    users: { type: 'string', default: '8' },
    rate: { type: 'string', default: '1.5' },
    factor: { type: 'string', default: '10' },
    addresses: { type: 'string', default: '48' },
    attack: { type: 'string', default: 'both' },
  },
});

const attacks = ['both', 'sign-in', 'requests'] as const;
if (!(attacks as readonly string[]).includes(values.attack)) {
  console.error(`--attack must be one of ${attacks.join(', ')}`);
  process.exit(2);
}

for (const name of ['seconds', 'warm-up', 'users', 'rate', 'factor', 'addresses'] as const)
  if (!(Number(values[name]) >= 0)) {
    console.error(`--${name} must be a number (got "${values[name]}")`);
    process.exit(2);
  }

const dataDir = mkdtempSync(join(tmpdir(), 'soudan-floods-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
// FLOODS_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=DIR`): the server's node runs with these
// flags (npm start's command, its node started here instead of by npm, which would refuse them
// in NODE_OPTIONS).
const nodeFlags = process.env.FLOODS_NODE_FLAGS?.split(' ').filter(Boolean);
if (nodeFlags) spawnSync(process.execPath, ['tools/web/ensure-built.mjs'], { stdio: 'inherit' });
const entry = nodeFlags
  ? [
      process.execPath,
      ...nodeFlags,
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      '--import',
      './tools/register.mjs',
      'apps/standalone/src/main.ts',
    ]
  : ['npm', 'start', '--silent'];
const app = startApp('floods-npm-start', entry, { PORT: String(port), DATA_DIR: dataDir, ADMIN_PASSWORD });
let exitCode = 0;
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) exitCode = 1;
};
try {
  await waitForHealthy(baseUrl);
  const tokens = await signInRoles(baseUrl, dataDir);
  const f = await flood({
    baseUrl,
    dataDir,
    tokens,
    users: Number(values.users),
    perUserRate: Number(values.rate),
    seconds: Number(values.seconds),
    warmUpSeconds: Number(values['warm-up']),
    factor: Number(values.factor),
    addresses: Number(values.addresses),
    attack: values.attack as (typeof attacks)[number],
    log: (line) => console.log(line),
  });
  const ratio = f.flood.p99 / Math.max(f.quiet.p99, 1);
  console.log('');
  console.log('| figure | quiet | flood |');
  console.log('| --- | --- | --- |');
  console.log(`| ordinary requests | ${f.quiet.requests} | ${f.flood.requests} |`);
  console.log(`| ordinary p50 (ms) | ${f.quiet.p50.toFixed(1)} | ${f.flood.p50.toFixed(1)} |`);
  console.log(`| ordinary p99 (ms) | ${f.quiet.p99.toFixed(1)} | ${f.flood.p99.toFixed(1)} (${ratio.toFixed(2)}x) |`);
  console.log(
    `| flood requests | - | ${f.attack.sent} at ${f.attack.perSecond.toFixed(0)}/s, ${f.attack.limited} x 429 |`,
  );
  console.log('');
  check(
    ratio <= 2,
    `ordinary p99 under the flood within 2x of quiet (${ratio.toFixed(2)}x; a floor of 1 ms for quiet)`,
  );
  check(f.attack.limited > 0, `the limits engaged: ${f.attack.limited} flood requests answered 429`);
  check(
    f.attack.badRefusals === 0,
    `every 429 had Retry-After and { code: RATE_LIMITED, message } (${f.attack.badRefusals} did not)`,
  );
  check(f.ordinaryRefused === 0, `no ordinary request was refused or failed (${f.ordinaryRefused} were)`);
  check(f.attack.failed === 0, `no flood request failed at the connection (${f.attack.failed} did)`);
  check(f.stored === f.accepted, `nothing lost: ${f.stored} of ${f.accepted} accepted requests stored`);
  for (const line of f.afterwards) check(true, `afterwards: ${line}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await app.stop();
  if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  else console.error(`data kept in ${dataDir}; the server's log is tmp/e2e-logs/floods-npm-start.log`);
}
process.exit(exitCode);
