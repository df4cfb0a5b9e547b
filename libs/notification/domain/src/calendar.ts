// The iCalendar file sent with a confirmation (R60): one event the seeker's calendar
// can hold. Rendered from the event alone, so the same confirmation always gives the
// same file: the UID comes from the reservation and DTSTAMP from the consent, never
// from the clock.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { ReservationConfirmedV1 } from '@soudan/scheduling-contracts';
import type { MailAttachment, MailContext } from './mail';

const ZONE = 'Asia/Tokyo';

// Japan has kept +09:00 all year since 1951, so one STANDARD block describes every
// date a consultation can have; no time-zone database is needed.
const TOKYO_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19510908T230000',
  'TZOFFSETFROM:+0900',
  'TZOFFSETTO:+0900',
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export const calendarUid = (reservationId: string, mailDomain: string) => `reservation-${reservationId}@${mailDomain}`;

export function consultationCalendar(data: ReservationConfirmedV1, context: MailContext): string {
  const calendar = ical({
    prodId: { company: 'soudan', product: 'online-consultation', language: 'JA' },
    method: ICalCalendarMethod.PUBLISH,
    // A calendar-wide zone would make ical-generator write DTSTAMP in local time
    // without the "Z" RFC 5545 requires; the zone goes on the event instead, and the
    // generator still adds its VTIMEZONE.
    timezone: { name: null, generator: (zone) => (zone === ZONE ? TOKYO_VTIMEZONE : null) },
  });
  calendar.createEvent({
    id: calendarUid(data.reservationId, context.mailDomain),
    timezone: ZONE,
    start: DateTime.fromISO(data.slot).setZone(ZONE),
    end: DateTime.fromISO(data.end).setZone(ZONE),
    stamp: DateTime.fromISO(data.consentAt).toUTC(),
    summary: `オンライン職業相談（${context.office.name}）`,
    location: data.meetingUrl,
    url: data.meetingUrl,
    description: [
      `参加URL: ${data.meetingUrl}`,
      '開始5分前までにログインしてください（URLは開始15分前から有効です）。',
      '相談の録画・録音は禁止されています。',
      `${context.office.name} TEL ${context.office.phone}`,
    ].join('\n'),
  });
  return calendar.toString();
}

export function calendarAttachment(data: ReservationConfirmedV1, context: MailContext): MailAttachment {
  return {
    filename: 'online-soudan.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: consultationCalendar(data, context),
  };
}
