// npm run test:faults -- [--duration 10m] [--seekers 6] [--gap 20s] [--pause 40s] [--seed N]
// The distributed form on this machine (each service its own process, two replicas of
// scheduling and notification, a three-node NATS cluster with streams replicated three
// times, a throwaway PostgreSQL cluster, an SMTP sink) under a steady load of the whole
// journey, while faults are injected in turn and then at random: kill -9 of the gateway
// and of each service replica, of one NATS node and of the stream leader, of the whole
// NATS cluster (storage kept), an immediate stop of PostgreSQL, SIGSTOP of a service for
// longer than the ack wait, and the mail server refusing, stalling and accepting again.
// Afterwards it prints what it injected and checks: every 201 exists once, every owed
// mail arrived once (by Message-ID), no slot over capacity and no orphan place, the
// projections caught up, the audit chain verifies, no dead letter but the injected poison.
import { parseArgs } from 'node:util';
import { FAULTS, runFaults, type Fault } from '../../apps/e2e/src/support/faults/faults';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    seekers: { type: 'string', default: '6' },
    gap: { type: 'string', default: '20s' },
    pause: { type: 'string', default: '40s' },
    seed: { type: 'string' },
  },
});

/** `90`, `90s`, `5m`, `1h` as milliseconds. */
function duration(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    console.error(`--${name} must be a duration such as 90s, 10m or 1h; got "${text}"`);
    process.exit(2);
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

const IN_TURN: Fault[] = [...FAULTS];
const started = Date.now();
const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
console.log(
  `fault injection: load for ${values.duration}, ${values.seekers} seekers, a fault every ${values.gap}, seed ${seed}`,
);
let exitCode = 0;
try {
  const report = await runFaults({
    durationMs: duration(values.duration, 'duration'),
    inTurn: IN_TURN,
    random: [...FAULTS],
    gapMs: duration(values.gap, 'gap'),
    pauseMs: duration(values.pause, 'pause'),
    seekers: Number(values.seekers),
    seed,
    log: (line) => console.log(line),
  });
  const f = report.figures;
  const counts = new Map<string, number>();
  for (const i of report.injected) counts.set(i.fault, (counts.get(i.fault) ?? 0) + 1);
  console.log('');
  console.log('| figure | value |');
  console.log('| --- | --- |');
  console.log(
    `| faults injected | ${report.injected.length}: ${[...counts].map(([k, n]) => `${k} x${n}`).join(', ')} |`,
  );
  console.log(`| requests answered 201 (distinct reservations checked) | ${f.requestsBy201} (${f.created}) |`);
  console.log(
    `| offers / consents web / consents by e-mail / cancellations / check-ins | ${f.offers} / ${f.consentsWeb} / ${f.consentsMail} / ${f.cancellations} / ${f.checkIns} |`,
  );
  console.log(
    `| mails received / owed / missing / extra copies | ${f.mails.received} / ${f.mails.owed} / ${f.mails.missing} / ${f.mails.copies} |`,
  );
  console.log(`| mails skipped as outdated / undeliverable | ${f.mails.skipped} / ${f.mails.undeliverable} |`);
  console.log(`| HTTP answers by status | ${JSON.stringify(f.byStatus)} |`);
  console.log(`| 5xx seen | ${JSON.stringify(f.fiveHundreds)} |`);
  console.log(`| 4xx seen (status, code, route) | ${JSON.stringify(f.refusals)} |`);
  console.log(`| connection errors (gateway down) | ${f.connectionErrors} |`);
  console.log(`| dead letters (of them the injected poison) | ${f.deadLetters} (${f.poison}) |`);
  console.log(
    `| time: start-up / load / checks / total | ${(report.startupMs / 1000).toFixed(0)} s / ${(report.loadMs / 1000).toFixed(0)} s / ${(report.settleMs / 1000).toFixed(0)} s / ${((Date.now() - started) / 1000).toFixed(0)} s |`,
  );
  const failed = report.checks.filter((c) => !c.ok);
  console.log('');
  console.log(
    failed.length === 0
      ? `all ${report.checks.length} checks passed`
      : `${failed.length} of ${report.checks.length} checks FAILED`,
  );
  if (failed.length) exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
}
process.exit(exitCode);
