// Replies to an offer e-mail (R13, R61): the per-offer reply address, and what the
// first line of a reply chooses. Pure: the keyed tag of an address is computed by
// whoever holds the key and handed in as a function.
import { DateTime } from 'luxon';
import type { UnreadableReplyReason } from '@soudan/notification-contracts';

const ZONE = 'Asia/Tokyo';

/** Computes the unguessable tag of a reservation's reply address (a keyed MAC, lower-case hex). */
export type ReplyTagger = (reservationId: string) => string;

/** Length of the tag in hex digits: 80 bits, and `offer-<uuid>-<tag>` stays within the 64 characters of a local part. */
export const REPLY_TAG_LENGTH = 20;

/**
 * R13/R61: `offer-<reservationId>-<tag>@<mailDomain>`. Without the key nobody can name
 * the address of another reservation, so only the seeker the offer went to can reply to it.
 */
export const offerReplyAddress = (reservationId: string, mailDomain: string, tag: ReplyTagger) =>
  `offer-${reservationId}-${tag(reservationId)}@${mailDomain}`;

const REPLY_ADDRESS = /^offer-([A-Za-z0-9][A-Za-z0-9-]{0,99})-([0-9a-f]+)@([^@\s]+)$/i;

/** Compares without stopping at the first difference, so the time taken says nothing about the tag. */
function sameTag(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** The reservation a reply address belongs to, or undefined for any address this system did not hand out. */
export function reservationOfReplyAddress(address: string, mailDomain: string, tag: ReplyTagger): string | undefined {
  const match = REPLY_ADDRESS.exec(address.trim());
  if (!match) return undefined;
  const [, reservationId, given, domain] = match;
  if (domain.toLowerCase() !== mailDomain.toLowerCase()) return undefined;
  if (given.length !== REPLY_TAG_LENGTH) return undefined;
  return sameTag(given.toLowerCase(), tag(reservationId).toLowerCase()) ? reservationId : undefined;
}

// ---- the first line of a reply ---------------------------------------------------------

const QUOTED = /^[>|]/;
/** Where the quoted original starts in clients that do not prefix it with ">". */
const ORIGINAL_STARTS =
  /^(?:-{2,}\s*(?:original message|元のメッセージ|転送メッセージ|forwarded message|返信元のメッセージ)|_{5,}$|-- $)/i;

/**
 * The first line the seeker wrote: empty lines, quoted lines ("> ...") and the
 * attribution line before a quote ("On ... wrote:", "...さんは書きました:") are skipped;
 * reading stops where the original message or a signature starts.
 */
export function firstReplyLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.normalize('NFKC'));
  const nextNonEmpty = (from: number) => lines.slice(from).find((line) => line.trim() !== '');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i];
    if (ORIGINAL_STARTS.test(raw)) return undefined;
    const line = raw.trim();
    if (line === '' || QUOTED.test(line)) continue;
    // An attribution line: ends with a colon and a quote follows.
    if (/:$/.test(line) && QUOTED.test((nextNonEmpty(i + 1) ?? '').trim())) continue;
    return line;
  }
  return undefined;
}

export interface OfferedChoice {
  start: string;
}

export type ReplyChoice =
  | { kind: 'slot'; number: number; slot: string }
  | {
      kind: 'unreadable';
      reason: Extract<UnreadableReplyReason, 'empty' | 'no-choice' | 'out-of-range' | 'no-matching-slot' | 'ambiguous'>;
    };

const TRAILING = /[\s。．.!?、,，・~〜]+$/u;
const POLITE =
  /(?:で|を|に|が|は)?(?:お願い(?:いた|致)?します|お願い申し上げます|おねがいします|お願いです|お願い|希望(?:いた|致)?します|希望です|希望|にします|します|です|ください|下さい|please|pls|thanks|thank you)$/u;
