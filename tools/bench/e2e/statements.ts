// npm run bench:e2e:statements -- [--form embedded|distributed] [--requests 100]
// The SQL statements one reservation request costs, everything downstream included
// (relay, read models, notification, audit): the system started as bench:e2e starts it,
// every server process counting its pg statements (count-statements.mjs), then
// `requests` requests one after another, ten seconds for the rest to settle, and the
// counts per request, by process and statement (background work of those seconds, such
// as the read models' polls, included).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '@soudan/testing';
import { Client, MixState, mixRequest, setUp } from './mix';
import { sleep } from './load';
import { startBenchSink } from './sink';
import { startSystem, type Form } from './system';

const { values } = parseArgs({
  options: { form: { type: 'string', default: 'embedded' }, requests: { type: 'string', default: '100' } },
});
const form = values.form as Form;
const requests = Number(values.requests);
const dir = mkdtempSync(join(tmpdir(), 'soudan-statements-'));
const pg = await startPostgres();
const sink = await startBenchSink();
const system = await startSystem(form, {
  pg,
  smtpUrl: sink.url,
  nodeOptions: ['--import', './tools/bench/e2e/count-statements.mjs'],
  env: { STATEMENT_COUNTS: join(dir, 'counts.json') },
  log: (line) => console.log(line),
});
const client = new Client(system.baseUrl);
/** Every server process's counts so far (the preload writes them every half second). */
const reading = async (): Promise<Map<string, Map<string, number>>> => {
  await sleep(1000);
  const all = new Map<string, Map<string, number>>();
  for (const [name, app] of system.apps) {
    const pids = readdirSync(dir).filter((f) => f.startsWith('counts.json.'));
    const counts = new Map<string, number>();
    for (const file of pids) {
      const pid = Number(file.split('.').at(-1));
      if (!inGroup(pid, app.child.pid!)) continue;
      for (const [text, n] of JSON.parse(readFileSync(join(dir, file), 'utf8')) as Array<[string, number]>)
        counts.set(text, (counts.get(text) ?? 0) + n);
    }
    all.set(name, counts);
  }
  return all;
};
const inGroup = (pid: number, pgid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
  } catch {
    return false;
  }
};
try {
  const people = await setUp(client, sink, 10);
  const state = new MixState();
  const next = mixRequest(client, people, state, 'reserve');
  for (let k = 0; k < 5; k += 1) await next(k).send(performance.now());
  await sleep(5000);
  const before = await reading();
  for (let k = 0; k < requests; k += 1) {
    const outcome = await next(k).send(performance.now());
    if (outcome.status !== 201) throw new Error(`request ${k}: ${outcome.status}`);
  }
  await sleep(10_000);
  const after = await reading();
  let total = 0;
  for (const name of system.apps.keys()) {
    const was = before.get(name)!;
    const counts = [...after.get(name)!]
      .map(([text, n]): [string, number] => [text, n - (was.get(text) ?? 0)])
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
    const sum = counts.reduce((n, [, c]) => n + c, 0);
    total += sum;
    console.log(`\n${name}: ${(sum / requests).toFixed(1)} statements a request`);
    for (const [text, count] of counts.slice(0, 25)) console.log(`  ${(count / requests).toFixed(2)}  ${text}`);
  }
  console.log(`\nall processes: ${(total / requests).toFixed(1)} statements a request`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  client.close();
  await system.stop();
  await sink.close();
  await pg.stop();
}
process.exit(process.exitCode ?? 0);
