// The fuzz run against a running system: requests drawn from the OpenAPI document, each
// answer checked (never a 5xx; every refusal in the `{ code, message }` shape), a failure
// shrunk by fast-check to the smallest request that still fails and kept in
// tools/fuzz/regressions.json; then the system must still do its work: a new request
// is listed for staff, its offer is mailed, accesses are still recorded, the audit chain
// verifies.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { eventually } from '@soudan/testing';
import { loadDocument, RequestGenerator, type FuzzRequest, type Role } from './openapi-requests';

import { httpCall } from '../http-call';
import { ROOT } from '../processes';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

export { ROOT };
export const REGRESSIONS = join(ROOT, 'tools', 'fuzz', 'regressions.json');
export const ADMIN_PASSWORD = 'Fuzz-Kurobe-2026!x';
const STAFF_PASSWORD = 'Fuzz-Tsurugi-2026!y';
export const FUZZ_SEEKER = { jobSeekerNumber: '16070-12345678', name: '滑川 太郎', email: 'taro@example.jp' };

/** Requests in flight at once. */
const CONCURRENCY = 4;

export type Tokens = Record<Exclude<Role, 'anonymous'>, string>;

interface Answer {
  status: number;
  body: unknown;
  text: string;
  contentType: string;
}

async function send(baseUrl: string, request: FuzzRequest, tokens: Tokens): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.role !== 'anonymous') headers.authorization = `Bearer ${tokens[request.role]}`;
  const body =
    request.body === undefined
      ? undefined
      : 'text' in request.body
        ? request.body.text
        : Buffer.from(request.body.hex, 'hex');
  const response = await fetch(`${baseUrl}${request.url}`, { method: request.method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text, contentType: response.headers.get('content-type') ?? '' };
}

/** What is wrong with an answer, or undefined when it is as the contract says. */
export function problemWith(answer: Answer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status >= 400) {
    const b = answer.body as { code?: unknown; message?: unknown } | undefined;
    if (typeof b?.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(b.code) || typeof b.message !== 'string')
      return `a ${answer.status} without { code, message }: ${answer.text.slice(0, 300)}`;
  }
  return undefined;
}

export interface FuzzFigures {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  badShape: number;
  operations: number;
  seconds: number;
}

export async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  token?: string,
  extra: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, any>) : {},
  };
}

