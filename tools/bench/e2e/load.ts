// A constant-arrival-rate load generator (open loop): request k of a step is due at
// start + k / rate whatever happened to the ones before it, and its latency counts from
// that due time, not from when it left. A server that falls behind therefore shows its
// queue in the latencies (no coordinated omission), and a generator that cannot keep up
// shows it too: its own lateness is reported beside the figures.
import { performance } from 'node:perf_hooks';

/** The value below which `p` percent of `sorted` (ascending) fall: nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  // The epsilon keeps 99.9% of 1000 at rank 999 (in floating point it is 999.0000000000001).
  const rank = Math.ceil((p * sorted.length) / 100 - 1e-9);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** When request `k` of a step that began at `start` (ms) is due at `rate` per second. */
export const dueTime = (start: number, rate: number, k: number): number => start + (k * 1000) / rate;

/** Latency as the user saw it: from when the request was due to when its answer ended. */
export const latencyFromDue = (due: number, answeredAt: number): number => answeredAt - due;

export interface StepFigures {
  /** Requests per second asked for. */
  rate: number;
  seconds: number;
  sent: number;
  /** Answers that completed within the step and its drain, per second of the step. */
  throughput: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** Answers by status ("0" for a connection error or a time-out), over the whole step. */
  byStatus: Record<string, number>;
  /** Answers that were neither 2xx nor an expected refusal. */
  errors: number;
  /** How late the generator sent its requests (p99, ms): above a few ms, it, not the server, was the limit. */
  sendLagP99: number;
  /** Per kind of request: count and p50/p99. */
  byKind: Record<string, { count: number; p50: number; p99: number; errors: number }>;
}

export interface Outcome {
  status: number;
  /** An answer that is not a failure of the system even though it is not 2xx (e.g. a 409 of a race the mix causes). */
  expected?: boolean;
}

/** Summarises one step's samples: `latencies[i]` ms from due to answer, of kind `kinds[i]`. */
export function summarise(
  rate: number,
  seconds: number,
  samples: ReadonlyArray<{ kind: string; latency: number; outcome: Outcome }>,
  sendLags: readonly number[],
  /** From the step's start to its last answer (s); the step's length when not given. */
  elapsed = seconds,
): StepFigures {
  const all = samples.map((s) => s.latency).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  let errors = 0;
  const kinds = new Map<string, { latencies: number[]; errors: number }>();
  for (const s of samples) {
    byStatus[s.outcome.status] = (byStatus[s.outcome.status] ?? 0) + 1;
    const failed = !(s.outcome.status >= 200 && s.outcome.status < 300) && !s.outcome.expected;
    if (failed) errors += 1;
    const kind = kinds.get(s.kind) ?? { latencies: [], errors: 0 };
    kind.latencies.push(s.latency);
    if (failed) kind.errors += 1;
    kinds.set(s.kind, kind);
  }
  const byKind: StepFigures['byKind'] = {};
  for (const [name, kind] of kinds) {
    kind.latencies.sort((a, b) => a - b);
    byKind[name] = {
      count: kind.latencies.length,
      p50: percentile(kind.latencies, 50),
      p99: percentile(kind.latencies, 99),
      errors: kind.errors,
    };
  }
  const lags = [...sendLags].sort((a, b) => a - b);
  return {
    rate,
    seconds,
    sent: samples.length,
    throughput:
      samples.filter((s) => s.outcome.status >= 200 && s.outcome.status < 300).length / Math.max(seconds, elapsed),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    p999: percentile(all, 99.9),
    max: all.at(-1) ?? NaN,
    byStatus,
    errors,
    sendLagP99: percentile(lags, 99),
    byKind,
  };
}

export interface Request {
  kind: string;
  /** `due`: when the request was due (performance.now() time), for lags counted from it. */
  send(due: number): Promise<Outcome>;
}

/**
 * Sends `next()`'s request at each due time for `seconds` at `rate` per second, never
 * waiting for answers, and waits (at most `drainMs`) for the last answers. A request
 * still unanswered then counts as status 0 with its latency up to that moment.
 */
export async function runStep(
  rate: number,
  seconds: number,
  next: (k: number) => Request,
  drainMs = 30_000,
): Promise<StepFigures> {
  const samples: Array<{ kind: string; latency: number; outcome: Outcome }> = [];
  let lastAnswer = 0;
  const sendLags: number[] = [];
  const pending = new Map<Promise<void>, { kind: string; due: number }>();
  const start = performance.now() + 5;
  const total = Math.round(rate * seconds);
  for (let k = 0; k < total; k += 1) {
    const due = dueTime(start, rate, k);
    let now = performance.now();
    if (due > now + 1) {
      await new Promise((resolve) => setTimeout(resolve, due - now));
      now = performance.now();
    }
    sendLags.push(Math.max(0, now - due));
    const request = next(k);
    const done = request.send(due).then(
      (outcome) => {
        lastAnswer = performance.now();
        samples.push({ kind: request.kind, latency: latencyFromDue(due, performance.now()), outcome });
      },
      () => {
        samples.push({ kind: request.kind, latency: latencyFromDue(due, performance.now()), outcome: { status: 0 } });
      },
    );
    pending.set(done, { kind: request.kind, due });
    void done.finally(() => pending.delete(done));
  }
  const deadline = performance.now() + drainMs;
  while (pending.size > 0 && performance.now() < deadline) await Promise.race([...pending.keys(), sleep(100)]);
  // Unanswered after the drain: failures, at the latency they have reached.
  for (const { kind, due } of pending.values())
    samples.push({ kind, latency: latencyFromDue(due, performance.now()), outcome: { status: 0 } });
  return summarise(rate, seconds, samples, sendLags, (lastAnswer - start) / 1000);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Closed loop for the baselines: `concurrency` workers, each sending its next request as
 * soon as the last is answered, for `seconds`; the most the subject can answer.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  send: () => Promise<unknown>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await send();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
