// R54: which words of which event travel sealed, and how an event reads once opened, or
// once its seeker's key is gone (the text gone, the event whole).
import { readySeeker } from '@soudan/scheduling-contracts/testing';
import { carriesPersonalText, openedEvent, personalTextOf, sealedEvent } from './personal-text';
import type { ReservationEvent } from './reservation';

const requested = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'ReservationRequested',
    data: {
      reservationId: 'r-1',
      officeCode: '16070',
      seekerId: 'seeker-a',
      desiredSlots: ['2026-12-09T01:00:00.000Z'],
      topic: '応募書類の書き方',
      onlineReason: '子育て中のため',
      ...readySeeker(),
      checklistVersion: 'c1',
      mayNeedCounter: false,
      language: 'ja',
      requestedAt: '2026-12-01T01:00:00.000Z',
      answerDueBy: '2026-12-04T14:59:59.999Z',
      ...extra,
    },
  }) as unknown as ReservationEvent;

const event = (type: string, data: Record<string, unknown>) =>
  ({ type, data: { reservationId: 'r-1', seekerId: 'seeker-a', ...data } }) as unknown as ReservationEvent;

describe('personal text (R54)', () => {
  it('R54: a request seals its topic, its reason for online and the attendee note, and only those', () => {
    const withAttendee = requested({ attendee: { kind: 'interpreter', note: 'ベトナム語の通訳' } });
    expect(personalTextOf(withAttendee)).toEqual({
      topic: '応募書類の書き方',
      onlineReason: '子育て中のため',
      attendeeNote: 'ベトナム語の通訳',
    });
    const sealed = sealedEvent(withAttendee as never, 'sealed-doc');
    expect(sealed.data).not.toHaveProperty('topic');
    expect(sealed.data).not.toHaveProperty('onlineReason');
    expect(sealed.data).toMatchObject({
      personal: 'sealed-doc',
      attendee: { kind: 'interpreter' },
      officeCode: '16070',
    });
    expect((sealed.data as { attendee: object }).attendee).not.toHaveProperty('note');
    // The event given is not changed.
    expect(withAttendee.data).toMatchObject({ topic: '応募書類の書き方', attendee: { note: 'ベトナム語の通訳' } });
  });

  it('R54: a request without an attendee keeps none; an empty topic is still sealed as such', () => {
    const sealed = sealedEvent(requested() as never, 'doc');
    expect(sealed.data).not.toHaveProperty('attendee');
    expect(personalTextOf(requested({ topic: '' }))).toStrictEqual({ topic: '', onlineReason: '子育て中のため' });
    expect(personalTextOf(requested({ onlineReason: undefined }))).toStrictEqual({ topic: '応募書類の書き方' });
  });

  it('R54: a request from an older client without the words has nothing to seal; a topic that is not text is sealed empty', () => {
    expect(personalTextOf(requested({ topic: undefined, onlineReason: undefined }))).toBeUndefined();
    expect(personalTextOf(requested({ topic: undefined }))).toBeUndefined();
    expect(personalTextOf(requested({ topic: 42 }))).toEqual({ topic: '', onlineReason: '子育て中のため' });
  });

  it("R54: staff's words are sealed per event: a rejection's, a cancellation's reason and note, a termination's, an override's", () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
      ['ReservationRejected', { reason: '対象外', rejectedAt: 't' }, { reason: '対象外' }],
      [
        'ReservationCancelled',
        { reason: '体調不良', note: '電話あり', channel: 'phone' },
        { reason: '体調不良', note: '電話あり' },
      ],
      ['SessionTerminated', { reason: '相談目的外', terminatedAt: 't' }, { reason: '相談目的外' }],
      ['FollowUpBooked', { overrideReason: '急ぎ', slot: 's' }, { overrideReason: '急ぎ' }],
      [
        'FollowUpReservationCreated',
        { topic: '続き', overrideReason: '急ぎ', slot: 's' },
        { topic: '続き', overrideReason: '急ぎ' },
      ],
    ];
    for (const [type, data, text] of cases) {
      const e = event(type, data);
      expect([type, carriesPersonalText(e)]).toEqual([type, true]);
      expect([type, personalTextOf(e)]).toEqual([type, text]);
      const sealed = sealedEvent(e as never, 'doc');
      for (const field of Object.keys(text)) expect([type, field, field in sealed.data]).toEqual([type, field, false]);
      expect(sealed).toMatchObject({ type, data: { personal: 'doc', reservationId: 'r-1' } });
    }
  });

  it('R54: an event that names no words has nothing to seal, and events without words are not carriers', () => {
    expect(personalTextOf(event('ReservationCancelled', { channel: 'web' }))).toBeUndefined();
    expect(personalTextOf(event('ReservationCancelled', { reason: 7 }))).toBeUndefined();
    const confirmed = event('ReservationConfirmed', { slot: 's' });
    expect(carriesPersonalText(confirmed)).toBe(false);
    expect(personalTextOf(confirmed)).toBeUndefined();
  });

  it('R54: opened with the key, the words are back where they were', () => {
    const original = requested({ attendee: { kind: 'caregiver', note: '母が同席' } });
    const sealed = sealedEvent(original as never, 'doc');
    const opened = openedEvent(sealed, personalTextOf(original));
    expect(opened.data).toMatchObject({
      topic: '応募書類の書き方',
      onlineReason: '子育て中のため',
      attendee: { kind: 'caregiver', note: '母が同席' },
    });
    const cancelled = event('ReservationCancelled', { reason: '体調不良', note: '電話あり' });
    expect(
      openedEvent(sealedEvent(cancelled as never, 'doc'), { reason: '体調不良', note: '電話あり' }).data,
    ).toMatchObject({ reason: '体調不良', note: '電話あり' });
  });

  it("R54: with the key destroyed, the text is gone: '' where a field is always there, absent where it may be", () => {
    const sealedRequest = sealedEvent(requested({ attendee: { kind: 'interpreter', note: 'x' } }) as never, 'doc');
    expect(openedEvent(sealedRequest, undefined).data).toMatchObject({
      topic: '',
      onlineReason: '',
      attendee: { kind: 'interpreter', note: '' },
      personal: 'doc',
    });
    const gone = (type: string, data: Record<string, unknown>) =>
      openedEvent(sealedEvent(event(type, data) as never, 'doc'), undefined).data;
    expect(gone('ReservationRejected', { reason: 'r' })).toMatchObject({ reason: '' });
    expect(gone('SessionTerminated', { reason: 'r' })).toMatchObject({ reason: '' });
    expect(gone('FollowUpReservationCreated', { topic: 't', overrideReason: 'o' })).toMatchObject({ topic: '' });
    expect(gone('FollowUpReservationCreated', { topic: 't', overrideReason: 'o' })).not.toHaveProperty(
      'overrideReason',
    );
    const cancelled = gone('ReservationCancelled', { reason: 'r', note: 'n' });
    expect(cancelled).not.toHaveProperty('reason');
    expect(cancelled).not.toHaveProperty('note');
    expect(gone('FollowUpBooked', { overrideReason: 'o' })).not.toHaveProperty('overrideReason');
    // A request without an attendee gets none on opening.
    expect(openedEvent(sealedEvent(requested() as never, 'doc'), undefined).data).not.toHaveProperty('attendee');
  });
});
