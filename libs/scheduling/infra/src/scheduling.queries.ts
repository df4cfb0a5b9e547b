// Scheduling's read-model queries (lists, the day's schedule, alerts, availability):
// answered from the projection, never from the write side; controllers only translate.
import type {
  CapacityView,
  OpenReservation,
  OverdueAlert,
  Availability,
  DayAvailability,
  ScheduleEntry,
  SeekerReservationView,
  SlotAvailability,
  SlotRefusalCode,
  StaffReservationView,
} from '@soudan/scheduling-contracts';
import { slotKey, toSeekerView, toView, type PersonalTexts } from '@soudan/scheduling-application';
import {
  capacityOf,
  closedBecause,
  DomainError,
  isBooked,
  LEAD_BUSINESS_DAYS,
  leadTimeMet,
  normalizeNumber,
  taken,
  type Reservation,
} from '@soudan/scheduling-domain';
import { jstDateOf, type BusinessCalendar, type Clock } from '@soudan/time';
import type { SchedulingOffices } from './offices';
import type { SchedulingProjection } from './scheduling.projection';

/**
 * R72: the offices a staff member's list may show; undefined (a service asking) or a
 * '*' among them (a national role) shows every office.
 */
export type OfficeScope = readonly string[] | undefined;

const inScope = (scope: OfficeScope, officeCode: string) =>
  scope === undefined || scope.includes('*') || scope.includes(officeCode);

export class SchedulingQueries {
  constructor(
    private readonly projection: SchedulingProjection,
    private readonly clock: Clock,
    private readonly offices: SchedulingOffices,
    private readonly texts: PersonalTexts,
  ) {}

  /** R71: an office this deployment serves; OFFICE_NOT_SERVED otherwise. */
  private servedOffice(code: string) {
    const settings = this.offices.settings(code);
    if (!settings)
      throw new DomainError('OFFICE_NOT_SERVED', `office ${code} does not take online consultations here`, {
        officeCode: code,
      });
    return settings;
  }

  /**
   * R54: the model keeps the seeker's words sealed; a list opens them for those it shows,
   * with one key look-up for all. An erased seeker's words stay unread ('').
   */
  private async readable(reservations: Reservation[]): Promise<Reservation[]> {
    const sealed = reservations.flatMap((r) => (r.personal ? [{ r, sealed: r.personal }] : []));
    const texts = await this.texts.open(sealed.map(({ r, sealed }) => ({ seekerId: r.seekerId, sealed })));
    const opened = new Map(sealed.map(({ r }, i) => [r.reservationId, texts[i]]));
    return reservations.map((r) => {
      if (!opened.has(r.reservationId)) return r;
      const text = opened.get(r.reservationId);
      return {
        ...r,
        topic: text?.topic ?? '',
        ...(r.attendee ? { attendee: { kind: r.attendee.kind, note: text?.attendeeNote ?? '' } } : {}),
      };
    });
  }

  /** A seeker's own reservations, newest first. */
  async mine(seekerId: string): Promise<SeekerReservationView[]> {
    const ids = this.projection.bySeeker.get(seekerId) ?? new Set<string>();
    const reservations = [...ids]
      .flatMap((id) => this.projection.reservations.get(id) ?? [])
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    return (await this.readable(reservations)).map((r) => this.seekerView(r));
  }

  /** The seeker's view of a reservation (its texts already opened) at this moment. */
  seekerView(r: Reservation): SeekerReservationView {
    // R71: the phone number the seeker is told is their office's.
    const phone = this.offices.settings(r.officeCode)?.officePhone ?? '';
    return toSeekerView(r, this.clock.now().toISOString(), phone);
  }

  private staffView(r: Reservation): StaffReservationView {
    const now = this.clock.now().toISOString();
    return {
      ...toView(r),
      seekerId: r.seekerId,
      requestedAt: r.requestedAt,
      answerDueBy: r.answerDueBy ?? r.requestedAt,
      // R7: still waiting for an offer after the answer deadline.
      overdue: r.status === 'requested' && (r.overdue || (r.answerDueBy !== undefined && now > r.answerDueBy)),
      ...(r.attendee ? { attendee: { kind: r.attendee.kind, note: r.attendee.note ?? '' } } : {}),
    };
  }

