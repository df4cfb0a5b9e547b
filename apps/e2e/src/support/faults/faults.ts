// Fault injection under load (issue 15, item 1): a steady load of the whole journey
// (requests, offers, consents on the web and by e-mail reply, cancellations, check-ins)
// against the distributed form while processes, NATS nodes, PostgreSQL and the mail
// server fail in turn and then at random; afterwards, what must hold is checked and
// printed. Shared by `npm run test:faults` (tools/faults/main.ts) and its short form
// (apps/e2e/src/faults.e2e.spec.ts).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import { PostgresEventStore } from '@soudan/event-store';
import { mailIdFor } from '@soudan/notification-infra';
import { SEEKER_TEMPLATES, isSeekerEventType } from '@soudan/notification-domain';
import { checkPlaces } from '@soudan/scheduling-infra/testing';
import { createStaff, post, signInAsAdmin, tokenInMailText, validRequest } from './people';
import { classifyCopies, mailIdOf } from './mail-copies';
import { FaultySystem, smtpClientName, type ProcessName } from './system';

/**
 * How soon after the server's 250 a kill -9 of the sender may come for a second copy of
 * that mail to count as the crash-in-the-send window (the ledger write after a 250 takes
 * milliseconds; two seconds is generous under load).
 */
const KILL_AFTER_250_MS = 2000;

