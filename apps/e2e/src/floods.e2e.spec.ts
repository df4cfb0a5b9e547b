// The short form of `npm run test:floods` (issue 15, item 4): the system as `npm start`
// runs it, with its default limits; ordinary seekers and a counsellor work alone, then
// while sign-in attempts and reservation requests arrive at ten times their rate from
// many addresses. The limits answer 429 with Retry-After, ordinary work is never refused,
// nothing accepted is lost, and the system still works afterwards. The latency of both
// phases is printed, not asserted: the long form judges it (p99 within 2x).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@soudan/testing';
import { ADMIN_PASSWORD, signInRoles } from './support/fuzz/fuzz';
import { flood } from './support/floods/floods';
import { startApp, waitForHealthy, type AppProcess } from './support/processes';

describe('floods of sign-in attempts and reservation requests from many addresses (short form)', () => {
  let dataDir: string;
  let baseUrl: string;
  let app: AppProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-floods-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = startApp('floods-e2e', ['npm', 'start', '--silent'], {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
    });
    await waitForHealthy(baseUrl);
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('limits the flood with 429 and Retry-After, never refuses ordinary work, loses nothing, and still works after', async () => {
    const tokens = await signInRoles(baseUrl, dataDir);
    const figures = await flood({
      baseUrl,
      dataDir,
      tokens,
      users: 6,
      perUserRate: 1,
      seconds: 8,
      factor: 10,
      addresses: 24,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    expect(figures.flood.requests).toBeGreaterThan(0);
    expect(figures.attack.sent).toBeGreaterThan(figures.flood.requests * 5);
    // The per-seeker request limit and the per-account link limit engage...
    expect(figures.attack.limited).toBeGreaterThan(0);
    // ...each refusal as api.md says, and nobody else is refused.
    expect(figures.attack.badRefusals).toBe(0);
    expect(figures.attack.failed).toBe(0);
    expect(figures.ordinaryRefused).toBe(0);
    expect(Object.keys(figures.attack.byStatus).filter((s) => s.startsWith('5'))).toEqual([]);
    // Every request answered 201, ordinary or flood, is stored once.
    expect(figures.accepted).toBeGreaterThan(0);
    expect(figures.stored).toBe(figures.accepted);
    expect(figures.afterwards).toHaveLength(6);
  });
});
