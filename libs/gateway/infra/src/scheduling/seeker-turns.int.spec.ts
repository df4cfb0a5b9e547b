// One reservation request of a seeker's at a time, through the real gateway on a real
// nats-server and PostgreSQL: a burst of requests from one account reaches scheduling one
// after another, the ones beyond the waiting room are refused at once (429 RATE_LIMITED,
// Retry-After: 1), and another seeker's request is not held up behind them.
import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { ServiceHost } from '@soudan/platform';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { readySeeker } from '@soudan/scheduling-contracts/testing';
import { AccessTokens } from '@soudan/identity-infra';
import { eventually } from '@soudan/testing';
import {
  call,
  startGateway,
  stubService,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from '../auth/testing/harness';
import { startServers, type GatewayTestServers } from '../auth/testing/servers';

/** Scheduling whose answers the test releases, one seeker's request at a time; it counts how many of a seeker's it holds at once. */
async function heldScheduling(mode: TestBackbone['mode']) {
  const held: Array<{ seeker: string; release: () => void }> = [];
  const inFlight = new Map<string, number>();
  const most = new Map<string, number>();
  @Controller()
  class HeldSchedulingController {
    @MessagePattern(SchedulingPatterns.requestReservation)
    async request(@Payload() p: { jobSeekerNumber: string }) {
      const now = (inFlight.get(p.jobSeekerNumber) ?? 0) + 1;
      inFlight.set(p.jobSeekerNumber, now);
      most.set(p.jobSeekerNumber, Math.max(most.get(p.jobSeekerNumber) ?? 0, now));
      await new Promise<void>((release) => held.push({ seeker: p.jobSeekerNumber, release }));
      inFlight.set(p.jobSeekerNumber, now - 1);
      return { id: randomUUID(), status: 'requested' };
    }
  }
  const host: ServiceHost = await stubService('scheduling', mode, HeldSchedulingController);
  /** Answers the oldest held request of `seeker`. */
  const release = (seeker: string) => {
    const index = held.findIndex((h) => h.seeker === seeker);
    if (index < 0) throw new Error(`no request of ${seeker} is held`);
    held.splice(index, 1)[0].release();
  };
  return Object.assign(host, { held, most, release });
}

const body = (jobSeekerNumber: string) => ({
  jobSeekerNumber,
  name: '滑川 太郎',
  email: 'taro@example.jp',
  desiredSlots: ['2026-12-21T10:00:00+09:00'],
  topic: '応募書類の書き方',
  onlineReason: '子育て中のため',
  ...readySeeker(),
});

describe("a seeker's reservation requests, one at a time (issue 15, floods)", () => {
  let servers: GatewayTestServers;
  let gateway: TestGateway;
  let scheduling: Awaited<ReturnType<typeof heldScheduling>>;
  const tokens: Record<string, string> = {};
  const TARO = '16070-24681357';
  const HANAKO = '16070-97531864';

  beforeAll(async () => {
    servers = await startServers('soudan_gw_seeker_turns');
    const parts = await servers.backbone();
    scheduling = await heldScheduling(parts.mode);
    gateway = await startGateway({ backbone: parts, config: testConfig() });
    const issuer = gateway.app.get(AccessTokens);
    tokens.taro = await issuer.issue({
      kind: 'seeker',
      seekerId: 'a'.repeat(32),
      jobSeekerNumber: TARO,
      roles: ['seeker'],
    });
    tokens.hanako = await issuer.issue({
      kind: 'seeker',
      seekerId: 'b'.repeat(32),
      jobSeekerNumber: HANAKO,
      roles: ['seeker'],
    });
  });

  afterAll(async () => {
    for (const h of scheduling?.held ?? []) h.release();
    await gateway?.close();
    await scheduling?.close();
    await servers?.stop();
  });

  const reserve = (who: 'taro' | 'hanako', number: string) =>
    call(gateway.url, 'POST', '/reservations', {
      body: body(number),
      token: tokens[who],
      headers: { 'idempotency-key': randomUUID() },
    });

  it('takes a burst of eight from one seeker one at a time, refuses three at once, and lets another seeker through', async () => {
    const answers: Array<Awaited<ReturnType<typeof reserve>>> = [];
    const burst = Array.from({ length: 8 }, () => reserve('taro', TARO).then((a) => void answers.push(a)));
    // While Taro's first is held: one of his reaches scheduling, four wait in the gateway, three are refused at once.
    await eventually(() => (answers.length === 3 && scheduling.held.length > 0 ? true : undefined), {
      what: "three refusals, and Taro's first request at scheduling",
    });
    expect(scheduling.held.map((h) => h.seeker)).toEqual([TARO]);
    for (const answer of answers) {
      expect(answer.status).toBe(429);
      expect(answer.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    // Hanako is not behind Taro's queue: hers reaches scheduling while his first is still held.
    const hanako = reserve('hanako', HANAKO);
    await eventually(() => (scheduling.held.some((h) => h.seeker === HANAKO) ? true : undefined), {
      what: "Hanako's request at scheduling",
    });
    scheduling.release(HANAKO);
    expect((await hanako).status).toBe(201);
    // Taro's five go through one after another: the next reaches scheduling only once the last is answered.
    for (let i = 0; i < 5; i++) {
      await eventually(() => (scheduling.held.some((h) => h.seeker === TARO) ? true : undefined), {
        what: `Taro's request ${i + 1} at scheduling`,
      });
      expect(scheduling.held.filter((h) => h.seeker === TARO)).toHaveLength(1);
      scheduling.release(TARO);
    }
    await Promise.all(burst);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    expect(scheduling.most.get(TARO)).toBe(1);
  });
});