export async function get(baseUrl: string, path: string, token?: string) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, any>) : {},
  };
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fuzz set-up: ${what}`);
  return value;
}

/** Signs in every role on a fresh system (admin from ADMIN_PASSWORD, the seeker by the outbox link). */
export async function signInRoles(baseUrl: string, dataDir: string): Promise<Tokens> {
  const session = async (username: string, password: string) => {
    const answer = await post(baseUrl, '/auth/staff/session', { username, password });
    return must(answer.body.accessToken as string | undefined, `sign-in of ${username}: ${answer.status}`);
  };
  const admin = await session('admin', ADMIN_PASSWORD);
  const staff = async (username: string, roles: string[]) => {
    const created = await post(baseUrl, '/staff/users', { username, password: STAFF_PASSWORD, roles }, admin);
    if (created.status !== 201 && created.status !== 409) throw new Error(`staff user ${username}: ${created.status}`);
    return session(username, STAFF_PASSWORD);
  };
  const [counsellor, supervisor, auditor] = [
    await staff('fuzz-counsellor', ['counsellor']),
    await staff('fuzz-supervisor', ['supervisor']),
    await staff('fuzz-auditor', ['auditor']),
  ];
  const added = await post(
    baseUrl,
    '/staff/seekers',
    { ...FUZZ_SEEKER, officeCode: '16070', status: 'registered' },
    admin,
  );
  if (added.status >= 300) throw new Error(`roster: ${added.status}`);
  const seeker = await seekerSession(baseUrl, dataDir, FUZZ_SEEKER);
  // A well-formed token of nobody: signed with the wrong key.
  const forged = `${admin.split('.').slice(0, 2).join('.')}.${Buffer.from('not the signature').toString('base64url')}`;
  return { admin, counsellor, supervisor, auditor, seeker, forged };
}

export async function seekerSession(
  baseUrl: string,
  dataDir: string,
  who: { jobSeekerNumber: string; email: string },
  /** A local address to sign in from (a client the per-address limits have not seen). */
  from?: string,
): Promise<string> {
  const agent = from ? new Agent({ localAddress: from }) : undefined;
  const send = (path: string, body: unknown) =>
    agent ? httpCall(agent, baseUrl, 'POST', path, { body }) : post(baseUrl, path, body);
  const outbox = join(dataDir, 'outbox');
  const before = new Set(existsSync(outbox) ? readdirSync(outbox) : []);
  const asked = await send('/auth/seeker/link', { jobSeekerNumber: who.jobSeekerNumber, email: who.email });
  if (asked.status !== 202) throw new Error(`sign-in link: ${asked.status}`);
  const token = await eventually(
    () => {
      for (const file of existsSync(outbox) ? readdirSync(outbox) : []) {
        if (before.has(file) || !file.startsWith('sign-in-')) continue;
        const raw = readFileSync(join(outbox, file), 'utf8');
        const text = decodeMailBody(raw);
        const match = /#token=([A-Za-z0-9_-]{43})/.exec(text);
        if (match && raw.includes(who.email)) return match[1];
      }
      return undefined;
    },
    { timeoutMs: 30_000, what: `a sign-in mail for ${who.email}` },
  );
  const session = await send('/auth/seeker/session', { token });
  agent?.destroy();
  return must(session.body.accessToken as string | undefined, `seeker session: ${session.status}`);
}

/** The text parts of an .eml (base64 or quoted-printable or plain), enough to find a link. */
function decodeMailBody(raw: string): string {
  const parts = [raw];
  for (const m of raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)) {
    parts.push(Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'));
  }
  return parts.join('\n').replace(/=\r?\n/g, '');
}

/** Business days ahead of today in Japan (Mon-Fri, a week or more ahead, so R5 lets them be requested). */
export function requestableSlots(): string[] {
  const slots: string[] = [];
  for (let d = 8; slots.length < 2 && d < 30; d++) {
    const date = new Date(Date.now() + 9 * 3_600_000 + d * 86_400_000);
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const day = date.toISOString().slice(0, 10);
    if (day.slice(5) >= '12-29' || day.slice(5) <= '01-03') continue;
    slots.push(`${day}T10:00:00+09:00`, `${day}T14:00:00+09:00`);
  }
  return slots;
}

export async function newReservation(
  baseUrl: string,
  seeker: string,
  key: string,
  who: { jobSeekerNumber: string; name: string; email: string } = FUZZ_SEEKER,
): Promise<string> {
  const created = await post(
    baseUrl,
    '/reservations',
    {
      ...who,
      desiredSlots: requestableSlots().slice(0, 2),
      topic: '応募書類の書き方',
      onlineReason: '子育て中のため',
      ...readySeeker(),
    },
    seeker,
    { 'idempotency-key': key },
  );
  if (created.status !== 201) throw new Error(`reservation: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

export interface FuzzOptions {
  baseUrl: string;
  tokens: Tokens;
  requests: number;
  seed?: number;
  known: { ids: string[]; seekerNumbers: string[] };
  /** Progress, every few thousand requests. */
  progress?: (figures: FuzzFigures) => void;
}

