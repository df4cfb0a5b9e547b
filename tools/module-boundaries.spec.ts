// conventions.md: a domain lib that imports Nest, NATS, pg, an event-store client or
// class-validator fails lint. Checked with the real ESLint configuration.
import { execFileSync } from 'node:child_process';

const ROOT = new URL('..', import.meta.url).pathname;

describe('Nx module boundaries', () => {
  beforeAll(() => {
    // The rule reads Nx's project graph; make sure it is computed.
    execFileSync(process.execPath, ['node_modules/nx/dist/bin/nx.js', 'show', 'projects'], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
  });

  // The ESLint CLI in a child process, as `npm run lint` runs it, reading the file from stdin.
  const boundaryErrors = async (filePath: string, code: string): Promise<string[]> => {
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        ['node_modules/eslint/bin/eslint.js', '--format', 'json', '--stdin', '--stdin-filename', filePath],
        {
          cwd: ROOT,
          input: code,
          env: { ...process.env, NODE_OPTIONS: '' },
        },
      ).toString();
    } catch (error) {
      // ESLint exits 1 when it finds errors; its report is still on stdout.
      output = (error as { stdout: Buffer }).stdout.toString();
    }
    const [result] = JSON.parse(output) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it.each([
    '@nestjs/common',
    '@nats-io/transport-node',
    'pg',
    '@kurrent/kurrentdb-client',
    '@electric-sql/pglite',
    'class-validator',
  ])('fails a domain lib that imports %s', async (dependency) => {
    const errors = await boundaryErrors(
      'libs/scheduling/domain/src/probe.ts',
      `import * as x from '${dependency}';\nexport const y = x;\n`,
    );
    expect(errors.join('\n')).toContain(dependency);
  });

  it('fails a domain lib that imports the event-store lib', async () => {
    const errors = await boundaryErrors(
      'libs/scheduling/domain/src/probe.ts',
      `import * as x from '@soudan/event-store';\nexport const y = x;\n`,
    );
    expect(errors).toHaveLength(1);
  });

  it('lets a domain lib import its contracts and luxon', async () => {
    const errors = await boundaryErrors(
      'libs/scheduling/domain/src/probe.ts',
      `import * as c from '@soudan/scheduling-contracts';\nimport { DateTime } from 'luxon';\nexport const y = [c, DateTime];\n`,
    );
    expect(errors).toEqual([]);
  });

  it("fails one context reaching into another's infra instead of its contracts", async () => {
    const errors = await boundaryErrors(
      'libs/notification/infra/src/probe.ts',
      `import * as x from '@soudan/scheduling-infra';\nexport const y = x;\n`,
    );
    expect(errors.length).toBeGreaterThan(0);
  });
});
