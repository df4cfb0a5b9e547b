// The short form of `npm run test:fuzz` (issue 15): the system as `npm start` runs it,
// every kept regression replayed, then requests generated from docs/openapi.json over
// every operation and role, valid and hostile: no 5xx, every refusal in the
// `{ code, message }` shape, and afterwards the system still does its work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@soudan/testing';
import {
  ADMIN_PASSWORD,
  FUZZ_SEEKER,
  fuzz,
  newReservation,
  readRegressions,
  replayRegressions,
  signInRoles,
  stillWorks,
  type Tokens,
} from './support/fuzz/fuzz';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';

/** Short enough for CI; `npm run test:fuzz -- --requests 100000` is the long form. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

describe('fuzzing the API from its OpenAPI document (short form)', () => {
  let dataDir: string;
  let baseUrl: string;
  let app: AppProcess;
  let tokens: Tokens;
  let ids: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-fuzz-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = startApp('fuzz-e2e', ['npm', 'start', '--silent'], {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      RATE_LIMIT_PER_MINUTE: '1000000',
      SEEKER_REQUESTS_PER_HOUR: '1000000',
    });
    await waitForHealthy(baseUrl);
    tokens = await signInRoles(baseUrl, dataDir);
    ids = [await newReservation(baseUrl, tokens.seeker, 'fuzz-e2e-a')];
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('answers every kept regression as the contract says', async () => {
    expect(readRegressions().length).toBeGreaterThan(0);
    expect(await replayRegressions(baseUrl, tokens)).toEqual([]);
  });

  it(`answers ${REQUESTS} generated requests without a 5xx, each refusal as { code, message }, and still works after`, async () => {
    const figures = await fuzz({
      baseUrl,
      tokens,
      requests: REQUESTS,
      seed: SEED,
      known: { ids, seekerNumbers: [FUZZ_SEEKER.jobSeekerNumber] },
    });
    expect(figures.serverErrors).toBe(0);
    expect(figures.badShape).toBe(0);
    expect(figures.requests).toBeGreaterThanOrEqual(REQUESTS);
    // Every operation of the document was tried, and both kinds of answer came back.
    expect(figures.operations).toBeGreaterThanOrEqual(35);
    expect(Object.keys(figures.byStatus).some((s) => s.startsWith('2'))).toBe(true);
    expect(Object.keys(figures.byStatus).some((s) => s.startsWith('4'))).toBe(true);
    expect(await stillWorks(baseUrl, dataDir, tokens)).toHaveLength(6);
  });
});