/** Sends `requests` generated requests; throws with the shrunk request when one breaks the contract. */
export async function fuzz(options: FuzzOptions): Promise<FuzzFigures> {
  const generator = new RequestGenerator(loadDocument(join(ROOT, 'docs', 'openapi.json')), options.known);
  const roles: Role[] = ['anonymous', 'seeker', 'counsellor', 'supervisor', 'auditor', 'admin', 'forged'];
  const figures: FuzzFigures = { requests: 0, byStatus: {}, serverErrors: 0, badShape: 0, operations: 0, seconds: 0 };
  const operations = new Set<string>();
  const started = performance.now();
  let failure: { request: FuzzRequest; problem: string } | undefined;
  let reported = 0;
  // Requests go out CONCURRENCY at a time (as several clients would send them); a failing
  // batch shrinks to the one request that fails.
  const batch = fc.array(generator.requests(roles), { minLength: CONCURRENCY, maxLength: CONCURRENCY });
  const result = await fc.check(
    fc.asyncProperty(batch, async (requests) => {
      const answers = await Promise.all(requests.map((request) => send(options.baseUrl, request, options.tokens)));
      let ok = true;
      answers.forEach((answer, i) => {
        figures.requests += 1;
        operations.add(requests[i].operation);
        figures.byStatus[answer.status] = (figures.byStatus[answer.status] ?? 0) + 1;
        const problem = problemWith(answer);
        if (!problem) return;
        if (answer.status >= 500) figures.serverErrors += 1;
        else figures.badShape += 1;
        failure = { request: requests[i], problem };
        ok = false;
      });
      if (figures.requests - reported >= 5_000) {
        reported = figures.requests;
        options.progress?.({ ...figures, operations: operations.size });
      }
      return ok;
    }),
    { numRuns: Math.ceil(options.requests / CONCURRENCY), seed: options.seed, endOnFailure: false, verbose: 0 },
  );
  figures.operations = operations.size;
  figures.seconds = (performance.now() - started) / 1000;
  if (result.failed) {
    // The shrunk batch: its first request that still fails on its own.
    let shrunk: FuzzRequest | undefined;
    let problem: string | undefined;
    for (const request of (result.counterexample?.[0] as FuzzRequest[] | undefined) ?? []) {
      problem = problemWith(await send(options.baseUrl, request, options.tokens));
      if (problem) {
        shrunk = request;
        break;
      }
    }
    if (!shrunk) [shrunk, problem] = [failure?.request, failure?.problem];
    if (shrunk) keepRegression(shrunk, problem ?? 'see the fuzz log');
    throw new Error(
      `fuzz: ${problem}\nthe smallest request found (seed ${result.seed}, kept in tools/fuzz/regressions.json):\n` +
        JSON.stringify(
          shrunk,
          (_key, value: unknown) =>
            typeof value === 'string' && value.length > 300 ? `${value.slice(0, 300)}…(${value.length} chars)` : value,
          2,
        ),
    );
  }
  return figures;
}

export interface Regression {
  problem: string;
  request: FuzzRequest;
}

export function readRegressions(): Regression[] {
  return existsSync(REGRESSIONS) ? (JSON.parse(readFileSync(REGRESSIONS, 'utf8')) as Regression[]) : [];
}

function keepRegression(request: FuzzRequest, problem: string) {
  const all = readRegressions();
  if (all.some((r) => JSON.stringify(r.request) === JSON.stringify(request))) return;
  all.push({ problem, request });
  writeFileSync(REGRESSIONS, `${JSON.stringify(all, null, 2)}\n`);
}

/** Replays every kept regression: each must now answer as the contract says. */
export async function replayRegressions(baseUrl: string, tokens: Tokens): Promise<string[]> {
  const problems: string[] = [];
  for (const { request } of readRegressions()) {
    const problem = problemWith(await send(baseUrl, request, tokens));
    if (problem) problems.push(`${request.operation}: ${problem}`);
  }
  return problems;
}

/**
 * After the fuzz the system must still work: a new request is listed for staff and its
 * offer mailed (projection, relay, notification alive), accesses are still recorded
 * (R50), and the audit chain verifies (R53). Returns what it checked.
 */
