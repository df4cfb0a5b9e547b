// The work the bench sends: signed-in seekers requesting reservations, reading
// availability and their own list; staff listing requests and offering slots; seekers
// consenting to offers. Set-up goes through the API as an office would: staff accounts,
// capacity, the roster imported as CSV, every seeker signed in by the link of their mail.
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { readySeeker } from '@soudan/scheduling-contracts/testing';
import { performance } from 'node:perf_hooks';
import { ADMIN_PASSWORD } from '../../../apps/e2e/src/support/faults/people';
import { httpCall } from '../../../apps/e2e/src/support/http-call';
import type { BenchSink } from './sink';
import type { Outcome, Request } from './load';

const STAFF_PASSWORD = 'Bench-Tateyama-2026!z';

export type { HttpAnswer as Answer } from '../../../apps/e2e/src/support/http-call';
import type { HttpAnswer as Answer } from '../../../apps/e2e/src/support/http-call';

/** HTTP with keep-alive; one agent per local address (sign-in limits count per address). */
export class Client {
  private readonly agents = new Map<string, Agent>();
  constructor(readonly baseUrl: string) {}

  private agent(from: string) {
    let agent = this.agents.get(from);
    if (!agent) {
      agent = new Agent({ keepAlive: true, localAddress: from, maxSockets: 256 });
      this.agents.set(from, agent);
    }
    return agent;
  }

