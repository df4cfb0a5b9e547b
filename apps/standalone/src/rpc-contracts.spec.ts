// Every context's request-reply API is typed in its contracts: the compiler ties callers
// and handlers to one declaration per pattern (the @ts-expect-error lines fail typecheck
// if a wrong payload or answer ever compiles), and no handler in the code base listens on
// a pattern that no contract declares.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AuditApi, AuditPatterns, type DisclosureView } from '@soudan/audit-contracts';
import { EligibilityApi, EligibilityPatterns, type GetContactResult } from '@soudan/eligibility-contracts';
import { GatewayApi, GatewayPatterns } from '@soudan/gateway-contracts';
import { healthContract, requestTyped, RpcHandler } from '@soudan/messaging';
import { NotificationApi, NotificationPatterns } from '@soudan/notification-contracts';
import { SchedulingApi, SchedulingPatterns, type ReservationView } from '@soudan/scheduling-contracts';

type AnyContract = { readonly pattern: string };

const ROOT = join(import.meta.dirname, '..', '..', '..');

const APIS = {
  scheduling: [SchedulingApi, SchedulingPatterns],
  eligibility: [EligibilityApi, EligibilityPatterns],
  notification: [NotificationApi, NotificationPatterns],
  audit: [AuditApi, AuditPatterns],
  gateway: [GatewayApi, GatewayPatterns],
} as const satisfies Record<string, readonly [Record<string, AnyContract>, Record<string, string>]>;

const contracted = new Map<string, string>();
for (const [context, [api]] of Object.entries(APIS))
  for (const [key, contract] of Object.entries(api)) contracted.set(contract.pattern, `${context}.${key}`);

/** Source files that are not tests: where the services' handlers live. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Untyped handlers that are not part of the system: the transport's own contract suite
 * (generic `contract.*` patterns) and the eligibility bench's echo baseline.
 */
const UNTYPED_ALLOWED = new Set([
  'libs/shared/messaging/src/contract/rpc.contract.ts',
  'libs/shared/messaging/src/rpc/typed-rpc.ts',
  'libs/eligibility/bench/eligibility.bench.ts',
]);

