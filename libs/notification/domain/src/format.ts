// How dates, times and the office appear in the seeker e-mails. Always Japan time
// (R1), whatever the zone of the machine that renders the mail.
import { DateTime, FixedOffsetZone } from 'luxon';

// Japan has kept +09:00 all year since 1951: a fixed offset gives the same times as the
// Asia/Tokyo zone without a zone lookup through Intl for every date of every mail (a
// mail's rendering was 2.6% of the embedded process's CPU under load, most of it there).
const ZONE = FixedOffsetZone.instance(9 * 60);
const WEEKDAYS_JA = ['月', '火', '水', '木', '金', '土', '日'];

const jst = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const weekdayJa = (t: DateTime) => WEEKDAYS_JA[t.weekday - 1];

// R63, easy Japanese (やさしい日本語): dates as people say them, `10時30分`, not `10:30`.
const clockEasy = (t: DateTime) => (t.minute === 0 ? `${t.hour}時` : `${t.hour}時${t.minute}分`);

/** `10:00` (office hours as configured) -> `10時`. */
export function hourEasy(hhmm: string): string {
  const [hour, minute] = hhmm.split(':').map(Number);
  return minute ? `${hour}時${minute}分` : `${hour}時`;
}

/** `2026年12月2日（水よう日）` */
export function formatDateEasy(iso: string): string {
  const t = jst(iso);
  return `${t.year}年${t.month}月${t.day}日（${weekdayJa(t)}よう日）`;
}

/** `2026年12月2日（水よう日） 10時から10時30分まで` */
export function formatSlotEasy(startIso: string, slotMinutes = 30): string {
  const start = jst(startIso);
  return `${formatDateEasy(startIso)} ${clockEasy(start)}から${clockEasy(start.plus({ minutes: slotMinutes }))}まで`;
}

/** `2026年12月8日（火よう日） 23時59分` */
export function formatInstantEasy(iso: string): string {
  return `${formatDateEasy(iso)} ${clockEasy(jst(iso))}`;
}

export function formatEffectiveEasy(iso: string): string {
  const t = jst(iso);
  return t.hour === 0 && t.minute === 0 ? formatDateEasy(iso) : formatInstantEasy(iso);
}

/** `9時45分`: the time a number of minutes before an instant. */
export function timeBeforeEasy(iso: string, minutes: number): string {
  return clockEasy(jst(iso).minus({ minutes }));
}

export function timeOfEasy(iso: string): string {
  return clockEasy(jst(iso));
}

/** `2026年12月2日(水) 10:00〜10:30` in Japan time (R1). */
export function formatSlotJa(startIso: string, slotMinutes = 30): string {
  const start = jst(startIso);
  const end = start.plus({ minutes: slotMinutes });
  return `${formatDateJa(startIso)} ${start.toFormat('HH:mm')}〜${end.toFormat('HH:mm')}`;
}

export function formatSlotEn(startIso: string, slotMinutes = 30): string {
  const start = jst(startIso);
  const end = start.plus({ minutes: slotMinutes });
  return `${start.setLocale('en').toFormat('ccc d LLL yyyy, HH:mm')}-${end.toFormat('HH:mm')} (JST)`;
}

/** `2026年12月2日(水)` */
export function formatDateJa(iso: string): string {
  const t = jst(iso);
  return `${t.year}年${t.month}月${t.day}日(${weekdayJa(t)})`;
}

export function formatDateEn(iso: string): string {
  return jst(iso).setLocale('en').toFormat('ccc d LLL yyyy');
}

/**
 * `2026年12月8日(火) 23:59`: a deadline of 23:59:59.999 (R6) reads as the minute a
 * person would write, not as the next day.
 */
export function formatInstantJa(iso: string): string {
  return `${formatDateJa(iso)} ${jst(iso).toFormat('HH:mm')}`;
}

export function formatInstantEn(iso: string): string {
  return `${jst(iso).setLocale('en').toFormat('ccc d LLL yyyy, HH:mm')} (JST)`;
}

/** An effective date: the day alone when it starts at midnight, as terms usually do. */
export function formatEffectiveJa(iso: string): string {
  const t = jst(iso);
  return t.hour === 0 && t.minute === 0 ? formatDateJa(iso) : formatInstantJa(iso);
}

export function formatEffectiveEn(iso: string): string {
  const t = jst(iso);
  return t.hour === 0 && t.minute === 0 ? formatDateEn(iso) : formatInstantEn(iso);
}

/** `09:45`: the time a number of minutes before an instant, in Japan time. */
export function timeBefore(iso: string, minutes: number): string {
  return jst(iso).minus({ minutes }).toFormat('HH:mm');
}

export function timeOf(iso: string): string {
  return jst(iso).toFormat('HH:mm');
}

export function minutesBetween(startIso: string, endIso: string): number {
  return Math.round(jst(endIso).diff(jst(startIso), 'minutes').minutes);
}

/** A free text (a change summary) indented under a heading, line by line. */
export function indent(text: string, prefix = '  '): string[] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => `${prefix}${line.trimEnd()}`);
}
