// npm run bench:e2e -- [--quick] [--forms embedded,embedded-pglite,distributed] [--steps 100,250,...]
//                      [--seconds 10] [--seekers 200] [--profile] [--write] [--built]
// The whole request path measured from outside: this process is only the load generator
// (and a light SMTP sink); the system runs in processes of its own, (a) embedded as
// `npm start` runs it, on PostgreSQL (and, asked for by name, `embedded-pglite`: on the
// embedded PGlite, as `npm start` runs with nothing configured), and (b) distributed,
// every service its own process on NATS and PostgreSQL. Steps of constant arrival rate
// until the system saturates, each with throughput, latency from the intended send time,
// errors, projection and mail lag, and each process's RSS and CPU; baselines measured in
// the same run. A full run writes
// bench/RESULTS.md (the generated part only: notes around it are kept); --quick is a
// smoke run of a few seconds per form that writes nothing unless --write is given.
// DATABASE_URL picks the PostgreSQL server (otherwise a throwaway cluster is started).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startPostgres } from '@soudan/testing';
import { ROOT } from '../../../apps/e2e/src/support/processes';
import { appendFloors, httpFloor, natsFloor, type Floor } from './baselines';
import { closedLoop, percentile, runStep, sleep, type StepFigures } from './load';
import { Client, MixState, mixRequest, projectionLagSampler, setUp, staffListCaughtUp, type MixKind } from './mix';
import { sampleSelf, type ProcSample } from './proc';
import { monotonicMicros, profileTable } from './profile';
import { startBenchSink } from './sink';
import { FORMS, startSystem, type Form } from './system';
import { perRequest, report, type FormReport, type StepReport } from './report';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    forms: { type: 'string', default: 'embedded,distributed' },
    steps: { type: 'string' },
    seconds: { type: 'string' },
    seekers: { type: 'string' },
    series: { type: 'string', default: 'mix,reserve' },
    profile: { type: 'boolean', default: false },
    built: { type: 'boolean', default: false },
    write: { type: 'boolean' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
  },
});

