import { NAMERIKAWA } from '@soudan/platform';
import type { EventEnvelope } from '@soudan/messaging';
import { mailIdFor, mailLaneKey, meetingAppOf, NOTIFIED_EVENT_TYPES } from './notification.consumer';
import { notificationStream } from './delivery-ledger';

describe('notification consumer wiring', () => {
  it('R60/R31: listens to every scheduling event that mails a seeker', () => {
    expect([...NOTIFIED_EVENT_TYPES].sort()).toEqual(
      [
        'AnswerOverdue',
        'ReminderDue',
        'ReservationCancelled',
        'ReservationConfirmed',
        'ReservationLapsed',
        'ReservationOffered',
        'ReservationRejected',
        'ReservationRequested',
        'SessionNoShow',
        'TermsChanged',
      ].sort(),
    );
  });

  it('R62: one ledger stream per event, and per (event, seeker) for an event with many recipients', () => {
    expect(notificationStream('r-1:ReservationOffered')).toBe('notification-r-1:ReservationOffered');
    expect(notificationStream('terms-16070-v2:TermsChanged', 'abc')).toBe(
      'notification-terms-16070-v2:TermsChanged:to-abc',
    );
  });

  it("R60: a seeker's mails share one lane (one at a time); the terms-change notice takes its stream's", () => {
    const event = (streamId: string, data: unknown) => ({ streamId, data }) as EventEnvelope;
    const seeker = 'c0ffee00-0000-4000-8000-000000000001';
    expect(mailLaneKey(event('reservation-r-1', { seekerId: seeker, reservationId: 'r-1' }))).toBe(seeker);
    expect(mailLaneKey(event('reservation-r-2', { seekerId: seeker, reservationId: 'r-2' }))).toBe(seeker);
    expect(mailLaneKey(event('terms-16070', { version: 'v2' }))).toBe('terms-16070');
    expect(mailLaneKey(event('reservation-r-3', null))).toBe('reservation-r-3');
  });

  it('R62: the mail id is stable per mail and safe in a Message-ID', () => {
    expect(mailIdFor('reservation-offered', 'r-1:ReservationOffered')).toBe(
      'reservation-offered-r-1-ReservationOffered',
    );
    expect(mailIdFor('terms-changed', 'terms-16070-v2:TermsChanged', 'abc')).toBe(
      'terms-changed-terms-16070-v2-TermsChanged-abc',
    );
    const odd = mailIdFor('terms-changed', 'terms-16070-2027年版:TermsChanged', 'abc');
    expect(odd).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(odd).not.toBe(mailIdFor('terms-changed', 'terms-16070-2028年版:TermsChanged', 'abc'));
  });

  it('R32: the meeting app comes from the office settings, Tele office (Art. 4) by default', () => {
    expect(
      meetingAppOf({
        ...NAMERIKAWA,
        meetingApp: { name: 'Tele office', termsUrl: 'https://teleoffice.example/terms' },
      }),
    ).toEqual({
      name: 'Tele office',
      termsUrl: 'https://teleoffice.example/terms',
    });
    expect(meetingAppOf(NAMERIKAWA)).toEqual({ name: 'Tele office', termsUrl: 'https://meet.soudan.example/terms' });
  });
});
