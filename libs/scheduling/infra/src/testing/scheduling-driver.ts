// Drives scheduling's handlers the way its controllers do (time stamped at entry from a
// clock), with eligibility answering "eligible": for tests about scheduling alone.
import type { EventStore } from '@soudan/event-store';
import {
  createScheduling,
  UnguessableRoomProvider,
  VaultPersonalTexts,
  type EligibilityPort,
  type PersonalTexts,
  type SchedulingOptions,
  type SchedulingSettings,
  type TimerCommand,
} from '@soudan/scheduling-application';
import type { RequestReservationPayload } from '@soudan/scheduling-contracts';
import { InMemorySeekerKeyStore } from '@soudan/seeker-keys';
import type { Clock } from '@soudan/time';

const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7);

export const alwaysEligible: EligibilityPort = {
  check: async (r) => ({ eligible: true, seekerId: `seeker-${r.jobSeekerNumber}` }),
};

type Ctx = { correlationId: string; actor: string };

export function schedulingDriver(
  store: EventStore,
  clock: Clock,
  settings: SchedulingSettings,
  options: SchedulingOptions & { eligibility?: EligibilityPort; texts?: PersonalTexts } = {},
) {
  const scheduling = createScheduling(
    store,
    settings,
    options.eligibility ?? alwaysEligible,
    new UnguessableRoomProvider('https://meet.example/room'),
    options.texts ?? new VaultPersonalTexts(new InMemorySeekerKeyStore(), TEST_ENCRYPTION_KEY),
    options,
  );
  const stamp = (ctx: Ctx) => ({ ...ctx, now: clock.now().toISOString() });
  return {
    scheduling,
    request: (payload: RequestReservationPayload, ctx: Ctx) => scheduling.request(payload, stamp(ctx)),
    offer: (id: string, slots: string[], termsVersion: string, ctx: Ctx) =>
      scheduling.offer({ reservationId: id, slots, termsVersion }, stamp(ctx)),
    consent: (id: string, slot: string, termsVersion: string, channel: 'web' | 'email', ctx: Ctx) =>
      scheduling.consent({ reservationId: id, slot, termsVersion, channel }, stamp(ctx)),
    cancelBySeeker: (id: string, ctx: Ctx) => scheduling.cancel({ reservationId: id, by: 'seeker' }, stamp(ctx)),
    cancelByStaff: (id: string, ctx: Ctx) =>
      scheduling.cancel({ reservationId: id, by: 'staff', channel: 'phone' }, stamp(ctx)),
    checkIn: (id: string, ctx: Ctx) => scheduling.step(id, 'CheckIn', { by: ctx.actor }, stamp(ctx)),
    complete: (id: string, ctx: Ctx) => scheduling.step(id, 'Complete', { by: ctx.actor }, stamp(ctx)),
    followUp: (id: string, slot: string, ctx: Ctx, overrideReason?: string) =>
      scheduling.followUp({ reservationId: id, slot, termsVersion: 'v1', overrideReason }, stamp(ctx)),
    fire: (id: string, type: TimerCommand, ctx: Ctx) => scheduling.fire(id, type, stamp(ctx)),
    get: (id: string) => scheduling.get(id),
  };
}

export type SchedulingDriver = ReturnType<typeof schedulingDriver>;
