import { deciderSpec } from '@soudan/testing/decider';
import { BusinessCalendar } from '@soudan/time';
import { evolve, initialState, type ReservationEvent } from './reservation';
import { reservationDecider } from './reservation.decider';
import { upcastReservationEvent } from './upcast';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

// A confirmation as histories written before ConsentReceived hold it (schemaVersion 1).
const v1Confirmed = {
  type: 'ReservationConfirmed',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    slot: '2026-12-02T01:00:00.000Z',
    end: '2026-12-02T01:30:00.000Z',
    termsVersion: 'v1',
    channel: 'email',
    consentAt: '2026-11-26T03:00:00.000Z',
    meetingUrl: 'http://localhost:3000/join/tok',
    joinToken: 'tok',
    roomUrl: 'https://meet.example/room/abc',
  },
};

describe('upcaster: confirmations written before consent was its own event', () => {
  it('R13: reads an old confirmation as the consent it held, then the confirmation naming it', () => {
    const [consent, confirmed] = upcastReservationEvent(v1Confirmed);
    expect(consent).toEqual({
      type: 'ConsentReceived',
      data: {
        reservationId: 'r-1',
        seekerId: 'seeker-a',
        slot: '2026-12-02T01:00:00.000Z',
        termsVersion: 'v1',
        channel: 'email',
        at: '2026-11-26T03:00:00.000Z',
      },
    });
    expect(confirmed.data).toMatchObject({
      consent: { reservationId: 'r-1', termsVersion: 'v1', channel: 'email', at: '2026-11-26T03:00:00.000Z' },
    });
  });

  it('R16: an old follow-up confirmation names no consent (it did not record one), and today’s events pass as they are', () => {
    const followUp = { ...v1Confirmed, data: { ...v1Confirmed.data, channel: 'follow-up' } };
    expect(upcastReservationEvent(followUp)).toEqual([
      { type: 'ReservationConfirmed', data: { ...followUp.data, consent: null } },
    ]);
    const today = { type: 'ReservationConfirmed', data: { ...v1Confirmed.data, consent: null } };
    expect(upcastReservationEvent(today)).toEqual([today]);
    const other = { type: 'ReservationLapsed', data: { reservationId: 'r-1', seekerId: 's', lapsedAt: 'x' } };
    expect(upcastReservationEvent(other)).toEqual([other]);
  });

  it('R13: an old history, upcast, folds into a confirmed reservation whose consent is on record, and a retried consent is recognised', () => {
    const decider = reservationDecider(new BusinessCalendar());
    const history: ReservationEvent[] = [
      {
        type: 'ReservationRequested',
        data: {
          reservationId: 'r-1',
          officeCode: '16070',
          seekerId: 'seeker-a',
          desiredSlots: ['2026-12-02T01:00:00.000Z'],
          topic: 't',
          onlineReason: 'o',
          ...readySeeker(),
          checklistVersion: 'art5-2023-04',
          mayNeedCounter: false,
          language: 'ja',
          requestedAt: '2026-11-25T01:00:00.000Z',
          answerDueBy: '2026-11-30T14:59:59.999Z',
        },
      },
      {
        type: 'ReservationOffered',
        data: {
          reservationId: 'r-1',
          seekerId: 'seeker-a',
          slots: [{ start: '2026-12-02T01:00:00.000Z', deadline: '2026-12-01T14:59:59.999Z' }],
          termsVersion: 'v1',
          offeredBy: 'staff:sato',
          offeredAt: '2026-11-25T02:00:00.000Z',
        },
      },
      ...upcastReservationEvent(v1Confirmed),
    ];
    const state = history.reduce(evolve, initialState());
    expect(state).toMatchObject({
      status: 'confirmed',
      consent: { termsVersion: 'v1', channel: 'email' },
      history: [
        { type: 'ReservationRequested' },
        { type: 'ReservationOffered' },
        { type: 'ConsentReceived' },
        { type: 'ReservationConfirmed' },
      ],
    });
    deciderSpec(decider)(history)
      .when({
        type: 'Consent',
        data: {
          slot: '2026-12-02T10:00:00+09:00',
          termsVersion: 'v1',
          channel: 'email',
          meeting: { meetingUrl: 'u', joinToken: 't', roomUrl: 'r' },
          slotMinutes: 30,
        },
        metadata: { now: '2026-11-26T04:00:00.000Z' },
      })
      .thenNothing();
  });
});
