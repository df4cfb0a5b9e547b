// Floods (issue 15, item 4): ordinary seekers and a counsellor work at a steady pace,
// first alone ("quiet"), then while sign-in attempts and reservation requests arrive at
// ten times their rate from many addresses ("flood"). Every client has an address of its
// own on the loopback network (127.0.0.0/8 is all local on Linux), so the gateway's
// per-address limits see many clients, as they would behind no proxy.
//
// Latency is measured from the moment a request was due, not from when it was sent, so a
// client held up behind a slow answer counts its wait (no coordinated omission).
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { eventually } from '@soudan/testing';
import { requestableSlots, seekerSession, stillWorks, type Tokens } from '../fuzz/fuzz';
import { httpCall, type HttpAnswer } from '../http-call';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

export type Answer = HttpAnswer;

const agents = new Map<string, Agent>();
const agentFor = (from: string) => {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, localAddress: from, maxSockets: 16 });
    agents.set(from, agent);
  }
  return agent;
};

/** One request to the API from the given local address. */
export function call(
  baseUrl: string,
  from: string,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return httpCall(agentFor(from), baseUrl, method, path, options);
}

export function closeAgents() {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

const reservationBody = (who: Person, slots: string[]) => ({
  jobSeekerNumber: who.jobSeekerNumber,
  name: who.name,
  email: who.email,
  desiredSlots: slots,
  topic: '応募書類の書き方',
  onlineReason: '子育て中のため',
  ...readySeeker(),
});

interface Person {
  jobSeekerNumber: string;
  name: string;
  email: string;
}

interface Seeker extends Person {
  token: string;
  from: string;
}

export interface FloodOptions {
  baseUrl: string;
  dataDir: string;
  tokens: Tokens;
  /** Ordinary seekers working during both phases. */
  users: number;
  /** Requests per second of each ordinary seeker (the counsellor works at the same pace). */
  perUserRate: number;
  /** Seconds of each phase. */
  seconds: number;
  /**
   * Seconds of the same ordinary work before the quiet phase, its latency not counted
   * (default 0; a refusal still counts as one): the process's first reservation requests
   * run cold code, which would set the quiet p99.
   */
  warmUpSeconds?: number;
  /** The flood's rate as a multiple of the ordinary clients' total rate. */
  factor: number;
  /** Addresses the flood comes from (at most 250). */
  addresses: number;
  /** What the flood sends: sign-in attempts and reservation requests in turn (the default), or one of them only. */
  attack?: 'both' | 'sign-in' | 'requests';
  log?: (line: string) => void;
}

export interface PhaseFigures {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  byStatus: Record<string, number>;
  /** The slowest ordinary requests: when they were due (seconds into the phase), what they were, how long they took. */
  slowest: Array<{ atSeconds: number; request: string; ms: number }>;
}

interface Timed {
  due: number;
  ms: number;
  request: string;
}

export interface FloodFigures {
  quiet: PhaseFigures;
  flood: PhaseFigures;
  attack: {
    sent: number;
    perSecond: number;
    byStatus: Record<string, number>;
    limited: number;
    /** 429s without a usable Retry-After or without the { code: RATE_LIMITED, message } shape. */
    badRefusals: number;
    failed: number;
  };
  /** Reservation requests answered 201 (ordinary and flood), and how many staff can find. */
  accepted: number;
  stored: number;
  /** Ordinary requests answered 5xx or 429. */
  ordinaryRefused: number;
  afterwards: string[];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const count = (into: Record<string, number>, status: number | string) => {
  into[status] = (into[status] ?? 0) + 1;
};

const sleepUntil = (at: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** Adds seekers to the roster and signs each in through the link of their sign-in mail. */
async function enrol(baseUrl: string, dataDir: string, admin: string, people: Person[], from: (i: number) => string) {
  const seekers: Seeker[] = [];
  for (const [i, person] of people.entries()) {
    const added = await call(baseUrl, '127.0.0.1', 'POST', '/staff/seekers', {
      body: { ...person, officeCode: '16070', status: 'registered' },
      token: admin,
    });
    if (added.status >= 300 && added.status !== 409)
      throw new Error(`roster ${person.jobSeekerNumber}: ${added.status}`);
    seekers.push({ ...person, token: await seekerSession(baseUrl, dataDir, person), from: from(i) });
  }
  return seekers;
}

const person = (n: number, kind: string): Person => ({
  jobSeekerNumber: `16070-${String(n).padStart(8, '0')}`,
  name: `${kind} ${n}`,
  email: `${kind}-${n}@example.jp`,
});

export async function flood(options: FloodOptions): Promise<FloodFigures> {
  const { baseUrl, dataDir, tokens, users, perUserRate, seconds, factor, addresses } = options;
  const attackWith = options.attack ?? 'both';
  const log = options.log ?? (() => undefined);
  const slots = requestableSlots();
  const ordinary = await enrol(
    baseUrl,
    dataDir,
    tokens.admin,
    Array.from({ length: users }, (_, i) => person(71_000_000 + i, 'seeker')),
    (i) => `127.0.0.${10 + i}`,
  );
  // The flood's own accounts: real seekers sending far more requests than anyone would.
  const floodAccounts = await enrol(
    baseUrl,
    dataDir,
    tokens.admin,
    Array.from({ length: 4 }, (_, i) => person(72_000_000 + i, 'flood')),
    () => '127.0.0.1',
  );
  log(`${ordinary.length} ordinary seekers and ${floodAccounts.length} flooding accounts signed in`);

  const accepted = new Set<string>();
  let ordinaryRefused = 0;

  /** One ordinary client's loop: a request due every 1/rate seconds, whatever the last answer took. */
  const work = async (
    until: number,
    timings: Timed[],
    byStatus: Record<string, number>,
    next: (k: number) => { request: string; answer: Promise<Answer> },
  ) => {
    const interval = 1000 / perUserRate;
    let due = performance.now() + Math.random() * interval;
    for (let k = 0; due < until; k += 1, due += interval) {
      await sleepUntil(due);
      const sent = next(k);
      const answer = await sent.answer.catch(
        (error: Error) => ({ status: 0, body: { error: error.message } }) as Answer,
      );
      timings.push({ due, ms: performance.now() - due, request: sent.request });
      count(byStatus, answer.status);
      if (answer.status >= 500 || answer.status === 429 || answer.status === 0) ordinaryRefused += 1;
    }
  };

  const ordinaryPhase = async (name: string, phaseSeconds = seconds): Promise<PhaseFigures> => {
    const timings: Timed[] = [];
    const byStatus: Record<string, number> = {};
    const started = performance.now();
    const until = started + phaseSeconds * 1000;
    const seekerWork = ordinary.map((seeker) =>
      work(until, timings, byStatus, (k) => {
        // One reservation request a phase (an hour allows SEEKER_REQUESTS_PER_HOUR), reads otherwise.
        if (k === 3) {
          const answer = call(baseUrl, seeker.from, 'POST', '/reservations', {
            body: reservationBody(seeker, slots.slice(0, 2)),
            token: seeker.token,
            headers: { 'idempotency-key': randomUUID() },
          }).then((answer) => {
            if (answer.status === 201) accepted.add(answer.body.id as string);
            return answer;
          });
          return { request: 'POST /reservations', answer };
        }
        const day = slots[0].slice(0, 10);
        const path =
          k % 2 === 0 ? `/availability?from=${day}&to=${day}` : k % 4 === 1 ? '/reservations' : '/terms/current';
        return {
          request: `GET ${path.split('?')[0]}`,
          answer: call(baseUrl, seeker.from, 'GET', path, { token: seeker.token }),
        };
      }),
    );
    const counsellor = work(until, timings, byStatus, () => ({
      request: 'GET /staff/reservations',
      answer: call(baseUrl, '127.0.0.9', 'GET', '/staff/reservations?status=requested', { token: tokens.counsellor }),
    }));
    await Promise.all([...seekerWork, counsellor]);
    const latencies = timings.map((t) => t.ms).sort((a, b) => a - b);
    const figures: PhaseFigures = {
      requests: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      byStatus,
      slowest: [...timings]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((t) => ({ atSeconds: (t.due - started) / 1000, request: t.request, ms: t.ms })),
    };
    log(
      `${name}: ${figures.requests} ordinary requests, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ` +
        `max ${figures.max.toFixed(1)} ms, ${JSON.stringify(byStatus)}; slowest: ` +
        figures.slowest.map((t) => `${t.request} due at ${t.atSeconds.toFixed(1)} s, ${t.ms.toFixed(0)} ms`).join('; '),
    );
    return figures;
  };

  if ((options.warmUpSeconds ?? 0) > 0) await ordinaryPhase('warm-up (latency not counted)', options.warmUpSeconds);
  const quiet = await ordinaryPhase('quiet');

  // The flood: open loop (sent when due, never waiting for answers), half sign-in
  // attempts (mostly pairs nobody has, some for the flooding accounts), half reservation
  // requests from the flooding accounts, from `addresses` addresses in turn.
  const attack = {
    sent: 0,
    perSecond: 0,
    byStatus: {} as Record<string, number>,
    limited: 0,
    badRefusals: 0,
    failed: 0,
  };
  const perSecond = factor * (users + 1) * perUserRate;
  attack.perSecond = perSecond;
  const floodUntil = performance.now() + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  const attacking = (async () => {
    const interval = 1000 / perSecond;
    let due = performance.now();
    for (let k = 0; due < floodUntil; k += 1, due += interval) {
      await sleepUntil(due);
      const from = `127.0.1.${1 + (k % addresses)}`;
      const account = floodAccounts[k % floodAccounts.length];
      const signIn = attackWith === 'both' ? k % 2 === 0 : attackWith === 'sign-in';
      const sent = signIn
        ? call(baseUrl, from, 'POST', '/auth/seeker/link', {
            body:
              k % 10 === 0
                ? { jobSeekerNumber: account.jobSeekerNumber, email: account.email }
                : { jobSeekerNumber: `16070-${String(80_000_000 + k).padStart(8, '0')}`, email: `x${k}@example.jp` },
          })
        : call(baseUrl, from, 'POST', '/reservations', {
            body: reservationBody(account, slots.slice(0, 2)),
            token: account.token,
            headers: { 'idempotency-key': randomUUID() },
          });
      attack.sent += 1;
      const settled = sent.then(
        (answer) => {
          count(attack.byStatus, answer.status);
          if (answer.status === 201 && answer.body.id) accepted.add(answer.body.id as string);
          if (answer.status === 429) {
            attack.limited += 1;
            const wait = Number(answer.retryAfter);
            if (!Number.isInteger(wait) || wait < 1 || answer.body.code !== 'RATE_LIMITED' || !answer.body.message)
              attack.badRefusals += 1;
          }
        },
        () => {
          attack.failed += 1;
          count(attack.byStatus, 'failed');
        },
      );
      inFlight.add(settled);
      void settled.finally(() => inFlight.delete(settled));
    }
    await Promise.all(inFlight);
  })();
  const flooded = await ordinaryPhase('flood');
  await attacking;
  log(
    `flood: ${attack.sent} requests at ${perSecond.toFixed(0)}/s from ${addresses} addresses, ` +
      `${attack.limited} answered 429, ${JSON.stringify(attack.byStatus)}`,
  );

  // Nothing lost: every request answered 201 is there for staff, exactly once.
  const stored = await eventually(
    async () => {
      const list = await call(baseUrl, '127.0.0.9', 'GET', '/staff/reservations?status=requested', {
        token: tokens.counsellor,
      });
      const ids = (list.body.reservations as Array<{ id: string }> | undefined)?.map((r) => r.id) ?? [];
      const found = ids.filter((id) => accepted.has(id));
      if (new Set(found).size !== found.length) throw new Error('a request is listed twice');
      return found.length === accepted.size ? found.length : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: `all ${accepted.size} accepted requests in the staff list` },
  ).catch(async () => {
    const list = await call(baseUrl, '127.0.0.9', 'GET', '/staff/reservations?status=requested', {
      token: tokens.counsellor,
    });
    return ((list.body.reservations as Array<{ id: string }> | undefined) ?? []).filter((r) => accepted.has(r.id))
      .length;
  });
  log(`nothing lost: ${stored} of ${accepted.size} accepted reservation requests are in the staff list`);

  const afterwards = await stillWorks(baseUrl, dataDir, tokens);
  closeAgents();
  return { quiet, flood: flooded, attack, accepted: accepted.size, stored, ordinaryRefused, afterwards };
}
