// The markdown of a bench:e2e run: the machine, the baselines, every step of every form,
// and issue 13's targets beside what the run measured.
import type { Floor } from './baselines';
import type { StepFigures } from './load';
import type { MixKind } from './mix';

export interface StepReport extends StepFigures {
  projectionLag: { samples: number; p50: number; p99: number };
  mailLag: { owed: number; missing: number; p50: number; p99: number };
  processes: Record<string, { cpuPercent: number; rssMb: number }>;
  /** Transactions in the system's database during the step and a second after, per request sent (a floor on its statements). */
  transactionsPerRequest: number;
}

export interface FormReport {
  form: string;
  processes: string[];
  idleRssMb: Record<string, number>;
  series: Partial<Record<MixKind, StepReport[]>>;
  availability8?: { perSecond: number; p50: number; p99: number };
  mails?: Record<string, number>;
}

export interface RunReport {
  machine: {
    date: string;
    cores: number;
    cpu: string;
    memoryGb: number;
    node: string;
    loadBefore: number;
    loadAfter: number;
  };
  quick: boolean;
  /** The server processes ran the built output (`npm run build`), as the image does; otherwise from source. */
  built: boolean;
  seconds: number;
  seekers: number;
  floors: Floor[];
  forms: FormReport[];
  profiles?: string;
}

/** Transactions a request to one decimal, or '-' where the store does not count them (PGlite). */
export const perRequest = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '-');
const SERIES_TITLE: Record<MixKind, string> = {
  mix: 'mix: 30% reservation requests, 30% availability, 10% own list, 10% staff list, 10% offers, 10% consents',
  reserve: 'reservation requests only (POST /reservations)',
};

/** The highest step that kept up (throughput >= 90% of the rate, errors <= 1%, p99 <= 1 s). */
export function sustained(steps: StepReport[] | undefined): StepReport | undefined {
  return (steps ?? []).filter((s) => s.throughput >= 0.9 * s.rate && s.errors <= 0.01 * s.sent && s.p99 <= 1000).at(-1);
}

const at = (steps: StepReport[] | undefined, rate: number) => steps?.find((s) => s.rate === rate);

function stepTable(steps: StepReport[]): string[] {
  const names = Object.keys(steps[0]?.processes ?? {});
  const kinds = [...new Set(steps.flatMap((s) => Object.keys(s.byKind)))];
  return [
    '| rate/s | ok/s | p50 | p99 | p99.9 | max | errors | by status | projection lag p50 / p99 | mail lag p50 / p99 (missing) | PostgreSQL transactions a request | generator send lag p99 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |',
    ...steps.map(
      (s) =>
        `| ${s.rate} | ${s.throughput.toFixed(0)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.p999)} | ${ms(s.max)} | ${s.errors} | ` +
        `${Object.entries(s.byStatus)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')} | ${ms(s.projectionLag.p50)} / ${ms(s.projectionLag.p99)} (${s.projectionLag.samples}) | ` +
        `${ms(s.mailLag.p50)} / ${ms(s.mailLag.p99)} (${s.mailLag.missing} of ${s.mailLag.owed}) | ` +
        `${perRequest(s.transactionsPerRequest)} | ${ms(s.sendLagP99)} |`,
    ),
    '',
    'p99 by kind of request (ms), errors in brackets:',
    '',
    `| rate/s | ${kinds.join(' | ')} |`,
    `| ---: | ${kinds.map(() => '---:').join(' | ')} |`,
    ...steps.map(
      (s) =>
        `| ${s.rate} | ${kinds
          .map((k) =>
            s.byKind[k] ? `${ms(s.byKind[k].p99)}${s.byKind[k].errors ? ` (${s.byKind[k].errors})` : ''}` : '-',
          )
          .join(' | ')} |`,
    ),
    '',
    'CPU (% of one core) and RSS (MB) of each process during the step:',
    '',
    `| rate/s | ${names.join(' | ')} |`,
    `| ---: | ${names.map(() => '---').join(' | ')} |`,
    ...steps.map(
      (s) =>
        `| ${s.rate} | ${names.map((n) => `${s.processes[n].cpuPercent.toFixed(0)}% / ${s.processes[n].rssMb.toFixed(0)} MB`).join(' | ')} |`,
    ),
    '',
  ];
}