  call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string>; from?: string; raw?: string } = {},
  ): Promise<Answer> {
    return httpCall(this.agent(options.from ?? '127.0.0.1'), this.baseUrl, method, path, {
      ...options,
      timeoutMs: 30_000,
    });
  }

  close() {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

export interface Seeker {
  jobSeekerNumber: string;
  name: string;
  email: string;
  token: string;
}

export interface People {
  admin: string;
  supervisor: string;
  counsellor: string;
  seekers: Seeker[];
  termsVersion: string;
  /** Slot starts a request may ask for now, over many days (from availability). */
  slots: string[];
  /** Dates of those slots (staff lists are per date). */
  dates: string[];
}

const must = (answer: Answer, ok: number[], what: string) => {
  if (!ok.includes(answer.status)) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

const day = (offset: number) => new Date(Date.now() + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

export async function setUp(client: Client, sink: BenchSink, seekerCount: number): Promise<People> {
  const session = async (username: string, password: string) =>
    must(
      await client.call('POST', '/auth/staff/session', { body: { username, password } }),
      [201],
      `sign-in ${username}`,
    ).accessToken as string;
  const admin = await session('admin', ADMIN_PASSWORD);
  const staff = async (username: string, roles: string[]) => {
    must(
      await client.call('POST', '/staff/users', { body: { username, password: STAFF_PASSWORD, roles }, token: admin }),
      [201, 409],
      `staff user ${username}`,
    );
    return session(username, STAFF_PASSWORD);
  };
  const supervisor = await staff('bench-supervisor', ['supervisor']);
  const counsellor = await staff('bench-counsellor', ['counsellor']);

  // R4: every slot of every weekday at the most the office may set, so offers and consents
  // of the run do not fill the calendar.
  const office = must(await client.call('GET', '/office'), [200], 'office');
  const hours = office.hours as { open: string; close: string; slotMinutes: number };
  const times: string[] = [];
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  for (let m = minutes(hours.open); m + hours.slotMinutes <= minutes(hours.close); m += hours.slotMinutes)
    times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  for (let weekday = 1; weekday <= 5; weekday += 1)
    must(
      await client.call('PUT', '/staff/capacity', {
        body: { weekday, slots: Object.fromEntries(times.map((t) => [t, 100])) },
        token: supervisor,
      }),
      [200],
      `capacity of weekday ${weekday}`,
    );
  const termsVersion = must(await client.call('GET', '/terms/current'), [200], 'terms').version as string;
  const availability = must(
    await client.call('GET', `/availability?from=${day(0)}&to=${day(90)}`),
    [200],
    'availability',
  ) as unknown as { slots: Array<{ start: string; requestable: boolean }> };
  const slots = availability.slots.filter((s) => s.requestable).map((s) => s.start);
  if (slots.length === 0) throw new Error('availability lists no requestable slot in the next 90 days');
  const dates = [...new Set(slots.map((s) => new Date(Date.parse(s) + 9 * 3_600_000).toISOString().slice(0, 10)))];

  // The roster as the office sends it: one CSV.
  const people = Array.from({ length: seekerCount }, (_, i) => ({
    jobSeekerNumber: `16070-${String(60_000_000 + i).padStart(8, '0')}`,
    name: `滑川 ${i}`,
    email: `bench-${i}@example.jp`,
  }));
  const csv = [
    'jobSeekerNumber,name,email,officeCode,status',
    ...people.map((p) => `${p.jobSeekerNumber},${p.name},${p.email},16070,registered`),
  ].join('\n');
  must(
    await client.call('POST', '/staff/seekers/import?mode=all-or-nothing', {
      raw: csv,
      token: admin,
      headers: { 'content-type': 'text/csv' },
    }),
    [200],
    'roster import',
  );
  // Each sign-in link from an address of its own (links per address are limited).
  const seekers: Seeker[] = [];
  await pool(people, 8, async (person, i) => {
    const from = `127.0.2.${1 + (i % 250)}`;
    must(
      await client.call('POST', '/auth/seeker/link', {
        body: { jobSeekerNumber: person.jobSeekerNumber, email: person.email },
        from,
      }),
      [202],
      `sign-in link of ${person.email}`,
    );
    const token = await sink.signInToken(person.email);
    const answer = must(
      await client.call('POST', '/auth/seeker/session', { body: { token }, from }),
      [201],
      `session of ${person.email}`,
    );
    seekers.push({ ...person, token: answer.accessToken as string });
  });
  return { admin, supervisor, counsellor, seekers, termsVersion, slots, dates };
}

export interface Requested {
  id: string;
  number: string;
  seeker: Seeker;
  slot: string;
  /** When the request was due (performance.now()): lags count from there. */
  due: number;
}

/** What the mix has produced so far: the basis of offers, consents and the lag figures. */
export class MixState {
  /** Requests answered 201, waiting for an offer (oldest first). */
  readonly toOffer: Requested[] = [];
  /** Offers answered 200, waiting for the seeker's consent. */
  readonly toConsent: Requested[] = [];
  /** Every request answered 201 in the current step, for the mail lag. */
  step: Requested[] = [];
  /** Every request answered 201 so far: each is owed a request-received mail. */
  readonly owed: string[] = [];
  /** The newest request answered 201, for the projection lag sampler. */
  newest?: Requested;
}

const pick = <T>(items: T[], k: number) => items[(k * 2654435761) % items.length];

export type MixKind = 'mix' | 'reserve';

/**
 * Request `k` of the run. `mix`: 30% reservation requests, 30% availability, 10% a
 * seeker's own list, 10% a staff list of one day's requests, 10% offers, 10% consents
 * (an offer or consent with nothing waiting for it reads availability instead).
 * `reserve`: reservation requests only (the POST /reservations figure).
 */
export function mixRequest(client: Client, people: People, state: MixState, kind: MixKind): (k: number) => Request {
  const { seekers, slots, dates } = people;
  const reserve = (k: number): Request => ({
    kind: 'reserve',
    send: async (sentAt): Promise<Outcome> => {
      const seeker = seekers[k % seekers.length];
      const first = pick(slots, k);
      const answer = await client.call('POST', '/reservations', {
        token: seeker.token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          jobSeekerNumber: seeker.jobSeekerNumber,
          name: seeker.name,
          email: seeker.email,
          desiredSlots: [first],
          topic: '応募書類の書き方',
          onlineReason: '子育て中のため',
          ...readySeeker(),
        },
      });
      if (answer.status === 201) {
        const made = {
          id: answer.body.id as string,
          number: answer.body.number as string,
          seeker,
          slot: first,
          due: sentAt,
        };
        state.toOffer.push(made);
        state.step.push(made);
        state.owed.push(made.id);
        state.newest = made;
      }
      return { status: answer.status, expected: answer.status === 409 && answer.body.code === 'SLOT_FULL' };
    },
  });
  const availability = (k: number): Request => {
    const from = pick(dates, k);
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    return {
      kind: 'availability',
      send: async () => ({
        status: (
          await client.call('GET', `/availability?from=${from}&to=${to}`, { token: seekers[k % seekers.length].token })
        ).status,
      }),
    };
  };
  return (k: number): Request => {
    if (kind === 'reserve') return reserve(k);
    const slot = k % 10;
    if (slot < 3) return reserve(k);
    if (slot < 6) return availability(k);
    if (slot === 6)
      return {
        kind: 'own-list',
        send: async () => ({
          status: (await client.call('GET', '/reservations', { token: seekers[k % seekers.length].token })).status,
        }),
      };
    if (slot === 7)
      return {
        kind: 'staff-list',
        send: async () => ({
          status: (
            await client.call('GET', `/staff/reservations?status=requested&date=${pick(dates, k)}`, {
              token: people.counsellor,
            })
          ).status,
        }),
      };
    if (slot === 8) {
      const waiting = state.toOffer.shift();
      if (!waiting) return availability(k);
      return {
        kind: 'offer',
        send: async () => {
          const answer = await client.call('POST', `/staff/reservations/${waiting.id}/offer`, {
            token: people.supervisor,
            body: { slots: [waiting.slot] },
          });
          if (answer.status === 200) state.toConsent.push(waiting);
          return { status: answer.status, expected: answer.status === 409 && answer.body.code === 'SLOT_FULL' };
        },
      };
    }
    const offered = state.toConsent.shift();
    if (!offered) return availability(k);
    return {
      kind: 'consent',
      send: async () => {
        const answer = await client.call('POST', `/reservations/${offered.id}/consent`, {
          token: offered.seeker.token,
          body: { slot: offered.slot, termsVersion: people.termsVersion },
        });
        return { status: answer.status, expected: answer.status === 409 && answer.body.code === 'SLOT_FULL' };
      },
    };
  };
}

/**
 * Projection lag: while a step runs, the newest accepted request is looked up by its
 * number in the staff list (one at a time, every `pollMs`) until it is there; the lag
 * counts from when its request was due.
 */
export function projectionLagSampler(client: Client, people: People, state: MixState, pollMs = 10) {
  const lags: number[] = [];
  let running = true;
  const done = (async () => {
    let last: string | undefined;
    while (running) {
      const target = state.newest;
      if (!target || target.id === last) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      last = target.id;
      const deadline = performance.now() + 30_000;
      while (running || performance.now() < deadline) {
        const answer = await client
          .call('GET', `/staff/reservations?number=${encodeURIComponent(target.number)}`, { token: people.counsellor })
          .catch(() => undefined);
        if ((answer?.body.reservations as Array<{ id: string }> | undefined)?.some((r) => r.id === target.id)) {
          lags.push(performance.now() - target.due);
          break;
        }
        if (performance.now() > deadline) break;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return lags;
    },
  };
}

/**
 * Whether the staff list shows the newest accepted request: a series that starts before
 * it does would count the backlog it inherits as its own projection lag.
 */
export async function staffListCaughtUp(client: Client, people: People, state: MixState): Promise<boolean> {
  const target = state.newest;
  if (!target) return true;
  const answer = await client
    .call('GET', `/staff/reservations?number=${encodeURIComponent(target.number)}`, { token: people.counsellor })
    .catch(() => undefined);
  return (answer?.body.reservations as Array<{ id: string }> | undefined)?.some((r) => r.id === target.id) ?? false;
}