  /**
   * R72: the reservations of the offices in scope. One office's come from its own index, so
   * its lists cost what it holds, not what all offices hold; several offices, or all, are
   * filtered from the whole model in the order it folded them.
   */
  private inOffices(scope: OfficeScope): Reservation[] {
    if (scope?.length === 1 && scope[0] !== '*')
      return [...(this.projection.byOffice.get(scope[0]) ?? [])].flatMap(
        (id) => this.projection.reservations.get(id) ?? [],
      );
    return [...this.projection.reservations.values()].filter((r) => inScope(scope, r.officeCode));
  }

  async staffReservations(p: {
    status?: string;
    date?: string;
    number?: string;
    offices?: OfficeScope;
  }): Promise<StaffReservationView[]> {
    // R17: a number read out on the phone, however it was typed; one that cannot be a number finds nothing.
    const number = p.number === undefined ? undefined : (normalizeNumber(p.number) ?? null);
    const listed = this.inOffices(p.offices)
      .filter((r) => number === undefined || r.number === number)
      .filter((r) => !p.status || r.status === p.status)
      .filter(
        (r) =>
          !p.date || (isBooked(r) ? jstDateOf(r.slot) === p.date : r.desiredSlots.some((s) => jstDateOf(s) === p.date)),
      )
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    return (await this.readable(listed)).map((r) => this.staffView(r));
  }

  async schedule(date: string, offices?: OfficeScope): Promise<ScheduleEntry[]> {
    const booked = this.inOffices(offices)
      .filter(isBooked)
      .filter((r) => jstDateOf(r.slot) === date)
      .sort((a, b) => a.slot.localeCompare(b.slot));
    return (await this.readable(booked)).filter(isBooked).map((r) => ({
      id: r.reservationId,
      ...(r.number ? { number: r.number } : {}),
      seekerId: r.seekerId,
      slot: r.slot,
      end: r.end,
      status: r.status,
      meetingUrl: r.meetingUrl,
      roomUrl: r.roomUrl,
      topic: r.topic,
      mayNeedCounter: r.mayNeedCounter,
      attendee: r.attendee ?? null,
    }));
  }

  alerts(offices?: OfficeScope): OverdueAlert[] {
    const overdue = this.inOffices(offices)
      .map((r) => this.staffView(r))
      .filter((r) => r.overdue);
    return overdue.map((r) => ({
      kind: 'overdue_request' as const,
      reservationId: r.id,
      seekerId: r.seekerId,
      answerDueBy: r.answerDueBy,
      requestedAt: r.requestedAt,
    }));
  }

  open(): OpenReservation[] {
    return [...this.projection.reservations.values()]
      .filter((r) => ['requested', 'offered', 'confirmed', 'invited'].includes(r.status))
      .map((r) => ({
        reservationId: r.reservationId,
        seekerId: r.seekerId,
        status: r.status,
        slot: isBooked(r) ? r.slot : null,
        officeCode: r.officeCode,
      }));
  }

  // ---- availability (R4) --------------------------------------------------------------

  /**
   * Answers by (range, the model's position, the minute). Exact, not merely recent: the
   * answer only changes with an event (the position) or when a slot begins or a hold's
   * R6 deadline passes, and both happen on minute boundaries (slots start at :00 and
   * :30, deadlines are 23:59:59.999 JST).
   */
  private readonly availabilityAnswers = new Map<string, Availability>();

  /** R71: one office's availability (the configured office's when none is named). */
  availability(p: { from: string; to: string; officeCode?: string }): Availability {
    const officeCode = p.officeCode ?? this.offices.homeCode;
    const settings = this.servedOffice(officeCode);
    const nowMs = this.clock.now().getTime();
    const key = `${officeCode}|${p.from}|${p.to}|${String(this.projection.position)}|${Math.floor(nowMs / 60_000)}`;
    const known = this.availabilityAnswers.get(key);
    if (known) return known;
    const answer = this.computeAvailability(officeCode, settings.calendar, p, new Date(nowMs).toISOString());
    if (this.availabilityAnswers.size >= 64)
      this.availabilityAnswers.delete(this.availabilityAnswers.keys().next().value!);
    this.availabilityAnswers.set(key, answer);
    return answer;
  }

