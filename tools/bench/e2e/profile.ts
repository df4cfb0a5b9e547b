// Where the time goes: reads the V8 CPU profiles (.cpuprofile) the server processes wrote
// under the bench and ranks self time by function and by module (an npm package, one of
// our libs, Node's internals, garbage collection).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  process: string;
  /** Seconds of samples in which the process ran JavaScript or native code (idle excluded). */
  busySeconds: number;
  functions: Array<{ name: string; where: string; percent: number }>;
  modules: Array<{ name: string; percent: number }>;
}

/** The module a script belongs to: `pkg` for node_modules/pkg, `libs/x/y` for ours, `node:...` for Node. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return pkg;
  if (path.startsWith('node:')) return `node:${path.slice(5).split('/')[0]}`;
  const ours = /\/((?:libs\/[^/]+\/[^/]+)|(?:apps\/[^/]+))\//.exec(path)?.[1];
  return ours ?? path.split('/').slice(-2).join('/');
}

/** Microseconds on the monotonic clock V8's profiles use (process.hrtime's on Linux). */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time per call frame and per module of one profile, counting only the samples
 * inside `window` (monotonic µs): the load, without the start-up's module loading.
 */
export function summarise(name: string, profile: CpuProfile, window?: [number, number], top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window[0] || at > window[1])) continue;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + delta);
  }
  const functions = new Map<string, { name: string; where: string; micros: number }>();
  const modules = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') continue;
    busy += micros;
    const where = callFrame.url ? `${moduleOf(callFrame.url, callFrame.functionName)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName}@${callFrame.url}:${callFrame.lineNumber}`;
    const entry = functions.get(key) ?? { name: callFrame.functionName || '(anonymous)', where, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
    const module = moduleOf(callFrame.url, callFrame.functionName);
    modules.set(module, (modules.get(module) ?? 0) + micros);
  }
  const percent = (micros: number) => (busy ? (micros / busy) * 100 : 0);
  return {
    process: name,
    busySeconds: busy / 1e6,
    functions: [...functions.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, percent: percent(f.micros) })),
    modules: [...modules]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([m, micros]) => ({ name: m, percent: percent(micros) })),
  };
}

/** Every profile of a directory, as markdown; `windows` by the name's prefix (the form). */
export function profileTable(dir: string, windows: Record<string, [number, number]> = {}): string {
  const parts: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()) {
    const name = file.replace(/\.cpuprofile$/, '');
    const window = windows[name.split('-')[0]];
    const summary = summarise(name, JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, window);
    parts.push(
      `#### ${summary.process} (${summary.busySeconds.toFixed(1)} s of CPU ${window ? 'under the load' : 'in all'}, idle excluded)`,
      '',
      '| self % | function | where | | self % | module |',
      '| ---: | --- | --- | --- | ---: | --- |',
      ...summary.functions.map((f, i) => {
        const m = summary.modules[i];
        return `| ${f.percent.toFixed(1)} | \`${f.name}\` | ${f.where} | | ${m ? m.percent.toFixed(1) : ''} | ${m ? m.name : ''} |`;
      }),
      '',
    );
  }
  return parts.join('\n');
}

// `node ... tools/bench/e2e/profile.ts <dir>` prints the tables of profiles written earlier.
if (import.meta.url === `file://${process.argv[1]}`) console.log(profileTable(process.argv[2] ?? '.'));