const quick = values.quick!;
const built = values.built!;
if (built) {
  // The processes then run what the image runs: `npm run build` first (a few seconds when current).
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const steps = (values.steps ?? (quick ? '100,250' : '50,100,250,350,500,1000,1500,2000,3000')).split(',').map(Number);
const seconds = Number(values.seconds ?? (quick ? 3 : 10));
const seekerCount = Number(values.seekers ?? (quick ? 20 : 200));
const floorSeconds = quick ? 1 : 3;
const forms = values.forms!.split(',') as Form[];
for (const form of forms)
  if (!(FORMS as readonly string[]).includes(form)) {
    console.error(`bench:e2e: unknown form "${form}" (forms: ${FORMS.join(', ')})`);
    process.exit(2);
  }
const series = values.series!.split(',') as MixKind[];
const write = values.write ?? !quick;
const log = (line: string) => console.log(`[bench:e2e ${(performance.now() / 1000).toFixed(0)}s] ${line}`);

/** A step is past saturation when it cannot answer what is asked, or answers too late. */
const saturated = (s: StepFigures) => s.throughput < 0.9 * s.rate || s.errors > 0.01 * s.sent || s.p99 > 1000;

async function measureStep(
  system: Awaited<ReturnType<typeof startSystem>>,
  client: Client,
  people: Awaited<ReturnType<typeof setUp>>,
  state: MixState,
  sink: Awaited<ReturnType<typeof startBenchSink>>,
  kind: MixKind,
  rate: number,
): Promise<StepReport> {
  state.step = [];
  const before = system.sample();
  const transactionsBefore = await system.transactions();
  const selfBefore = sampleSelf();
  const t0 = performance.now();
  const sampler = projectionLagSampler(client, people, state);
  const figures = await runStep(rate, seconds, mixRequest(client, people, state, kind));
  const elapsed = (performance.now() - t0) / 1000;
  const after = system.sample();
  const selfAfter = sampleSelf();
  // Let the statistics collector catch up (it reports at most every half second or so).
  await sleep(1000);
  const transactions = (await system.transactions()) - transactionsBefore;
  const projectionLags = (await sampler.stop()).sort((a, b) => a - b);
  // Mail lag: every request of the step answered 201 is owed a request-received mail.
  const owed = state.step;
  const deadline = performance.now() + (quick ? 10_000 : 30_000);
  while (performance.now() < deadline && owed.some((r) => !sink.requestReceived.has(r.id))) await sleep(200);
  const mailLags = owed
    .filter((r) => sink.requestReceived.has(r.id))
    .map((r) => sink.requestReceived.get(r.id)! - r.due)
    .sort((a, b) => a - b);
  const usage = (a: ProcSample, b: ProcSample) => ({
    cpuPercent: ((b.cpuSeconds - a.cpuSeconds) / elapsed) * 100,
    rssMb: b.rssBytes / 1024 / 1024,
  });
  const processes = Object.fromEntries([...after].map(([name, b]) => [name, usage(before.get(name)!, b)]));
  processes['load generator'] = usage(selfBefore, selfAfter);
  const step: StepReport = {
    ...figures,
    projectionLag: {
      samples: projectionLags.length,
      p50: percentile(projectionLags, 50),
      p99: percentile(projectionLags, 99),
    },
    mailLag: {
      owed: owed.length,
      missing: owed.length - mailLags.length,
      p50: percentile(mailLags, 50),
      p99: percentile(mailLags, 99),
    },
    processes,
    transactionsPerRequest: transactions / Math.max(1, figures.sent),
  };
  log(
    `${system.form} ${kind} ${rate}/s: ${step.throughput.toFixed(0)}/s ok, p50 ${step.p50.toFixed(1)} p99 ${step.p99.toFixed(1)} ` +
      `p99.9 ${step.p999.toFixed(1)} ms, errors ${step.errors} ${JSON.stringify(step.byStatus)}, ` +
      `projection p99 ${step.projectionLag.p99.toFixed(0)} ms, mail p99 ${step.mailLag.p99.toFixed(0)} ms ` +
      `(${step.mailLag.missing} of ${step.mailLag.owed} missing), ${perRequest(step.transactionsPerRequest)} PostgreSQL transactions a request, send lag p99 ${step.sendLagP99.toFixed(1)} ms`,
  );
  return step;
}

async function benchForm(
  form: Form,
  pg: Awaited<ReturnType<typeof startPostgres>>,
  profileDir: string | undefined,
): Promise<FormReport> {
  const sink = await startBenchSink();
  const startedAt = performance.now();
  const system = await startSystem(form, {
    pg,
    smtpUrl: sink.url,
    cpuProfileDir: profileDir,
    // BENCH_NODE_FLAGS (e.g. `--import ./counter.mjs`): more flags for every server process's node.
    nodeOptions: process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean),
    log,
    built,
  });
  const client = new Client(system.baseUrl);
  try {
    log(
      `${form}: healthy after ${((performance.now() - startedAt) / 1000).toFixed(1)} s; signing in ${seekerCount} seekers`,
    );
    const people = await setUp(client, sink, seekerCount);
    const idle = system.sample();
    log(`${form}: ${people.seekers.length} seekers signed in, ${people.slots.length} requestable slots`);
    const result: FormReport = {
      form,
      processes: [...system.apps.keys()],
      idleRssMb: Object.fromEntries([...idle].map(([n, s]) => [n, s.rssBytes / 1024 / 1024])),
      series: {},
    };
    // Warm-up: the JIT, the pools and the read models, at a rate every form answers.
    const state = new MixState();
    await runStep(50, quick ? 2 : 5, mixRequest(client, people, state, 'mix'));
    const loadStarted = monotonicMicros();
    for (const kind of series) {
      // Each series starts with the mails of the one before delivered and the staff list
      // caught up with its last request (or a minute given to them), so its mail and
      // projection lags are its own and not the backlog it inherited (a run of
      // 2026-12-07 showed 15 s of projection lag at 50/s right after a saturated series,
      // 0.3 s without one before it).
      const drainUntil = performance.now() + 60_000;
      while (performance.now() < drainUntil && state.owed.some((id) => !sink.requestReceived.has(id))) await sleep(500);
      while (performance.now() < drainUntil && !(await staffListCaughtUp(client, people, state))) await sleep(500);
      const reports: StepReport[] = [];
      for (const rate of steps) {
        const step = await measureStep(system, client, people, state, sink, kind, rate);
        reports.push(step);
        if (saturated(step)) {
          log(`${form} ${kind}: saturated at ${rate}/s`);
          break;
        }
      }
      result.series[kind] = reports;
    }
    // The availability figure: 8 clients, each asking again as soon as answered.
    // The profiles count it with the load before it.
    let k = 0;
    const availability = await closedLoop(8, quick ? 2 : 5, () => {
      const from = people.dates[k++ % people.dates.length];
      return client.call('GET', `/availability?from=${from}&to=${from}`);
    });
    windows[form] = [loadStarted, monotonicMicros()];
    result.availability8 = availability;
    log(
      `${form}: availability, 8 clients: ${availability.perSecond.toFixed(0)}/s, p99 ${availability.p99.toFixed(1)} ms`,
    );
    result.mails = Object.fromEntries(sink.counts);
    return result;
  } finally {
    client.close();
    await system.stop();
    await sink.close();
  }
}