  /**
   * R4: what an office has set of its capacity, as the model holds it: each weekday's
   * counts and the dates' overrides from today (Japan time) on (a past date's no longer
   * decides anything), with the default a slot nothing sets takes. The configured office's
   * when none is named; OFFICE_NOT_SERVED for one not served here.
   */
  capacity(office?: string): CapacityView {
    const officeCode = office ?? this.offices.homeCode;
    const settings = this.servedOffice(officeCode);
    const state = this.projection.capacities.get(officeCode);
    const today = jstDateOf(this.clock.now());
    const inOrder = <K extends string | number>(map: ReadonlyMap<K, Record<string, number>> | undefined) =>
      [...(map ?? new Map<K, Record<string, number>>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      office: officeCode,
      defaultCapacity: settings.defaultCapacity,
      slotTimes: [...settings.calendar.slotTimes()],
      weekdays: Object.fromEntries(inOrder(state?.weekdays).map(([weekday, slots]) => [String(weekday), slots])),
      dates: Object.fromEntries(inOrder(state?.dates).filter(([date]) => date >= today)),
    };
  }

  /** R4: free places in a slot of an office now (capacity less bookings and holds still in force). */
  remaining(officeCode: string, slot: string, now: string): number {
    const state = this.projection.slots.get(slotKey(officeCode, slot));
    const capacities = this.projection.capacities.get(officeCode);
    const defaultCapacity = this.offices.settings(officeCode)?.defaultCapacity ?? 1;
    const capacity = capacities ? capacityOf(capacities, slot, defaultCapacity) : defaultCapacity;
    return Math.max(0, capacity - (state ? taken(state, now) : 0));
  }

  /**
   * R2-R5 per slot and per day: what a request may ask for now, and otherwise the code
   * the request would be refused with. Slots that have begun are not listed (R4).
   */
  private computeAvailability(
    officeCode: string,
    calendar: BusinessCalendar,
    p: { from: string; to: string },
    now: string,
  ): Availability {
    const slots: SlotAvailability[] = [];
    const days: DayAvailability[] = [];
    let firstRequestableDate: string | null = null;
    const last = p.to;
    let day = p.from;
    for (let guard = 0; day <= last && guard < 400; guard += 1) {
      const closed = closedBecause(calendar, day);
      if (closed) {
        days.push({
          date: day,
          open: false,
          closedBecause: closed,
          requestable: false,
          reason: 'NOT_BUSINESS_DAY',
          free: 0,
          requestableSlots: 0,
        });
      } else {
        const leadTime = leadTimeMet(calendar, day, now);
        let free = 0;
        let requestableSlots = 0;
        let anyFuture = false;
        for (const slot of calendar.slotsOf(day)) {
          if (slot.start <= now) continue;
          anyFuture = true;
          const remaining = this.remaining(officeCode, slot.start, now);
          free += remaining;
          const reason: SlotRefusalCode | undefined = !leadTime
            ? 'LEAD_TIME'
            : remaining === 0
              ? 'SLOT_FULL'
              : undefined;
          if (!reason) requestableSlots += 1;
          slots.push({
            start: slot.start,
            end: slot.end,
            remaining,
            requestable: !reason,
            ...(reason ? { reason } : {}),
          });
        }
        const reason: SlotRefusalCode | undefined = !anyFuture
          ? 'SLOT_IN_PAST'
          : !leadTime
            ? 'LEAD_TIME'
            : requestableSlots === 0
              ? 'SLOT_FULL'
              : undefined;
        if (!reason && firstRequestableDate === null) firstRequestableDate = day;
        days.push({
          date: day,
          open: true,
          requestable: !reason,
          ...(reason ? { reason } : {}),
          free,
          requestableSlots,
        });
      }
      day = nextDate(day);
    }
    return { slots, days, firstRequestableDate, earliestDate: earliestRequestableDate(calendar, now) };
  }
}

/** R5: the first business day a request made at `now` may ask for. */
function earliestRequestableDate(calendar: BusinessCalendar, now: string): string {
  let date = calendar.addBusinessDays(jstDateOf(now), LEAD_BUSINESS_DAYS);
  for (let guard = 0; !leadTimeMet(calendar, date, now) && guard < 30; guard += 1)
    date = calendar.addBusinessDays(date, 1);
  return date;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
