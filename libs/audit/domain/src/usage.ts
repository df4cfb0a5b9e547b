// R50, R51 (Art. 7(1)): the usage record for statistics: how each day and slot of a
// month was used, as counts only. It keeps a few facts per reservation (which slots,
// what happened) and counts when asked, so facts arriving in any order or twice
// (redelivery) count once, where they belong.
import type { DayCounts, DayUsage, SlotCounts, SlotUsage, UsageReport } from '@soudan/audit-contracts';
import { jstDateOfMs, jstTimeOfMs } from '@soudan/time';
import { DomainError } from './domain-error';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM`, or VALIDATION_FAILED naming the field. */
export function parseMonth(raw: unknown): string {
  if (typeof raw !== 'string' || !MONTH.test(raw)) {
    throw new DomainError('VALIDATION_FAILED', 'month must be YYYY-MM (e.g. 2026-12)', {
      fields: { month: ['month must be YYYY-MM with a month 01-12, e.g. 2026-12'] },
    });
  }
  return raw;
}

interface ReservationFacts {
  requestedDay?: string;
  desired: Set<string>;
  offered: Set<string>;
  /** The booked slot (instant, ms) once confirmed. */
  slot?: number;
  followUp: boolean;
  joined: boolean;
  checkedIn: boolean;
  completed: boolean;
  noShow: boolean;
  terminated: boolean;
  cancelled?: { slot?: number; day: string };
  lapsedDay?: string;
  rejectedDay?: string;
  /** R74: the reservation's office, as its request (or follow-up) names it. */
  office?: string;
}

export interface UsageFact {
  context: string;
  type: string;
  /** The record's time, used when the event names none of its own. */
  at: string;
  data: unknown;
}

const instant = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};
const dayOf = (value: unknown, fallback: string): string | undefined => {
  const ms = instant(value) ?? instant(fallback);
  return ms === undefined ? undefined : jstDateOfMs(ms);
};
// Stryker disable next-line ArrayDeclaration: an element put in its place is no instant either, so it counts nothing
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const emptySlot = (): SlotCounts => ({
  desired: 0,
  offered: 0,
  confirmed: 0,
  followUps: 0,
  joined: 0,
  checkedIn: 0,
  completed: 0,
  noShows: 0,
  cancelled: 0,
  terminated: 0,
});
/** Orders the entries of a map by key (date or start time). */
// Stryker disable next-line EqualityOperator: the keys of a map are never equal
const byKey = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : 1);
const emptyDay = (): DayCounts => ({ requests: 0, lapsed: 0, rejected: 0, withdrawn: 0 });

export class UsageTally {
  private readonly reservations = new Map<string, ReservationFacts>();
  /** R74: each seeker's office, as their latest request named it. */
  private readonly seekerOffices = new Map<string, string>();

  /** Takes any audited event; only scheduling's reservation facts count. */
  apply(fact: UsageFact): void {
    if (fact.context !== 'scheduling') return;
    const data = (fact.data && typeof fact.data === 'object' ? fact.data : {}) as Record<string, unknown>;
    const id = data.reservationId;
    if (typeof id !== 'string') return;
    const facts = this.facts(id);
    switch (fact.type) {
      case 'ReservationRequested':
        if (typeof data.officeCode === 'string') {
          facts.office = data.officeCode;
          // Stryker disable next-line ConditionalExpression: officeOfSeeker never asks with a key that is no string
          if (typeof data.seekerId === 'string') this.seekerOffices.set(data.seekerId, data.officeCode);
        }
        facts.requestedDay = dayOf(data.requestedAt, fact.at);
        for (const slot of list(data.desiredSlots)) {
          const ms = instant(slot);
          if (ms !== undefined) facts.desired.add(ms.toString());
        }
        return;
      case 'FollowUpReservationCreated':
        if (typeof data.officeCode === 'string') facts.office = data.officeCode;
        facts.followUp = true;
        return;
      case 'ReservationOffered':
        for (const offered of list(data.slots)) {
          const ms = instant((offered as { start?: unknown })?.start);
          if (ms !== undefined) facts.offered.add(ms.toString());
        }
        return;
      case 'ReservationConfirmed':
        facts.slot = instant(data.slot) ?? facts.slot;
        return;
      case 'SeekerJoined':
        facts.joined = true;
        return;
      case 'SessionCheckedIn':
        facts.checkedIn = true;
        return;
      case 'SessionCompleted':
        facts.completed = true;
        return;
      case 'SessionNoShow':
        facts.noShow = true;
        facts.slot ??= instant(data.slot);
        return;
      case 'SessionTerminated':
        facts.terminated = true;
        facts.slot ??= instant(data.slot);
        return;
      case 'ReservationCancelled': {
        const day = dayOf(data.cancelledAt, fact.at);
        if (day) facts.cancelled = { slot: instant(data.slot), day };
        return;
      }
      case 'ReservationLapsed':
        facts.lapsedDay = dayOf(data.lapsedAt, fact.at);
        return;
      case 'ReservationRejected':
        facts.rejectedDay = dayOf(data.rejectedAt, fact.at);
        return;
    }
  }

  /**
   * R74: one month of the offices asked for (every office without `offices`, or with '*'
   * among them). A reservation whose events name no office counts as `home`'s, the office
   * a one-office history was kept for.
   */
  report(month: string, offices?: readonly string[], home?: string): UsageReport {
    parseMonth(month);
    const everyOffice = offices === undefined || offices.includes('*');
    const counted = (facts: ReservationFacts) => {
      if (everyOffice) return true;
      const office = facts.office ?? home;
      // Stryker disable next-line ConditionalExpression: offices never include undefined (the test narrows)
      return office !== undefined && offices.includes(office);
    };
    const days = new Map<string, { counts: DayCounts; slots: Map<string, SlotCounts> }>();
    const inMonth = (date: string | undefined): date is string => date !== undefined && date.startsWith(`${month}-`);
    const day = (date: string) => {
      let entry = days.get(date);
      if (!entry) days.set(date, (entry = { counts: emptyDay(), slots: new Map() }));
      return entry;
    };
    const slot = (ms: number | undefined): SlotCounts | undefined => {
      if (ms === undefined) return undefined;
      const date = jstDateOfMs(ms);
      if (!inMonth(date)) return undefined;
      const slots = day(date).slots;
      const start = jstTimeOfMs(ms);
      let counts = slots.get(start);
      if (!counts) slots.set(start, (counts = emptySlot()));
      return counts;
    };

    for (const facts of this.reservations.values()) {
      if (!counted(facts)) continue;
      if (inMonth(facts.requestedDay)) day(facts.requestedDay).counts.requests += 1;
      if (inMonth(facts.lapsedDay)) day(facts.lapsedDay).counts.lapsed += 1;
      if (inMonth(facts.rejectedDay)) day(facts.rejectedDay).counts.rejected += 1;
      for (const desired of facts.desired) {
        const counts = slot(Number(desired));
        if (counts) counts.desired += 1;
      }
      for (const offered of facts.offered) {
        const counts = slot(Number(offered));
        if (counts) counts.offered += 1;
      }
      const booked = slot(facts.slot);
      if (booked) {
        booked.confirmed += 1;
        if (facts.followUp) booked.followUps += 1;
        if (facts.joined) booked.joined += 1;
        if (facts.checkedIn) booked.checkedIn += 1;
        if (facts.completed) booked.completed += 1;
        if (facts.noShow) booked.noShows += 1;
        if (facts.terminated) booked.terminated += 1;
      }
      if (facts.cancelled) {
        const cancelledSlot = facts.cancelled.slot ?? facts.slot;
        if (cancelledSlot !== undefined) {
          const counts = slot(cancelledSlot);
          if (counts) counts.cancelled += 1;
        } else if (inMonth(facts.cancelled.day)) {
          day(facts.cancelled.day).counts.withdrawn += 1;
        }
      }
    }

    const totals = { ...emptyDay(), ...emptySlot() };
    const out: DayUsage[] = [...days.entries()].sort(byKey).map(([date, { counts, slots }]) => {
      for (const key of Object.keys(counts) as Array<keyof DayCounts>) totals[key] += counts[key];
      const slotList: SlotUsage[] = [...slots.entries()].sort(byKey).map(([start, c]) => {
        for (const key of Object.keys(c) as Array<keyof SlotCounts>) totals[key] += c[key];
        return { start, ...c };
      });
      return { date, ...counts, slots: slotList };
    });
    return { month, timeZone: 'Asia/Tokyo', offices: everyOffice ? ['*'] : [...offices].sort(), days: out, totals };
  }

  /** R74: the office of a reservation, as its request named it (undefined when unknown). */
  officeOf(reservationId: string): string | undefined {
    return this.reservations.get(reservationId)?.office;
  }

  /** R74: a seeker's office, as their latest request named it (undefined when unknown). */
  officeOfSeeker(seekerId: string): string | undefined {
    return this.seekerOffices.get(seekerId);
  }

  private facts(id: string): ReservationFacts {
    let facts = this.reservations.get(id);
    if (!facts) {
      facts = {
        desired: new Set(),
        offered: new Set(),
        followUp: false,
        joined: false,
        checkedIn: false,
        completed: false,
        noShow: false,
        terminated: false,
      };
      this.reservations.set(id, facts);
    }
    return facts;
  }
}