const machine = {
  date: new Date().toISOString(),
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: totalmem() / 1024 ** 3,
  node: process.version,
  loadBefore: loadavg()[0],
};
log(
  `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb.toFixed(1)} GB, node ${machine.node}, load ${machine.loadBefore.toFixed(2)}`,
);
const pg = await startPostgres();
/** When each form was under the measured load (monotonic µs): the profiles count only that. */
const windows: Record<string, [number, number]> = {};
const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'soudan-cpu-prof-')) : undefined;
let exitCode = 0;
try {
  log('baselines: appends to PostgreSQL, a bare HTTP server, a NATS echo');
  const floors: Floor[] = [
    ...(await appendFloors(pg, floorSeconds)),
    await httpFloor(floorSeconds, 32),
    await natsFloor(floorSeconds, 32),
  ];
  for (const f of floors)
    log(`floor: ${f.name}: ${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms`);
  const results: FormReport[] = [];
  for (const form of forms) results.push(await benchForm(form, pg, profileDir));
  const profiles = profileDir ? profileTable(profileDir, windows) : undefined;
  const text = report({
    machine: { ...machine, loadAfter: loadavg()[0] },
    quick,
    built,
    seconds,
    seekers: seekerCount,
    floors,
    forms: results,
    profiles,
  });
  console.log(`\n${text}`);
  if (write) {
    const out = resolve(ROOT, values.out!);
    mkdirSync(join(out, '..'), { recursive: true });
    const start = '<!-- bench:e2e:start (generated by npm run bench:e2e; edit outside these markers) -->';
    const end = '<!-- bench:e2e:end -->';
    const old = existsSync(out) ? readFileSync(out, 'utf8') : `# Benchmark results\n\n${start}\n${end}\n`;
    const [head, rest] = old.includes(start) ? old.split(start) : [`${old}\n`, `\n${end}\n`];
    const tail = rest.includes(end) ? rest.split(end)[1] : '\n';
    writeFileSync(out, `${head}${start}\n${text}\n${end}${tail}`);
    log(`written to ${values.out}`);
  }
  if (profileDir) log(`CPU profiles in ${profileDir}`);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await pg.stop();
}
process.exit(exitCode);