const THING = /(?:の)?(?:日時|日程|枠|時間|候補|option|slot)$/u;
const KANJI_NUMBERS: Record<string, string> = { 一: '1', 二: '2', 三: '3' };
const NUMBER_ONLY =
  /^(?:(?:no|number|option|slot|choice|番号|候補)\s*\.?\s*:?\s*|#|第\s*)?\(?(\d{1,2})\)?\s*(?:番目|番|つ目|st|nd|rd|th|\.|:)?$/u;
// A slot number in a line that also has a date, as people write it: a copied offer line
// ("2. 2026年12月10日…": one blank after the number is enough, the date is found wherever
// it starts), a number with its word ("(候補1) …", "No.2 …", "第2希望: …", "… 14:30（候補2）")
// or "1番 …". With its word the number counts wherever it is, unless it begins a date or
// a time ("slot 12/10"). Without one it must open the line, and bare digits need "." or
// ")" and a blank after them: a date or time written with blanks ("12 月 10 日", "10 時"),
// in brackets ("(14:30)"), or followed by 希望 ("14:30希望") is no number.
const LEADING_NUMBER = new RegExp(
  [
    /^\(?(\d{1,2})\s*[.)]\s/u.source,
    /(?:no[.:]|number|option|slot|choice|番号|候補|#|第)\s*(\d{1,2})(?!\d|[/月時-]|:[0-5]\d(?![\d月日/]))/u.source,
    /^\(?(\d{1,2})\s*(?:番目|番|希望)/u.source,
  ].join('|'),
  'iu',
);

/** A slot number alone, in the ways people write one: "1", "２番", "2番でお願いします", "第1希望", "option 2". */
function slotNumber(line: string): number | undefined {
  // The line comes trimmed (firstReplyLine). Politeness and a word for the slot are read
  // off the end in up to five rounds, however few a line needs (a round that changes
  // nothing changes nothing the next time either, so no early stop is needed).
  let s = line.toLowerCase();
  for (let i = 0; i < 5; i += 1) {
    s = s.replace(TRAILING, '').replace(POLITE, '').replace(TRAILING, '').replace(THING, '').trim();
  }
  s = s.replace(
    /^(第\s*)?([一二三])(?=番|つ目|$)/u,
    (_m, prefix: string | undefined, kanji: string) => `${prefix ?? ''}${KANJI_NUMBERS[kanji]}`,
  );
  const match = NUMBER_ONLY.exec(s);
  return match ? Number(match[1]) : undefined;
}

interface WrittenTime {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
}

const DATE = /(?<!\d)(?:(\d{4})\s*[年/-]\s*)?(\d{1,2})\s*[月/-]\s*(\d{1,2})(?!\d)\s*日?/u;
const TIME = /(午前|午後|am|pm)?\s*(?<!\d)(\d{1,2})\s*(?::|時)\s*(半|\d{2})?(?!\d)\s*(?:分)?\s*(am|pm)?/u;
/** The end of a slot's time range written after its start ("14:30〜15:00"): not a second time. */
const RANGE_END = new RegExp(`^\\s*[〜~\\-–]${TIME.source}`, 'u');

/** A date and/or a time of day as people write them: "12月9日 10:00", "12/9", "2026年12月10日(木) 14時30分", "10時半". */
function writtenTime(line: string): WrittenTime | 'two' | undefined {
  const s = line.toLowerCase();
  const found: WrittenTime = {};
  let rest = s;
  const date = DATE.exec(s);
  if (date) {
    const month = Number(date[2]);
    const day = Number(date[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    Object.assign(found, { month, day }, date[1] ? { year: Number(date[1]) } : {});
    rest = s.slice(date.index + date[0].length);
  }
  const time = TIME.exec(rest);
  if (time) {
    let hour = Number(time[2]);
    const minute = time[3] === '半' ? 30 : time[3] ? Number(time[3]) : 0;
    const half = time[1] ?? time[4];
    if ((half === '午後' || half === 'pm') && hour < 12) hour += 12;
    if (hour <= 23 && minute <= 59) Object.assign(found, { hour, minute });
    rest = rest.slice(time.index + time[0].length).replace(RANGE_END, '');
  }
  // R61: another date or time after the one read ("12月9日か12月10日") could name another slot.
  if (DATE.test(rest) || TIME.test(rest)) return 'two';
  return found.day !== undefined || found.hour !== undefined ? found : undefined;
}

function slotsAt(written: WrittenTime, offered: readonly OfferedChoice[]): number[] {
  const indexes: number[] = [];
  offered.forEach((slot, index) => {
    const t = DateTime.fromISO(slot.start, { zone: ZONE });
    if (written.year !== undefined && t.year !== written.year) return;
    if (written.month !== undefined && (t.month !== written.month || t.day !== written.day)) return;
    if (written.hour !== undefined && (t.hour !== written.hour || t.minute !== written.minute)) return;
    indexes.push(index);
  });
  return indexes;
}

/**
 * R61: the slot the first line of a reply chooses: its number in the offer e-mail
 * (full-width digits and the usual Japanese phrasing included) or its date and time.
 * Anything that does not name exactly one offered slot is unreadable, never a guess:
 * the reply is consent (Art. 6(3)).
 */
export function readReplyChoice(text: string | undefined, offered: readonly OfferedChoice[]): ReplyChoice {
  const line = firstReplyLine(text);
  if (line === undefined) return { kind: 'unreadable', reason: 'empty' };
  const pick = (index: number): ReplyChoice => ({ kind: 'slot', number: index + 1, slot: offered[index].start });

  const number = slotNumber(line);
  if (number !== undefined) {
    return number >= 1 && number <= offered.length ? pick(number - 1) : { kind: 'unreadable', reason: 'out-of-range' };
  }
  // A copied line of the offer ("1. 2026年12月9日(水) 10:00〜10:30"): the number and the date must agree.
  // The copied number is read from the line as it is (it holds no letters) and is no part of the
  // date or time read after it: a "." or ")" follows its digits, where a date needs 年, 月, "/"
  // or "-" and a time ":" or 時.
  const leading = LEADING_NUMBER.exec(line);
  const written = writtenTime(line);
  if (written === 'two') return { kind: 'unreadable', reason: 'ambiguous' };
  if (written) {
    const matches = slotsAt(written, offered);
    if (matches.length === 0) return { kind: 'unreadable', reason: 'no-matching-slot' };
    if (matches.length > 1) return { kind: 'unreadable', reason: 'ambiguous' };
    if (leading && Number(leading[1] ?? leading[2] ?? leading[3]) !== matches[0] + 1)
      return { kind: 'unreadable', reason: 'ambiguous' };
    return pick(matches[0]);
  }
  return { kind: 'unreadable', reason: 'no-choice' };
}
