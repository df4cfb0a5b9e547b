// npm run test:fuzz -- [--requests 100000] [--seed N]: starts the system as `npm start`
// does (embedded store, in-process bus, .eml outbox) in a fresh data folder, signs in
// every role, replays the kept regressions, sends the generated requests, checks that
// the system still works, and prints what it sent and what it found.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '@soudan/testing';
import { startApp, waitForHealthy } from '../../apps/e2e/src/support/processes';
import {
  ADMIN_PASSWORD,
  FUZZ_SEEKER,
  fuzz,
  newReservation,
  readRegressions,
  replayRegressions,
  signInRoles,
  stillWorks,
} from '../../apps/e2e/src/support/fuzz/fuzz';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '100000' }, seed: { type: 'string' } },
});
const requests = Number(values.requests);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const dataDir = mkdtempSync(join(tmpdir(), 'soudan-fuzz-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const app = startApp('fuzz-npm-start', ['npm', 'start', '--silent'], {
  PORT: String(port),
  DATA_DIR: dataDir,
  ADMIN_PASSWORD,
  // One client sends everything: the per-address limit would answer most of it with 429.
  RATE_LIMIT_PER_MINUTE: '1000000',
  SEEKER_REQUESTS_PER_HOUR: '1000000',
});
let exitCode = 0;
try {
  await waitForHealthy(baseUrl);
  const tokens = await signInRoles(baseUrl, dataDir);
  const ids = [
    await newReservation(baseUrl, tokens.seeker, 'fuzz-a'),
    await newReservation(baseUrl, tokens.seeker, 'fuzz-b'),
  ];
  const regressions = readRegressions().length;
  const replayed = await replayRegressions(baseUrl, tokens);
  console.log(`regressions: ${regressions} replayed, ${replayed.length} failing`);
  for (const p of replayed) console.log(`  ${p}`);
  if (replayed.length) exitCode = 1;
  console.log(`fuzz: ${requests} requests, seed ${seed}, against ${baseUrl} (data ${dataDir})`);
  const figures = await fuzz({
    baseUrl,
    tokens,
    requests,
    seed,
    known: { ids, seekerNumbers: [FUZZ_SEEKER.jobSeekerNumber, '16070-00000000'] },
    progress: (f) => console.log(`  ${f.requests} sent, ${f.operations} operations, ${f.serverErrors} 5xx`),
  });
  console.log(
    `sent ${figures.requests} requests over ${figures.operations} operations in ${figures.seconds.toFixed(1)} s ` +
      `(${(figures.requests / figures.seconds).toFixed(0)}/s); 5xx: ${figures.serverErrors}; ` +
      `refusals without { code, message }: ${figures.badShape}`,
  );
  console.log(`by status: ${JSON.stringify(figures.byStatus)}`);
  for (const line of await stillWorks(baseUrl, dataDir, tokens)) console.log(`after the fuzz: ${line}`);
} catch (error) {
  console.error(error instanceof Error ? (process.env.FUZZ_DEBUG ? error.stack : error.message) : error);
  exitCode = 1;
} finally {
  await app.stop();
  if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  else console.error(`data kept in ${dataDir}; the server's log is tmp/e2e-logs/fuzz-npm-start.log`);
}
process.exit(exitCode);