describe('typed RPC contracts of every context', () => {
  const client = {
    request: async <T>(pattern: string) => ({ pattern }) as T,
  };

  it('declares every pattern a context lists with its request and response, each pattern once', () => {
    for (const [context, [api, patterns]] of Object.entries(APIS)) {
      const typed = new Set(Object.values(api).map((c: AnyContract) => c.pattern));
      expect({ context, untyped: Object.values(patterns).filter((p) => !typed.has(p)) }).toEqual({
        context,
        untyped: [],
      });
      for (const pattern of typed) expect(pattern.startsWith(`${context}.`)).toBe(true);
    }
    const all = Object.values(APIS).flatMap(([api]) => Object.values(api).map((c: AnyContract) => c.pattern));
    expect(new Set(all).size).toBe(all.length);
  });

  it('every @MessagePattern in the code base is a contract’s: handlers use @RpcHandler(<Context>Api.<name>)', () => {
    const untyped: string[] = [];
    const unknown: string[] = [];
    for (const file of [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]) {
      const path = relative(ROOT, file);
      const text = readFileSync(file, 'utf8');
      if (!UNTYPED_ALLOWED.has(path))
        for (const m of text.matchAll(/@MessagePattern\(([^)]*)\)/g)) untyped.push(`${path}: ${m[1]}`);
      for (const m of text.matchAll(/@RpcHandler\((\w+)Api\.(\w+)\)/g)) {
        const api = APIS[m[1].toLowerCase() as keyof typeof APIS]?.[0] as Record<string, AnyContract> | undefined;
        const contract = api?.[m[2]];
        if (!contract || !contracted.has(contract.pattern)) unknown.push(`${path}: ${m[1]}Api.${m[2]}`);
      }
    }
    expect(untyped).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it('health is every service’s, on the pattern its contracts name', () => {
    expect(healthContract('eligibility').pattern).toBe(EligibilityApi.health.pattern);
    expect(healthContract('scheduling').pattern).toBe(SchedulingApi.health.pattern);
    expect(healthContract('notification').pattern).toBe(NotificationApi.health.pattern);
    expect(healthContract('audit').pattern).toBe(AuditApi.health.pattern);
  });

  it('sends a contract’s pattern; a payload that is not its request does not compile', async () => {
    expect(
      await requestTyped(client, SchedulingApi.offer, { reservationId: 'r', slots: [], actor: 'staff:a' }),
    ).toEqual({ pattern: 'scheduling.staff.offer' });
    const contact: GetContactResult = await requestTyped(client, EligibilityApi.getContact, { seekerId: 's' });
    expect(contact).toEqual({ pattern: 'eligibility.contact.get' });

    // @ts-expect-error scheduling: an offer names its slots
    await requestTyped(client, SchedulingApi.offer, { reservationId: 'r', actor: 'staff:a' });
    // @ts-expect-error scheduling: a reservation view is not a list of reservations
    const mine: ReservationView = await requestTyped(client, SchedulingApi.listMyReservations, { actor: 'seeker:s' });
    // @ts-expect-error eligibility: the check needs devices, environment, reason and time
    await requestTyped(client, EligibilityApi.check, { jobSeekerNumber: '12345-12345678' });
    // @ts-expect-error eligibility: contact data is asked for by the pseudonymous seeker id, not a number
    await requestTyped(client, EligibilityApi.getContact, { jobSeekerNumber: '12345-12345678' });
    // @ts-expect-error notification: a sign-in link has a link and an expiry
    await requestTyped(client, NotificationApi.sendSignInLink, { email: 'a@example.jp', language: 'ja' });
    // @ts-expect-error notification: resolving an alert needs the actor
    await requestTyped(client, NotificationApi.resolveAlert, { alertId: 'mail-1' });
    // @ts-expect-error audit: a disclosure's answer is a view, not a page of events
    const page: { events: unknown[] } = await requestTyped(client, AuditApi.getDisclosure, { disclosureId: 'd' });
    // @ts-expect-error gateway: the values to open are a list
    await requestTyped(client, GatewayApi.unsealDeviceData, { disclosureId: 'd', sealed: 'x' });
    expect([mine, page]).toHaveLength(2);
  });

  it('a handler that answers other than its contract does not compile', () => {
    class Handlers {
      @RpcHandler(EligibilityApi.getContact)
      contact(_request: { seekerId: string }): GetContactResult {
        return { erased: true };
      }

      // @ts-expect-error eligibility: getContact answers a contact or `erased`, not a bare name
      @RpcHandler(EligibilityApi.getContact)
      wrongContact(_request: { seekerId: string }) {
        return { name: '山田' };
      }

      // @ts-expect-error notification: the sign-in link handler takes the link request, not a number
      @RpcHandler(NotificationApi.sendSignInLink)
      wrongRequest(_request: number) {
        return { sent: true as const };
      }

      // @ts-expect-error audit: approving answers the disclosure's view
      @RpcHandler(AuditApi.approveDisclosure)
      wrongApproval(_request: { disclosureId: string; actor: string }): { approved: boolean } {
        return { approved: true };
      }

      @RpcHandler(AuditApi.getDisclosure)
      disclosure(_request: { disclosureId: string; actor: string }): DisclosureView {
        return {} as DisclosureView;
      }

      // @ts-expect-error gateway: unsealing answers one entry per value, under `devices`
      @RpcHandler(GatewayApi.unsealDeviceData)
      wrongUnseal(_request: { disclosureId: string; sealed: unknown[] }) {
        return [{ erased: true }];
      }
    }
    expect(new Handlers().contact({ seekerId: 's' })).toEqual({ erased: true });
  });
});
