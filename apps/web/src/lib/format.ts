// Dates and times as people in Japan read them: always Japan time (R1), in the page's language.
import { locale, type Language } from '../i18n/catalog';

const TZ = 'Asia/Tokyo';

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TZ,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(iso.length === 10 ? `${iso}T00:00:00+09:00` : iso));
}

export function formatTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: TZ, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** "2026年12月9日(水) 10:00〜10:30" */
export function formatSlot(start: string, language: Language, minutes = 30): string {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  const dash = language === 'en' ? '–' : '〜';
  return `${formatDate(start, language)} ${formatTime(start, language)}${dash}${formatTime(end, language)}`;
}

export function formatDateTime(iso: string, language: Language): string {
  return `${formatDate(iso, language)} ${formatTime(iso, language)}`;
}

/** The JST calendar date (YYYY-MM-DD) of an instant. */
export function jstDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a YYYY-MM-DD date. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
