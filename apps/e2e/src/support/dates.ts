// Dates for the e2e journeys, always relative to today in Japan and laid on the office
// calendar (R2, R5), so the suites pass on any day they run, not only the week they were
// written in.
import { BusinessCalendar, jstDateOfMs } from '@soudan/time';

export const calendar = new BusinessCalendar();
export const today = jstDateOfMs(Date.now());
/** 3 business days ahead always meets R5 (2 business days), also when today is a weekend day. */
export const D1 = calendar.addBusinessDays(today, 3);
export const D2 = calendar.addBusinessDays(today, 4);
export const D3 = calendar.addBusinessDays(today, 5);

/** A slot start in JST offset form, as a seeker's browser sends it. */
export const at = (date: string, time: string) => `${date}T${time}:00+09:00`;
export const utc = (slot: string) => new Date(slot).toISOString();

export const weekendAfter = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`);
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
};

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

/** A 30-minute slot as the Japanese mails write it: `2026年12月9日(水) 10:00〜10:30`. */
export function jaSlot(date: string, time: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const weekday = WEEKDAYS_JA[new Date(`${date}T00:00:00Z`).getUTCDay()];
  const [hour, minute] = time.split(':').map(Number);
  const end = hour * 60 + minute + 30;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${year}年${month}月${day}日(${weekday}) ${time}〜${hhmm(end)}`;
}
