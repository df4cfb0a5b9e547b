// Starts apps as real processes, the way an operator would, and keeps their output
// in tmp/e2e-logs for when a test fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventually } from '@soudan/testing';

export const ROOT = resolve(import.meta.dirname, '../../../..');
const LOG_DIR = join(ROOT, 'tmp', 'e2e-logs');

export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP: the process stays, frozen, until resume() (SIGCONT). */
  pause(): void;
  resume(): void;
  exited: Promise<number | null>;
}

/**
 * `entry` is a TypeScript entry point run the way `npm run start:app` runs it, or
 * `['npm', 'start']` to run exactly what the README says. Each app runs in its own
 * process group, so a kill reaches npm's child too.
 */
export function startApp(name: string, entry: string | string[], env: Record<string, string>): AppProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const [command, args] = Array.isArray(entry)
    ? [entry[0], entry.slice(1)]
    : [process.execPath, ['--no-warnings=ExperimentalWarning', '--import', './tools/register.mjs', entry]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  /** Whether any process of the child's group is still alive. */
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        child.kill(sig);
      }
      await exited;
    }
    // The group's leader (npm) may exit before the server under it has finished its own
    // shutdown (files still being written in DATA_DIR): wait for the whole group, and
    // kill what is left after 20 s.
    const until = Date.now() + 20_000;
    while (groupAlive() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive())
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone in between
      }
  };
  const send = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  return {
    name,
    child,
    exited,
    kill: async () => {
      send('SIGCONT');
      await signal('SIGKILL');
    },
    stop: async () => {
      send('SIGCONT');
      await signal('SIGTERM');
    },
    pause: () => send('SIGSTOP'),
    resume: () => send('SIGCONT'),
  };
}

export async function waitForHealthy(baseUrl: string, timeoutMs = 90_000): Promise<unknown> {
  return eventually(
    async () => {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      return response.status === 200 ? response.json() : undefined;
    },
    { timeoutMs, intervalMs: 250, what: `GET ${baseUrl}/api/v1/health = 200` },
  );
}