function targets(run: RunReport): string[] {
  const embedded = run.forms.find((f) => f.form === 'embedded');
  const distributed = run.forms.find((f) => f.form === 'distributed');
  if (!embedded && !distributed)
    return ['The targets are for the forms `embedded` and `distributed`, neither of which ran here.', ''];
  const http = run.floors.find((f) => f.name.startsWith('bare node:http'));
  const single = run.floors.find((f) => f.name.startsWith('our store append, one'));
  const ratio = (v: number | undefined, base: number | undefined) =>
    v !== undefined && base ? ` (${((v / base) * 100).toFixed(0)}% of it)` : '';
  const reserveMax = (f?: FormReport) => sustained(f?.series.reserve)?.throughput;
  const p99At = (f: FormReport | undefined, rate: number) => at(f?.series.reserve, rate)?.p99;
  const maxRss = (f?: FormReport) =>
    f
      ? Math.max(
          ...Object.values(f.series)
            .flat()
            .flatMap((s) =>
              Object.entries(s!.processes)
                .filter(([n]) => n !== 'load generator')
                .map(([, p]) => p.rssMb),
            ),
        )
      : undefined;
  const mailAt = (f: FormReport | undefined, rate: number) => at(f?.series.reserve, rate)?.mailLag.p99;
  const fmt = (v: number | undefined, unit: string) =>
    v === undefined || !Number.isFinite(v) ? 'not reached' : `${ms(v)}${unit}`;
  return [
    '| figure | target | measured | baseline in the same run |',
    '| --- | --- | --- | --- |',
    `| POST /reservations, embedded, sustained | >= 1,000/s | ${fmt(reserveMax(embedded), '/s')} | bare HTTP ${fmt(http?.perSecond, '/s')}${ratio(reserveMax(embedded), http?.perSecond)}; single appends ${fmt(single?.perSecond, '/s')} |`,
    `| POST /reservations, embedded, p99 at 500/s | <= 15 ms | ${fmt(p99At(embedded, 500), ' ms')} | bare HTTP p99 ${fmt(http?.p99, ' ms')} (closed loop) |`,
    `| POST /reservations, distributed, sustained | >= 700/s | ${fmt(reserveMax(distributed), '/s')} | bare HTTP ${fmt(http?.perSecond, '/s')}${ratio(reserveMax(distributed), http?.perSecond)} |`,
    `| POST /reservations, distributed, p99 at 350/s | <= 25 ms | ${fmt(p99At(distributed, 350), ' ms')} | NATS echo p99 ${fmt(run.floors.find((f) => f.name.startsWith('NATS'))?.p99, ' ms')} |`,
    `| availability, 8 clients, p99 (embedded / distributed) | <= 10 ms | ${fmt(embedded?.availability8?.p99, ' ms')} / ${fmt(distributed?.availability8?.p99, ' ms')} | bare HTTP p50 ${fmt(http?.p50, ' ms')} |`,
    `| RSS, embedded, most during the run | <= 300 MB | ${fmt(maxRss(embedded), ' MB')} | |`,
    `| RSS, distributed, most of any service | <= 150 MB | ${fmt(maxRss(distributed), ' MB')} | |`,
    `| mail lag p99 at 500/s (embedded / distributed) | <= 2 s | ${fmt(mailAt(embedded, 500), ' ms')} / ${fmt(mailAt(distributed, 500), ' ms')} | |`,
    '',
  ];
}

export function report(run: RunReport): string {
  const m = run.machine;
  const lines = [
    `## bench:e2e, ${m.date}${run.quick ? ' (quick run)' : ''}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb.toFixed(1)} GB, Node ${m.node}; load average (1 min) ` +
      `${m.loadBefore.toFixed(2)} before, ${m.loadAfter.toFixed(2)} after (the cores are shared with other work). ` +
      (run.built
        ? 'Server processes run the built output (`npm run build`) with plain node, as the image does. '
        : "Server processes run from source, compiled by swc as they load (`npm start`'s way; `--built` runs the image's). ") +
      `Steps of ${run.seconds} s at a constant arrival rate (latency from the intended send time), ` +
      `${run.seekers} signed-in seekers, a step counts as kept up when >= 90% of the rate is answered 2xx, ` +
      'errors <= 1% and p99 <= 1 s; the first step that does not keep up ends the series. The load generator, ' +
      "the SMTP sink and the PostgreSQL server share the machine with the system; the generator's own send lag " +
      'is in the tables: above a few ms, the machine, not the system under test, set the pace.',
    '',
    '### Baselines (same run, same machine)',
    '',
    '| floor | per second | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: |',
    ...run.floors.map((f) => `| ${f.name} | ${f.perSecond.toFixed(0)} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} |`),
    '',
    '### Issue 13 targets',
    '',
    ...targets(run),
  ];
  for (const f of run.forms) {
    lines.push(
      `### ${f.form} (${f.processes.join(', ')})`,
      '',
      `RSS when idle after sign-in: ${Object.entries(f.idleRssMb)
        .map(([n, v]) => `${n} ${v.toFixed(0)} MB`)
        .join(', ')}.` +
        (f.availability8
          ? ` Availability with 8 clients in a closed loop: ${f.availability8.perSecond.toFixed(0)}/s, p50 ${ms(f.availability8.p50)} ms, p99 ${ms(f.availability8.p99)} ms.`
          : '') +
        (f.mails ? ` Mails received: ${JSON.stringify(f.mails)}.` : ''),
      '',
    );
    for (const [kind, steps] of Object.entries(f.series) as Array<[MixKind, StepReport[]]>)
      lines.push(`#### ${SERIES_TITLE[kind]}`, '', ...stepTable(steps));
  }
  if (run.profiles)
    lines.push('### Where the time goes (CPU profiles of the server processes, this run)', '', run.profiles);
  return lines.join('\n');
}
