import {
  isOutdated,
  isSeekerEventType,
  mentionsTerms,
  SEEKER_TEMPLATES,
  seekerMail,
  type SeekerEvent,
} from './seeker-mail';
import { confirmed, context, en, ja, offered } from './testing/fixtures';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const base = { reservationId: 'r-1', seekerId: 's-1' };
const slot = '2026-12-09T01:00:00.000Z';
const events: SeekerEvent[] = [
  {
    type: 'ReservationRequested',
    data: {
      ...base,
      officeCode: '16070',
      desiredSlots: [slot],
      topic: '相談',
      onlineReason: '子育て',
      ...readySeeker(),
      checklistVersion: '1',
      mayNeedCounter: false,
      language: 'ja',
      requestedAt: '2026-12-01T00:00:00.000Z',
      answerDueBy: '2026-12-04T14:59:59.999Z',
    },
  },
  { type: 'ReservationOffered', data: offered },
  { type: 'ReservationConfirmed', data: confirmed },
  { type: 'ReminderDue', data: { ...base, slot, meetingUrl: confirmed.meetingUrl, at: '2026-12-08T01:00:00.000Z' } },
  {
    type: 'ReservationCancelled',
    data: { ...base, slot, by: 'seeker:s-1', channel: 'web', cancelledAt: '2026-12-03T00:00:00.000Z' },
  },
  { type: 'ReservationLapsed', data: { ...base, lapsedAt: '2026-12-09T15:00:00.000Z' } },
  {
    type: 'ReservationRejected',
    data: { ...base, reason: 'x', by: 'staff:sato', rejectedAt: '2026-12-02T00:00:00.000Z' },
  },
  {
    type: 'AnswerOverdue',
    data: { ...base, answerDueBy: '2026-12-04T14:59:59.999Z', flaggedAt: '2026-12-04T15:00:00.000Z' },
  },
  { type: 'SessionNoShow', data: { ...base, slot, recordedAt: '2026-12-09T01:10:00.000Z' } },
];

describe('which event sends which mail', () => {
  it('R60: every seeker event has a template, in Japanese by default and in English when chosen', () => {
    expect(events.map((e) => e.type).sort()).toEqual(Object.keys(SEEKER_TEMPLATES).sort());
    for (const event of events) {
      const japanese = seekerMail(event, ja, context);
      expect(japanese.template).toBe(SEEKER_TEMPLATES[event.type]);
      expect(japanese.subject).toMatch(/^【ハローワーク滑川】/);
      expect(japanese.text.startsWith('滑川 太郎 様\n')).toBe(true);
      expect(japanese.text).toContain('TEL 076-475-0324');
      expect(japanese.text).toContain('r-1');
      const english = seekerMail(event, en, context);
      expect(english.template).toBe(japanese.template);
      expect(english.subject).toMatch(/^\[ハローワーク滑川\] [A-Z]/);
      expect(english.text.startsWith('Dear Taro Namerikawa,\n')).toBe(true);
      expect(english.text).toContain('TEL 076-475-0324');
    }
  });

  it('R60: only the offer has a reply address, only the confirmation a calendar file', () => {
    const withReply = events.filter((e) => seekerMail(e, ja, context).replyTo).map((e) => e.type);
    expect(withReply).toEqual(['ReservationOffered']);
    const withCalendar = events
      .filter((e) => seekerMail(e, ja, context).attachments?.some((a) => a.contentType.startsWith('text/calendar')))
      .map((e) => e.type);
    expect(withCalendar).toEqual(['ReservationConfirmed']);
  });

  it('knows its event types and nothing else', () => {
    expect(isSeekerEventType('ReservationOffered')).toBe(true);
    expect(isSeekerEventType('SeekerJoined')).toBe(false);
    expect(isSeekerEventType('toString')).toBe(false);
  });

  it('R6: an offer whose every deadline has passed is outdated; one with a slot still open is not', () => {
    const offer = events[1];
    expect(isOutdated(offer, '2026-12-08T14:00:00.000Z', 30)).toBe(false);
    expect(isOutdated(offer, '2026-12-09T00:00:00.000Z', 30)).toBe(false);
    expect(isOutdated(offer, '2026-12-09T15:00:00.000Z', 30)).toBe(true);
  });

  it('R60: an invitation or reminder for a session that is over is outdated', () => {
    const [, , confirmation, reminder] = events;
    expect(isOutdated(confirmation, '2026-12-09T01:20:00.000Z', 30)).toBe(false);
    expect(isOutdated(confirmation, '2026-12-09T01:31:00.000Z', 30)).toBe(true);
    expect(isOutdated(reminder, '2026-12-09T01:20:00.000Z', 30)).toBe(false);
    expect(isOutdated(reminder, '2026-12-09T01:31:00.000Z', 30)).toBe(true);
  });

  it('R60: news of how a booking ended is never outdated', () => {
    for (const event of events.filter(
      (e) => !['ReservationOffered', 'ReservationConfirmed', 'ReminderDue'].includes(e.type),
    )) {
      expect(isOutdated(event, '2027-06-01T00:00:00.000Z', 30)).toBe(false);
    }
  });

  it('R6: an offer is still current at the deadline instant of its last slot, outdated a millisecond later', () => {
    const offer = events[1];
    expect(isOutdated(offer, '2026-12-09T14:59:59.999Z', 30)).toBe(false);
    expect(isOutdated(offer, '2026-12-09T15:00:00.000Z', 30)).toBe(true);
  });

  it('R15/R60: a confirmation or reminder is current until the end instant of the session, counted in its own minutes', () => {
    const [, , confirmation, reminder] = events;
    expect(isOutdated(confirmation, '2026-12-09T01:30:00.000Z', 30)).toBe(false);
    expect(isOutdated(confirmation, '2026-12-09T01:30:00.001Z', 30)).toBe(true);
    expect(isOutdated(reminder, '2026-12-09T01:30:00.000Z', 30)).toBe(false);
    expect(isOutdated(reminder, '2026-12-09T01:30:00.001Z', 30)).toBe(true);
    expect(isOutdated(reminder, '2026-12-09T01:45:00.000Z', 60)).toBe(false);
    expect(isOutdated(reminder, '2026-12-09T02:00:00.001Z', 60)).toBe(true);
  });

  it('R16: a confirmation is current until its own end, even when its length is not the office slot length', () => {
    const longer: SeekerEvent = {
      type: 'ReservationConfirmed',
      data: { ...confirmed, end: '2026-12-09T02:00:00.000Z' },
    };
    expect(isOutdated(longer, '2026-12-09T01:45:00.000Z', 30)).toBe(false);
    expect(isOutdated(longer, '2026-12-09T02:00:00.001Z', 30)).toBe(true);
  });

  it('R31: only the offer and the confirmation speak of the terms', () => {
    expect(events.map((e) => e.type).filter(mentionsTerms)).toEqual(['ReservationOffered', 'ReservationConfirmed']);
  });

  it('a seeker event of a type this code does not know has no mail: it is refused, not sent empty', () => {
    const later = { type: 'SeekerWaved', data: {} } as unknown as SeekerEvent;
    expect(() => seekerMail(later, ja, context)).toThrow(/SeekerWaved/);
  });
});
