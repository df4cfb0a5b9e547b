// One slot's places (R4): holds for offers (R12), bookings for confirmed sessions (R13, R16).
import { deciderSpec } from '@soudan/testing/decider';
import { DomainError } from './domain-error';
import { slotDecider, taken, type SlotCommand, type SlotEvent } from './slot';

const SLOT = '2026-12-02T01:00:00.000Z';
const DEADLINE = '2026-12-01T14:59:59.999Z'; // R6 for the slot
const NOW = '2026-11-25T01:00:00.000Z';
const given = deciderSpec(slotDecider);
const meta = (now = NOW) => ({ metadata: { now } });

const hold = (reservationId: string, capacity = 1, now = NOW): SlotCommand => ({
  type: 'Hold',
  data: { slot: SLOT, reservationId, until: DEADLINE, capacity },
  ...meta(now),
});
const book = (reservationId: string, capacity = 1, requireHold = true, now = NOW): SlotCommand => ({
  type: 'Book',
  data: { slot: SLOT, reservationId, capacity, requireHold },
  ...meta(now),
});
const held = (reservationId: string): SlotEvent => ({
  type: 'SlotHeld',
  data: { slot: SLOT, reservationId, until: DEADLINE, at: NOW },
});
const booked = (reservationId: string): SlotEvent => ({
  type: 'SlotBooked',
  data: { slot: SLOT, reservationId, at: NOW },
});
const state = (events: SlotEvent[]) => events.reduce(slotDecider.evolve, slotDecider.initialState());
const refusal = (events: SlotEvent[], command: SlotCommand) => {
  try {
    slotDecider.decide(command, state(events));
  } catch (error) {
    const { code, details } = error as DomainError;
    return { code, details };
  }
  throw new Error('not refused');
};

describe('slot places (R4)', () => {
  it('R4: a hold takes a place until its deadline instant, and no longer', () => {
    expect(taken(state([held('r1')]), DEADLINE)).toBe(1);
    expect(taken(state([held('r1')]), '2026-12-01T15:00:00.000Z')).toBe(0);
    expect(taken(state([held('r1'), booked('r2')]), '2026-12-01T15:00:00.000Z')).toBe(1);
  });

  it('R4/R12: a hold is refused when bookings and live holds fill the capacity; an expired hold frees its place', () => {
    given([held('r1')])
      .when(hold('r2'))
      .thenThrows('SLOT_FULL');
    given([booked('r1')])
      .when(hold('r2', 2))
      .thenEmits('SlotHeld');
    given([held('r1')])
      .when(hold('r2', 1, '2026-12-01T15:00:00.000Z'))
      .thenExactly([
        {
          type: 'SlotHeld',
          data: { slot: SLOT, reservationId: 'r2', until: DEADLINE, at: '2026-12-01T15:00:00.000Z' },
        },
      ]);
  });

  it('R4: holding again for the same reservation, or after its booking, changes nothing', () => {
    given([held('r1')])
      .when(hold('r1'))
      .thenNothing();
    given([booked('r1')])
      .when(hold('r1'))
      .thenNothing();
  });

  it("R13: a booking turns the reservation's live hold into a booking, even when the slot is otherwise full", () => {
    given([held('r1')])
      .when(book('r1', 1, true, DEADLINE))
      .thenExactly([{ type: 'SlotBooked', data: { slot: SLOT, reservationId: 'r1', at: DEADLINE } }]);
    const after = state([held('r1'), booked('r1')]);
    expect({ holds: after.holds.size, bookings: [...after.bookings] }).toEqual({ holds: 0, bookings: ['r1'] });
  });

  it('R13: a consent for a hold that has expired, or was never made, is refused as not held', () => {
    given([held('r1')])
      .when(book('r1', 5, true, '2026-12-01T15:00:00.000Z'))
      .thenThrows('SLOT_NOT_HELD');
    given([])
      .when(book('r1', 5, true))
      .thenThrows('SLOT_NOT_HELD');
  });

  it('R16: a follow-up books without a hold while a place is free, and is refused when none is', () => {
    given([])
      .when(book('r1', 1, false))
      .thenEmits('SlotBooked');
    given([booked('r2')])
      .when(book('r1', 1, false))
      .thenThrows('SLOT_FULL');
    given([held('r2')])
      .when(book('r1', 2, false))
      .thenExactly([{ type: 'SlotBooked', data: { slot: SLOT, reservationId: 'r1', at: NOW } }]);
  });

  it('R4/R13/R16: a refusal names the slot it was for', () => {
    expect(refusal([held('r1')], hold('r2'))).toEqual({ code: 'SLOT_FULL', details: { slot: SLOT } });
    expect(refusal([], book('r1', 5, true))).toEqual({ code: 'SLOT_NOT_HELD', details: { slot: SLOT } });
    expect(refusal([booked('r2')], book('r1', 1, false))).toEqual({ code: 'SLOT_FULL', details: { slot: SLOT } });
  });

  it('R4: booking twice for the same reservation changes nothing', () => {
    given([booked('r1')])
      .when(book('r1'))
      .thenNothing();
  });

  it('R14/R17: releasing a hold or a booking frees its place; releasing what is not there changes nothing', () => {
    const release = (type: 'ReleaseHold' | 'Release', reservationId: string): SlotCommand => ({
      type,
      data: { slot: SLOT, reservationId },
      ...meta(),
    });
    given([held('r1')])
      .when(release('ReleaseHold', 'r1'))
      .thenExactly([{ type: 'SlotHoldReleased', data: { slot: SLOT, reservationId: 'r1', at: NOW } }]);
    given([booked('r1')])
      .when(release('ReleaseHold', 'r1'))
      .thenNothing();
    given([booked('r1')])
      .when(release('Release', 'r1'))
      .thenExactly([{ type: 'SlotReleased', data: { slot: SLOT, reservationId: 'r1', at: NOW } }]);
    given([held('r1')])
      .when(release('Release', 'r1'))
      .thenNothing();
    const freed = state([
      held('r1'),
      booked('r2'),
      { type: 'SlotHoldReleased', data: { slot: SLOT, reservationId: 'r1', at: NOW } },
      { type: 'SlotReleased', data: { slot: SLOT, reservationId: 'r2', at: NOW } },
    ]);
    expect(taken(freed, NOW)).toBe(0);
  });
});