export async function stillWorks(baseUrl: string, dataDir: string, tokens: Tokens): Promise<string[]> {
  const checked: string[] = [];
  const health = await get(baseUrl, '/health');
  if (health.status !== 200) throw new Error(`after the fuzz: health ${health.status}`);
  checked.push('health 200');

  // A seeker the fuzz never knew: the generated requests may have suspended, deregistered
  // or erased the fuzz's own seeker, which is the system working, not failing.
  const serial = String(Date.now() % 10_000_000).padStart(7, '0');
  const fresh = { jobSeekerNumber: `16070-9${serial}`, name: '早月 花子', email: `after-fuzz-${serial}@example.jp` };
  const added = await post(
    baseUrl,
    '/staff/seekers',
    { ...fresh, officeCode: '16070', status: 'registered' },
    tokens.admin,
  );
  if (added.status >= 300) throw new Error(`after the fuzz: roster ${added.status} ${JSON.stringify(added.body)}`);
  // From another address: the fuzz sent everything from 127.0.0.1 and may have spent that
  // address's sign-in allowance on forged tokens (429 there is the limit at work); a
  // seeker elsewhere must still get in.
  const seeker = await seekerSession(baseUrl, dataDir, fresh, '127.0.0.2');
  checked.push('a new seeker signs in');

  const accessesBefore = await countAccesses(baseUrl, tokens.auditor);
  const id = await newReservation(baseUrl, seeker, `after-fuzz-${serial}`, fresh);
  await eventually(
    async () => {
      const list = await get(baseUrl, '/staff/reservations?status=requested', tokens.counsellor);
      return (list.body.reservations as Array<{ id: string }> | undefined)?.some((r) => r.id === id) ? true : undefined;
    },
    { timeoutMs: 30_000, what: 'the new request in the staff list' },
  );
  checked.push('a new request reaches the staff list');

  const outbox = join(dataDir, 'outbox');
  const mailsBefore = new Set(existsSync(outbox) ? readdirSync(outbox) : []);
  const slots = requestableSlots().slice(0, 1);
  const offered = await post(baseUrl, `/staff/reservations/${id}/offer`, { slots }, tokens.supervisor);
  if (offered.status >= 300) throw new Error(`after the fuzz: offer ${offered.status} ${JSON.stringify(offered.body)}`);
  await eventually(
    () =>
      readdirSync(outbox).some((f) => !mailsBefore.has(f) && readFileSync(join(outbox, f), 'utf8').includes(id))
        ? true
        : undefined,
    { timeoutMs: 30_000, what: 'the offer mail in the outbox' },
  );
  checked.push('its offer is mailed');

  await eventually(async () => ((await countAccesses(baseUrl, tokens.auditor)) > accessesBefore ? true : undefined), {
    timeoutMs: 30_000,
    what: 'new accesses in the access record',
  });
  checked.push('new accesses are recorded (R50)');

  let from: string | undefined;
  for (;;) {
    const integrity = await get(baseUrl, `/audit/integrity${from ? `?from=${from}` : ''}`, tokens.auditor);
    if (integrity.status !== 200 || integrity.body.ok !== true)
      throw new Error(`after the fuzz: integrity ${integrity.status} ${JSON.stringify(integrity.body)}`);
    if (!integrity.body.next) break;
    from = String(integrity.body.next);
  }
  checked.push('the audit chain verifies (R53)');
  return checked;
}

async function countAccesses(baseUrl: string, auditor: string): Promise<number> {
  let count = 0;
  let from: string | undefined;
  for (;;) {
    const page = await get(baseUrl, `/audit/events?category=access&limit=1000${from ? `&from=${from}` : ''}`, auditor);
    if (page.status !== 200) throw new Error(`audit events: ${page.status}`);
    const events = page.body.events as unknown[];
    count += events.length;
    if (events.length < 1000 || !page.body.next) return count;
    from = String(page.body.next);
  }
}
