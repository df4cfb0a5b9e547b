// The consultation as an .ics file for the seeker's calendar: the gateway's
// (GET /reservations/{id}/calendar.ics) when it has one, else made here from the view.
import { accessToken } from '../api/session';
import type { Reservation } from '../api/views';

function icsTime(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function escape(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

export function icsOf(reservation: Reservation, title: string, now = new Date()): string {
  const start = reservation.slot!;
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
  const url = reservation.meetingUrl ? new URL(reservation.meetingUrl, window.location.origin).href : undefined;
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//soudan//web//JA',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${reservation.id}@soudan`,
    `DTSTAMP:${icsTime(now.toISOString())}`,
    `DTSTART:${icsTime(start)}`,
    `DTEND:${icsTime(end)}`,
    `SUMMARY:${escape(title)}${reservation.number ? ` (${reservation.number})` : ''}`,
    ...(url ? [`URL:${url}`, `DESCRIPTION:${escape(url)}`] : []),
    'BEGIN:VALARM',
    'TRIGGER:-PT15M',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escape(title)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export async function downloadIcs(reservation: Reservation, title: string) {
  let blob: Blob | undefined;
  try {
    const response = await fetch(`/api/v1/reservations/${encodeURIComponent(reservation.id)}/calendar.ics`, {
      headers: { authorization: `Bearer ${accessToken() ?? ''}`, accept: 'text/calendar' },
    });
    if (response.ok && (response.headers.get('content-type') ?? '').includes('calendar')) blob = await response.blob();
  } catch {
    // made here instead
  }
  blob ??= new Blob([icsOf(reservation, title)], { type: 'text/calendar;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `soudan-${reservation.number ?? reservation.id}.ics`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