export const FAULTS = [
  'kill-gateway',
  'kill-scheduling-1',
  'kill-scheduling-2',
  'kill-eligibility',
  'kill-notification-1',
  'kill-notification-2',
  'kill-audit',
  'smtp-refuse-stall-accept',
  'kill-nats-node',
  'kill-nats-leader',
  'kill-nats-cluster',
  'crash-postgres',
  'sigstop-notification',
  'sigstop-notification-mid-send',
  'sigstop-scheduling',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultRunOptions {
  /** How long the load runs (the faults within it), ms. */
  durationMs: number;
  /** Injected one after another first; then, while time remains, faults drawn at random from `random`. */
  inTurn: readonly Fault[];
  random: readonly Fault[];
  /** Quiet time between two faults, ms. */
  gapMs: number;
  /** How long SIGSTOP lasts: longer than the ack wait (30 s). */
  pauseMs: number;
  /** Seekers working at once. */
  seekers: number;
  seed?: number;
  log: (line: string) => void;
}

export interface Check {
  ok: boolean;
  what: string;
}

export interface FaultRunReport {
  injected: Array<{ fault: Fault; at: number; detail: string }>;
  checks: Check[];
  figures: {
    created: number;
    requestsBy201: number;
    offers: number;
    consentsWeb: number;
    consentsMail: number;
    cancellations: number;
    checkIns: number;
    byStatus: Record<string, number>;
    fiveHundreds: Record<string, number>;
    /** 4xx answers by status and code (conflicts of the journey itself: a slot taken, a state moved on). */
    refusals: Record<string, number>;
    connectionErrors: number;
    mails: {
      received: number;
      owed: number;
      missing: number;
      copies: number;
      /** Copies whose earlier sender was killed -9 between the server's 250 and its ledger write. */
      copiesAfterKill: number;
      skipped: number;
      undeliverable: number;
    };
    deadLetters: number;
    poison: number;
  };
  startupMs: number;
  loadMs: number;
  settleMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator, so a run can be repeated with --seed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

interface Answer {
  status: number;
  body: any;
}

export async function runFaults(options: FaultRunOptions): Promise<FaultRunReport> {
  const { log } = options;
  const rand = random(options.seed ?? Date.now());
  const system = new FaultySystem(log);
  const t0 = Date.now();
  const figures: FaultRunReport['figures'] = {
    created: 0,
    requestsBy201: 0,
    offers: 0,
    consentsWeb: 0,
    consentsMail: 0,
    cancellations: 0,
    checkIns: 0,
    byStatus: {},
    fiveHundreds: {},
    refusals: {},
    connectionErrors: 0,
    mails: { received: 0, owed: 0, missing: 0, copies: 0, copiesAfterKill: 0, skipped: 0, undeliverable: 0 },
    deadLetters: 0,
    poison: 0,
  };
  const injected: FaultRunReport['injected'] = [];
  const checks: Check[] = [];
  const check = (ok: boolean, what: string) => {
    checks.push({ ok, what });
    log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  };
  try {
    await system.start();
    const startupMs = Date.now() - t0;
    log(`system up in ${(startupMs / 1000).toFixed(1)} s`);

    // --- HTTP with counting ------------------------------------------------------
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      token?: string,
      headers: Record<string, string> = {},
    ) => {
      let answer: Answer;
      try {
        const response = await fetch(`${system.baseUrl}/api/v1${path}`, {
          method,
          headers: {
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        answer = { status: response.status, body: parsed };
      } catch {
        figures.connectionErrors += 1;
        return { status: 0, body: undefined };
      }
      figures.byStatus[answer.status] = (figures.byStatus[answer.status] ?? 0) + 1;
      if (answer.status >= 400 && answer.status < 500) {
        const key = `${answer.status} ${answer.body?.code ?? '(no code)'} ${method} ${path.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*$/, '')}`;
        figures.refusals[key] = (figures.refusals[key] ?? 0) + 1;
      }
      if (answer.status >= 500) {
        const key = `${answer.status} ${answer.body?.code ?? '(no code)'}`;
        figures.fiveHundreds[key] = (figures.fiveHundreds[key] ?? 0) + 1;
      }
      return answer;
    };
    /** Retries while the system cannot answer (no connection, 5xx), as a client would; 4xx and 2xx end it. */
    const retrying = async (what: () => Promise<Answer>, patienceMs = 120_000) => {
      const deadline = Date.now() + patienceMs;
      for (;;) {
        const answer = await what();
        if ((answer.status !== 0 && answer.status < 500) || Date.now() > deadline) return answer;
        await sleep(500 + rand() * 1000);
      }
    };

    // --- people ----------------------------------------------------------------
    const admin = await signInAsAdmin(system.baseUrl);
    const supervisor = await createStaff(system.baseUrl, admin, 'faults-supervisor', ['supervisor']);
    const counsellor = await createStaff(system.baseUrl, admin, 'faults-counsellor', ['counsellor']);
    const auditor = await createStaff(system.baseUrl, admin, 'faults-auditor', ['auditor']);
    const seekers: Array<{ number: string; email: string; token: string }> = [];
    for (let i = 0; i < options.seekers; i += 1) {
      const who = {
        jobSeekerNumber: `16070-${String(61_000_000 + i)}`,
        name: `耐障害 ${i}`,
        email: `faults-${i}@example.jp`,
      };
      const added = await post(
        system.baseUrl,
        '/staff/seekers',
        { ...who, officeCode: '16070', status: 'registered' },
        { authorization: `Bearer ${admin}` },
      );
      if (added.status >= 300) throw new Error(`roster ${who.jobSeekerNumber}: ${added.status}`);
      const since = system.smtp.messages.length;
      await post(system.baseUrl, '/auth/seeker/link', { jobSeekerNumber: who.jobSeekerNumber, email: who.email });
      const mail = await system.smtp.waitFor(
        (m) =>
          system.smtp.messages.indexOf(m) >= since &&
          m.headers.get('x-soudan-template') === 'sign-in-link' &&
          JSON.stringify(m.to).includes(who.email),
      );
      const session = await post(system.baseUrl, '/auth/seeker/session', { token: tokenInMailText(mail.text) });
      seekers.push({ number: who.jobSeekerNumber, email: who.email, token: session.body.accessToken });
    }
    const availability = await call('GET', `/availability?from=${dayAhead(0)}&to=${dayAhead(60)}`);
    const slots: string[] = (availability.body?.slots ?? [])
      .filter((s: { requestable: boolean }) => s.requestable)
      .map((s: { start: string }) => s.start);
    if (slots.length < 4) throw new Error(`too few requestable slots: ${slots.length}`);
    const termsVersion = (await call('GET', '/terms/current')).body.version as string;
    log(`${seekers.length} seekers and 3 staff signed in; ${slots.length} requestable slots`);

    // --- the load ----------------------------------------------------------------
    const created = new Map<string, Set<string>>(); // idempotency key -> ids answered 201
    let stopping = false;
    const statusOf = async (seeker: string, id: string) =>
      (await retrying(() => call('GET', `/reservations/${id}`, undefined, seeker))).body?.status as string | undefined;
    const waitForStatus = async (seeker: string, id: string, wanted: string[], ms = 90_000) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const status = await statusOf(seeker, id);
        if (status && wanted.includes(status)) return status;
        await sleep(400);
      }
      return undefined;
    };
    const offerMail = (id: string) =>
      system.smtp.messages.find(
        (m) =>
          m.headers.get('x-soudan-reservation') === id && m.headers.get('x-soudan-template') === 'reservation-offered',
      );

    const journey = async (seeker: (typeof seekers)[number]) => {
      while (!stopping) {
        const key = randomUUID();
        const desired = pick(slots, 2, rand);
        const request = validRequest({ jobSeekerNumber: seeker.number, email: seeker.email, desiredSlots: desired });
        const made = await retrying(() =>
          call('POST', '/reservations', request, seeker.token, { 'idempotency-key': key }),
        );
        if (made.status !== 201) {
          await sleep(300);
          continue;
        }
        const id = made.body.id as string;
        if (!created.has(key)) created.set(key, new Set());
        created.get(key)!.add(id);
        figures.requestsBy201 += 1;
        // A retry of the same request is answered with the same reservation.
        if (rand() < 0.2) {
          const again = await retrying(() =>
            call('POST', '/reservations', request, seeker.token, { 'idempotency-key': key }),
          );
          if (again.status === 201) created.get(key)!.add(again.body.id);
        }
        if (stopping) break;
        // The office offers one or both desired slots (R12).
        const offered = await retrying(() =>
          call(
            'POST',
            `/staff/reservations/${id}/offer`,
            { slots: desired.slice(0, 1 + Math.floor(rand() * 2)) },
            supervisor,
          ),
        );
        if (offered.status >= 300 && (await statusOf(seeker.token, id)) !== 'offered') continue;
        figures.offers += 1;
        if (stopping) break;
        // Consent: on the web, or by answering the offer e-mail (R61).
        const byMail = rand() < 0.4;
        let consented = false;
        if (byMail) {
          const deadline = Date.now() + 60_000;
          let mail: ParsedMail | undefined;
          while (!(mail = offerMail(id)) && Date.now() < deadline) await sleep(500);
          if (mail && (await replyByMail(system, mail, seeker.email, rand))) {
            consented = (await waitForStatus(seeker.token, id, ['confirmed', 'cancelled'])) === 'confirmed';
            if (consented) figures.consentsMail += 1;
          }
        }
        if (!consented) {
          const info = await retrying(() => call('GET', `/reservations/${id}`, undefined, seeker.token));
          const choice = (info.body?.offers?.[0]?.start ?? desired[0]) as string;
          const answer = await retrying(() =>
            call('POST', `/reservations/${id}/consent`, { slot: choice, termsVersion }, seeker.token),
          );
          if (answer.status === 200 || (await statusOf(seeker.token, id)) === 'confirmed') {
            figures.consentsWeb += 1;
            consented = true;
          }
        }
        if (!consented || stopping) continue;
        const next = rand();
        if (next < 0.4) {
          const answer = await retrying(() => call('POST', `/reservations/${id}/cancellation`, {}, seeker.token));
          if (answer.status === 200 || (await statusOf(seeker.token, id)) === 'cancelled') figures.cancellations += 1;
        } else if (next < 0.8) {
          const answer = await retrying(() => call('POST', `/staff/reservations/${id}/check-in`, {}, counsellor));
          if (answer.status < 300 || (await statusOf(seeker.token, id)) === 'in_session') figures.checkIns += 1;
        }
      }
    };

    // --- the faults -----------------------------------------------------------------
    const poison = `poison-${randomUUID()}`;
    const inject = async (fault: Fault) => {
      const at = Date.now() - t0;
      const note = (detail: string) => {
        injected.push({ fault, at, detail });
        log(`[${(at / 1000).toFixed(0).padStart(4)} s] ${fault}: ${detail}`);
      };
      const restart = async (name: ProcessName) => {
        system.launch(name);
      };
      switch (fault) {
        case 'kill-gateway':
        case 'kill-scheduling-1':
        case 'kill-scheduling-2':
        case 'kill-eligibility':
        case 'kill-notification-1':
        case 'kill-notification-2':
        case 'kill-audit': {
          const name = fault.slice('kill-'.length) as ProcessName;
          await system.kill(name);
          note(`kill -9 ${name}; restarted at once`);
          await restart(name);
          return;
        }
        case 'kill-nats-node':
        case 'kill-nats-leader': {
          const leader = await system.streamLeader();
          const node =
            fault === 'kill-nats-leader'
              ? system.nats.nodes.find((n) => n.name === leader)
              : system.nats.nodes.find((n) => n.name !== leader);
          if (!node)
            return note(`no ${fault === 'kill-nats-leader' ? 'leader' : 'follower'} known (leader ${leader}); skipped`);
          await node.kill();
          await sleep(options.gapMs / 2);
          const after = await system.streamLeader();
          await node.start();
          return note(`kill -9 nats-server ${node.name} (stream leader was ${leader}, then ${after}); started again`);
        }
        case 'kill-nats-cluster': {
          await Promise.all(system.nats.nodes.map((n) => n.kill()));
          await sleep(3000);
          await Promise.all(system.nats.nodes.map((n) => n.start()));
          return note('kill -9 of all three nats-servers; started again on their storage after 3 s');
        }
        case 'crash-postgres': {
          if (!system.pg.crash || !system.pg.restart)
            return note('skipped: no throwaway PostgreSQL cluster (DATABASE_URL set)');
          await system.pg.crash();
          await sleep(3000);
          await system.pg.restart();
          return note('pg_ctl stop -m immediate; started again after 3 s (crash recovery)');
        }
        case 'sigstop-notification':
        case 'sigstop-scheduling': {
          const name: ProcessName = fault === 'sigstop-notification' ? 'notification-1' : 'scheduling-2';
          system.apps.get(name)!.pause();
          await sleep(options.pauseMs);
          system.apps.get(name)!.resume();
          return note(`SIGSTOP ${name} for ${(options.pauseMs / 1000).toFixed(0)} s (ack wait 30 s), then SIGCONT`);
        }
        case 'sigstop-notification-mid-send': {
          // Frozen while its mail is at the server (a long GC pause, a VM stopped): the
          // server takes the mail while it sleeps, the bus hands the event to the other
          // replica after the ack wait, and the frozen one wakes up to the server's 250.
          // notification-2 is down at first, so the mail held is notification-1's.
          await system.kill('notification-2');
          system.smtp.setMode({ kind: 'stall' });
          const before = system.smtp.modeCounts.stalled;
          const deadline = Date.now() + 30_000;
          while (system.smtp.modeCounts.stalled === before && Date.now() < deadline) await sleep(100);
          const held = system.smtp.modeCounts.stalled - before;
          system.apps.get('notification-1')!.pause();
          system.launch('notification-2');
          system.smtp.setMode({ kind: 'accept' });
          await sleep(options.pauseMs);
          system.apps.get('notification-1')!.resume();
          return note(
            `kill -9 notification-2, SMTP sink stalled until notification-1 had ${held} mail(s) at it, SIGSTOP notification-1, notification-2 started, sink accepting, SIGCONT after ${(options.pauseMs / 1000).toFixed(0)} s`,
          );
        }
        case 'smtp-refuse-stall-accept': {
          system.smtp.setMode({ kind: 'refuse', code: 451 });
          await sleep(options.gapMs);
          system.smtp.setMode({ kind: 'stall' });
          await sleep(options.gapMs);
          system.smtp.setMode({ kind: 'accept' });
          return note(
            `SMTP sink refused (451) then stalled, ${(options.gapMs / 1000).toFixed(0)} s each, then accepted (${system.smtp.modeCounts.refused} refused, ${system.smtp.modeCounts.stalled} held)`,
          );
        }
      }
    };

    const loadStart = Date.now();
    const workers = seekers.map((s) => journey(s));
    await system.injectPoison(poison);
    log(`injected poison: one unreadable message (${poison}) on events.scheduling.ReservationRequested`);
    const until = loadStart + options.durationMs;
    await sleep(Math.min(options.gapMs, 5000));
    for (const fault of options.inTurn) {
      if (Date.now() > until) break;
      await inject(fault);
      await sleep(options.gapMs);
    }
    while (Date.now() + options.gapMs < until && options.random.length > 0) {
      await inject(options.random[Math.floor(rand() * options.random.length)]);
      await sleep(options.gapMs);
    }
    const waitLeft = until - Date.now();
    if (waitLeft > 0) await sleep(waitLeft);
    stopping = true;
    // Whatever the workers are doing finishes (they retry for at most two minutes).
    await Promise.all(workers);
    const loadMs = Date.now() - loadStart;
    log(`load stopped after ${(loadMs / 1000).toFixed(0)} s; ${injected.length} faults injected; checking`);

    // --- the checks -----------------------------------------------------------------
    const settleStart = Date.now();
    const store = await PostgresEventStore.connect({ url: system.db.url, schema: 'scheduling' });
    const ledger = await PostgresEventStore.connect({ url: system.db.url, schema: 'notification' });
    try {
      const ids = new Set<string>();
      let keysWithTwoIds = 0;
      for (const set of created.values()) {
        if (set.size > 1) keysWithTwoIds += 1;
        for (const id of set) ids.add(id);
      }
      figures.created = ids.size;
      check(keysWithTwoIds === 0, `every Idempotency-Key answered one reservation (${keysWithTwoIds} answered two)`);
      // Every 201 exists exactly once: its stream with one ReservationRequested.
      let missing = 0;
      let doubled = 0;
      for (const id of ids) {
        const events = await store.readStream(`reservation-${id}`);
        const requested = events.filter((e) => e.type === 'ReservationRequested').length;
        if (requested === 0) missing += 1;
        if (requested > 1) doubled += 1;
      }
      check(
        missing === 0 && doubled === 0,
        `every request answered 201 exists exactly once: ${ids.size} checked, ${missing} missing, ${doubled} requested twice`,
      );
      // Places: capacity and ownership (from the scheduling store itself).
      const places = await eventuallyValue(async () => {
        const report = await checkPlaces(store, 1);
        return report.problems.length === 0 ? report.problems : undefined;
      }, 30_000).catch(async () => (await checkPlaces(store, 1)).problems);
      check(
        places.length === 0,
        `no slot over its capacity, every booking and hold owned by a live reservation (${places.length} problems${places.length ? `: ${places.slice(0, 3).join('; ')}` : ''})`,
      );
      // Projections: the staff list and the seekers' view agree with the store, and audit has every request.
      const lagging = await eventuallyValue(async () => {
        const list = await call('GET', '/staff/reservations', undefined, supervisor);
        const listed = new Map<string, string>(
          ((list.body?.reservations ?? list.body ?? []) as Array<{ id: string; status: string }>).map((r) => [
            r.id,
            r.status,
          ]),
        );
        const behind: string[] = [];
        for (const id of ids) {
          const events = await store.readStream(`reservation-${id}`);
          const last = events.at(-1)?.type;
          const status = listed.get(id);
          if (!status) behind.push(`${id}: not in the staff list`);
          else if (last && statusAfter(last) && statusAfter(last) !== status)
            behind.push(`${id}: staff list says ${status}, the store's last event is ${last}`);
        }
        return behind.length === 0 ? behind : undefined;
      }, 90_000).catch((error: Error) => [error.message]);
      check(
        lagging.length === 0,
        `the staff list caught up with the store (${lagging.length} behind${lagging.length ? `: ${lagging.slice(0, 3).join('; ')}` : ''})`,
      );
      const audited = await eventuallyValue(async () => {
        const seen = new Set<string>();
        let from: string | undefined;
        for (;;) {
          const page = await call('GET', `/audit/events?limit=1000${from ? `&from=${from}` : ''}`, undefined, auditor);
          if (page.status !== 200) return undefined;
          for (const e of page.body.events as Array<{ stream: string; type: string }>)
            if (e.type === 'ReservationRequested') seen.add(e.stream.slice('reservation-'.length));
          if (page.body.events.length < 1000) break;
          from = page.body.next;
        }
        const absent = [...ids].filter((id) => !seen.has(id));
        return absent.length === 0 ? absent : undefined;
      }, 90_000).catch(() => ['(timed out)']);
      check(audited.length === 0, `the audit record caught up: every request recorded (${audited.length} absent)`);
      let integrity: Answer = { status: 0, body: undefined };
      let checked = 0;
      let from: string | undefined;
      do {
        integrity = await retrying(() =>
          call('GET', `/audit/integrity${from ? `?from=${from}` : ''}`, undefined, auditor),
        );
        checked += Number(integrity.body?.checked ?? 0);
        from = integrity.body?.next;
      } while (integrity.body?.ok && from);
      check(
        integrity.body?.ok === true,
        `GET /audit/integrity verifies the hash chain (${checked} records checked, ok=${integrity.body?.ok})`,
      );

      // Mail: every owed mail once at the sink, by Message-ID.
      const owedMails = async () => {
        const owed = new Map<string, string>(); // mail id -> ledger outcome
        for (const id of ids) {
          for (const e of await store.readStream(`reservation-${id}`)) {
            if (!isSeekerEventType(e.type)) continue;
            const [first] = await ledger.readStream(`notification-${e.eventId}`, { limit: 1 });
            owed.set(mailIdFor(SEEKER_TEMPLATES[e.type], e.eventId), first?.type ?? 'pending');
          }
        }
        return owed;
      };
      const received = () => {
        const counts = new Map<string, number>();
        for (const m of system.smtp.messages) {
          const local = mailIdOf(m.messageId);
          counts.set(local, (counts.get(local) ?? 0) + 1);
        }
        return counts;
      };
      const mailFigures = async () => {
        const owed = await owedMails();
        const counts = received();
        let missingMail = 0;
        let skipped = 0;
        let undeliverable = 0;
        const missingIds: string[] = [];
        for (const [mailId, outcome] of owed) {
          if (outcome === 'NotificationSkipped') skipped += 1;
          else if (outcome === 'MailUndeliverable') undeliverable += 1;
          else if (!counts.get(mailId)) {
            missingMail += 1;
            missingIds.push(`${mailId} (${outcome})`);
          }
        }
        const copies = classifyCopies(
          system.smtp.deliveries,
          system.kills.map((k) => ({ client: smtpClientName(k.name), at: k.at })),
          KILL_AFTER_250_MS,
        );
        return {
          received: system.smtp.messages.length,
          owed: owed.size - skipped - undeliverable,
          missing: missingMail,
          missingIds,
          ...copies,
          skipped,
          undeliverable,
        };
      };
      // A mail claimed by a replica killed while sending waits for the lease (2 min).
      let mail = await mailFigures();
      const mailDeadline = Date.now() + 200_000;
      while (mail.missing > 0 && Date.now() < mailDeadline) {
        await sleep(3000);
        mail = await mailFigures();
      }
      await sleep(2000);
      mail = await mailFigures();
      figures.mails = {
        received: mail.received,
        owed: mail.owed,
        missing: mail.missing,
        copies: mail.copies,
        copiesAfterKill: mail.explained.length,
        skipped: mail.skipped,
        undeliverable: mail.undeliverable,
      };
      check(
        mail.missing === 0,
        `every owed mail arrived: ${mail.owed} owed, ${mail.missing} missing${mail.missing ? ` (${mail.missingIds.slice(0, 3).join(', ')})` : ''} (${mail.skipped} skipped as outdated, ${mail.undeliverable} undeliverable)`,
      );
      check(
        mail.unexplained === 0,
        `no mail arrived twice (counted by Message-ID over all ${mail.received} received): ${mail.copies} extra copies${mail.copies ? ` (${mail.copyIds.slice(0, 3).join(', ')})` : ''}, ${mail.unexplained} not explained by a kill -9 of the sender within ${KILL_AFTER_250_MS} ms of the server's 250${mail.explained.length ? ` (explained: ${mail.explained.slice(0, 3).join('; ')})` : ''}`,
      );
      const letters = await system.deadLetters();
      figures.deadLetters = letters.length;
      figures.poison = letters.filter((l) => l.payload.includes(poison)).length;
      const others = letters.filter((l) => !l.payload.includes(poison));
      check(
        figures.poison > 0 && others.length === 0,
        `no dead letter but the injected poison: ${figures.poison} poison letters, ${others.length} others${
          others.length
            ? ` (${others
                .slice(0, 3)
                .map((l) => `${l.consumer}: ${l.error}`)
                .join('; ')})`
            : ''
        }`,
      );
      const fiveHundred = Object.entries(figures.fiveHundreds).filter(([k]) => k.startsWith('500'));
      check(
        fiveHundred.length === 0,
        `no 500 (an unhandled error): ${JSON.stringify(figures.fiveHundreds)} 5xx seen in all`,
      );
      const health = await retrying(() => call('GET', '/health'));
      check(health.status === 200, `the system is healthy afterwards (GET /health ${health.status})`);
    } finally {
      await store.close();
      await ledger.close();
    }
    return { injected, checks, figures, startupMs, loadMs, settleMs: Date.now() - settleStart };
  } finally {
    await system.stop();
  }
}

/** What a reservation's status is after this event, where the staff list shows it. */
function statusAfter(type: string): string | undefined {
  return (
    {
      ReservationRequested: 'requested',
      ReservationOffered: 'offered',
      ReservationConfirmed: 'confirmed',
      ReservationCancelled: 'cancelled',
      SessionCheckedIn: 'in_session',
    } as Record<string, string>
  )[type];
}

async function replyByMail(
  system: FaultySystem,
  offer: ParsedMail,
  from: string,
  rand: () => number,
): Promise<boolean> {
  const live = [...system.inboundPorts.entries()].filter(([name]) => system.running(name));
  for (const [, port] of live.sort(() => rand() - 0.5)) {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15_000,
    });
    try {
      await transport.sendMail({
        from,
        to: offer.replyTo?.text ?? '',
        subject: `Re: ${offer.subject ?? ''}`,
        text: '1番でお願いします',
        inReplyTo: offer.messageId,
        messageId: `<${randomUUID()}@example.jp>`,
      });
      return true;
    } catch {
      // That replica is down or stopped: try the other.
    } finally {
      transport.close();
    }
  }
  return false;
}

function pick<T>(from: T[], n: number, rand: () => number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(n, from.length)) chosen.add(from[Math.floor(rand() * from.length)]);
  return [...chosen].sort();
}

function dayAhead(days: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function eventuallyValue<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(1000);
  }
}
