import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventStore } from '@soudan/event-store';
import { correlationIdFrom, RpcHandler } from '@soudan/messaging';
import { CLOCK, EVENT_STORE, handleCommand, meetingAppOf } from '@soudan/platform';
import { SchedulingApi, type CurrentTerms } from '@soudan/scheduling-contracts';
import { capacityDecider, DomainError, readTerms, termsDecider, termsInForce } from '@soudan/scheduling-domain';
import { capacityStream } from '@soudan/scheduling-application';
import type { Clock } from '@soudan/time';
import { SchedulingProjection } from './scheduling.projection';
import { SchedulingOffices } from './offices';
import { nationalTerms } from './terms';
import { APPEND_TRACKER, type AppendTracker } from './tokens';

export const termsStream = (office: string) => `terms-${office}`;

@Controller()
export class TermsAndCapacityRpcController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SchedulingOffices) private readonly offices: SchedulingOffices,
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(APPEND_TRACKER) private readonly appends: AppendTracker,
  ) {}

  /** R71-R73: the office a request names (the configured one when it names none), if served here. */
  private office(officeCode: string | undefined) {
    const code = officeCode ?? this.offices.homeCode;
    const settings = this.offices.settings(code);
    if (!settings)
      throw new DomainError('OFFICE_NOT_SERVED', `office ${code} does not take online consultations here`, {
        officeCode: code,
      });
    return { code, settings, registered: this.offices.office(code) };
  }

  private async settle() {
    if (this.appends.lastPosition !== undefined) await this.projection.caughtUp(this.appends.lastPosition);
  }

  /** R30/R31, R73: the national template, as the office adopts it, counts as published, so a new one is a change. */
  private async termsState(officeCode: string, officeName: string | undefined) {
    const loaded = await this.store.readStream(termsStream(officeCode));
    const template = nationalTerms(officeName);
    const seeded = termsDecider.evolve(termsDecider.initialState(), {
      type: 'TermsPublished',
      data: { ...template, publishedAt: template.effectiveFrom, by: 'system' },
    });
    return loaded.reduce((s, e) => termsDecider.evolve(s, { type: e.type, data: e.data } as never), seeded);
  }

  @RpcHandler(SchedulingApi.publishTerms)
  async publish(
    @Payload()
    p: {
      actor: string;
      version: string;
      effectiveFrom: string;
      body: string;
      changeSummary: string;
      officeCode?: string;
    },
    @Ctx() ctx: unknown,
  ) {
    const office = this.office(p.officeCode);
    const state = await this.termsState(office.code, office.registered?.name);
    const events = termsDecider.decide(
      {
        type: 'PublishTerms',
        data: {
          version: p.version,
          effectiveFrom: p.effectiveFrom,
          body: p.body,
          changeSummary: p.changeSummary,
          by: p.actor,
        },
        metadata: { now: this.clock.now().toISOString() },
      },
      state,
    );
    const existing = await this.store.readStream(termsStream(office.code));
    const result = await this.store.append(
      termsStream(office.code),
      events.map((e) => ({
        eventId: `terms-${office.code}-${p.version}:${e.type}`,
        type: e.type,
        data: e.data,
        metadata: { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: p.actor, schemaVersion: 1 },
      })),
      existing.length > 0 ? existing.at(-1)!.revision : 'no_stream',
    );
    this.appends.lastPosition = result.position;
    await this.settle();
    const published = events[0].data as { version: string; effectiveFrom: string };
    return { version: published.version, effectiveFrom: published.effectiveFrom };
  }

  @RpcHandler(SchedulingApi.currentTerms)
  async current(@Payload() p?: { officeCode?: string }): Promise<CurrentTerms> {
    const office = this.office(p?.officeCode);
    const state = await this.termsState(office.code, office.registered?.name);
    const now = this.clock.now().toISOString();
    const inForce = termsInForce(state, now) ?? nationalTerms(office.registered?.name);
    const upcoming = state.versions
      .filter((v) => v.effectiveFrom > now)
      .map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, changeSummary: v.changeSummary }));
    const readable = readTerms(inForce.body);
    return {
      version: inForce.version,
      effectiveFrom: inForce.effectiveFrom,
      body: inForce.body,
      text: inForce.body,
      title: readable.title,
      preamble: readable.preamble,
      articles: readable.articles,
      meetingApp: meetingAppOf({
        meetingBaseUrl: office.settings.meetingBaseUrl ?? office.registered?.meetingBaseUrl ?? 'https://meet.invalid',
        meetingApp: office.registered?.meetingApp,
      }),
      changeSummary: inForce.changeSummary,
      upcoming,
    };
  }

  @RpcHandler(SchedulingApi.setCapacity)
  async setCapacity(
    @Payload()
    p: { actor: string; weekday?: number; date?: string; slots: Record<string, number>; officeCode?: string },
    @Ctx() ctx: unknown,
  ) {
    const office = this.office(p.officeCode);
    const validTimes = office.settings.calendar.slotTimes();
    const scope = p.date ? { date: p.date } : { weekday: p.weekday! };
    await handleCommand(
      this.store,
      capacityStream(office.code),
      capacityDecider,
      {
        type: 'SetCapacity',
        data: { scope, slots: p.slots, by: p.actor, validTimes },
        metadata: { now: this.clock.now().toISOString() },
      },
      { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: p.actor },
    );
    const [last] = await this.store
      .readStream(capacityStream(office.code), { fromRevision: 0 })
      .then((all) => all.slice(-1));
    if (last) this.appends.lastPosition = last.position;
    await this.settle();
    return { scope, slots: p.slots };
  }
}
