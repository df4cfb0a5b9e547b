// What a seeker e-mail is made of, and what the texts need to know besides the event.
import { formatEffectiveEasy, formatEffectiveEn, formatEffectiveJa, hourEasy, indent } from './format';
import type { ReplyTagger } from './reply';

/** Names the template in the `X-Soudan-Template` header and in the delivery record. */
export type TemplateName =
  | 'request-received'
  | 'reservation-offered'
  | 'reservation-confirmed'
  | 'reminder'
  | 'reservation-cancelled'
  | 'reservation-lapsed'
  | 'reservation-rejected'
  | 'answer-overdue'
  | 'session-no-show'
  | 'terms-changed'
  | 'reply-refused'
  | 'reply-unreadable';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface SeekerMail {
  template: TemplateName;
  subject: string;
  text: string;
  /** R13: replies to an offer go to an address of their own (processed by R61). */
  replyTo?: string;
  attachments?: MailAttachment[];
}

/** The office as the e-mails show it; the platform's office settings fit it. */
export interface MailOffice {
  name: string;
  phone: string;
  email: string;
  hours: { open: string; close: string; slotMinutes: number };
  /** Public base URL of this system: the web app and the API live under it. */
  publicBaseUrl: string;
  /** R71: the From of the office's mails, where it has its own. */
  senderAddress?: string;
}

/** R32 (Art. 4): the meeting app whose own terms the seeker also accepts. */
export interface MeetingApp {
  name: string;
  termsUrl: string;
}

export interface MailContext {
  office: MailOffice;
  meetingApp: MeetingApp;
  /** Domain of the sender address: per-offer reply addresses and calendar UIDs live under it. */
  mailDomain: string;
  /** R61: the keyed tag that makes a per-offer reply address unguessable. */
  replyTag: ReplyTagger;
}

/** What scheduling says of the terms when a mail is rendered (`scheduling.terms.current`). */
export interface TermsSnapshot {
  version: string;
  body?: string;
  upcoming: Array<{ version: string; effectiveFrom: string; changeSummary: string }>;
}

export const baseUrl = (office: MailOffice) => office.publicBaseUrl.replace(/\/+$/, '');
export const webAppUrl = (office: MailOffice) => `${baseUrl(office)}/`;
/** Where anyone reads the terms in force and the announced changes (api.md "Public"). */
export const termsUrl = (office: MailOffice) => `${baseUrl(office)}/api/v1/terms/current`;

export function footerJa(office: MailOffice): string[] {
  return [
    office.name,
    `TEL ${office.phone}（相談時間 ${office.hours.open}〜${office.hours.close}、土日祝・年末年始を除く）`,
  ];
}

export function footerEn(office: MailOffice): string[] {
  return [
    `${office.name}  TEL ${office.phone} (weekdays ${office.hours.open}-${office.hours.close}, except national holidays and 29 Dec-3 Jan)`,
  ];
}

/**
 * R63, easy Japanese (やさしい日本語): short sentences, common words, plain dates, です/ます.
 * The hours default to the flyer's when a caller knows only the office's name and phone.
 */
export function footerEasy(office: { name: string; phone: string; hours?: MailOffice['hours'] }): string[] {
  const open = hourEasy(office.hours?.open ?? '10:00');
  const close = hourEasy(office.hours?.close ?? '16:00');
  return [
    office.name,
    `電話 ${office.phone}（月曜日から金曜日の${open}から${close}まで。祝日と12月29日から1月3日は休みです）`,
  ];
}

/**
 * What a seeker reads out on the phone (R17): the reservation number, or the id of a
 * reservation older than numbers.
 */
export const receiptNumber = (data: { reservationId: string; number?: string }): string =>
  data.number ?? data.reservationId;

export function letterJa(name: string, office: MailOffice, number: string, body: string[]): string {
  return [`${name} 様`, '', ...body, '', `受付番号: ${number}`, '', ...footerJa(office)].join('\n');
}

export function letterEn(name: string, office: MailOffice, number: string, body: string[]): string {
  return [`Dear ${name},`, '', ...body, '', `Reservation number: ${number}`, '', ...footerEn(office)].join('\n');
}

/** The salutation of an easy-Japanese mail: さん, the word people know, not 様. */
export const salutationEasy = (name: string) => `${name} さん`;

/** The reservation number under the name on the phone (R17) and in plain words. */
export const receiptLineEasy = (number: string) => `受付番号（予約の番号）: ${number}`;

export function letterEasy(
  name: string,
  office: { name: string; phone: string; hours?: MailOffice['hours'] },
  number: string,
  body: string[],
): string {
  return [salutationEasy(name), '', ...body, '', receiptLineEasy(number), '', ...footerEasy(office)].join('\n');
}

/** R17: how to cancel, in the words of Art. 6(6). */
export function cancellationRulesJa(office: MailOffice): string[] {
  return [
    '  相談日の前日までは、Webサイト・メール・お電話で承ります。',
    `  当日のキャンセルは、お電話のみで承ります（TEL ${office.phone}）。`,
    `  メール: ${office.email}`,
    '  ご連絡のないまま開始時刻から10分を過ぎた場合は、キャンセルとみなします。',
  ];
}

export function cancellationRulesEasy(office: MailOffice): string[] {
  return [
    '  相談の日の前の日までは、ウェブサイト・メール・電話でキャンセルできます。',
    `  相談の日になったら、電話だけでキャンセルできます（電話 ${office.phone}）。`,
    `  メール: ${office.email}`,
    '  連絡がなくて、始まる時間から10分過ぎても来ないときは、キャンセルになります。',
  ];
}

export function cancellationRulesEn(office: MailOffice): string[] {
  return [
    '  Until the day before, cancel on the website, by e-mail or by phone.',
    `  On the day itself, cancel by phone only (TEL ${office.phone}).`,
    `  E-mail: ${office.email}`,
    '  If we hear nothing and you have not joined 10 minutes after the start, the booking counts as cancelled.',
  ];
}

/** How to apply again after a booking ended (R5: two business days ahead). */
export function applyAgainJa(office: MailOffice): string[] {
  return [
    `改めてご利用になる場合は、Webサイト（${webAppUrl(office)}）またはお電話で、もう一度お申し込みください。`,
    'お申込みは、実施希望日の2営業日前までにお願いします。',
  ];
}

export function applyAgainEasy(office: MailOffice): string[] {
  return [
    `また相談したいときは、ウェブサイト（${webAppUrl(office)}）か電話で、もう一度申し込んでください。`,
    '相談したい日より2日以上前に申し込んでください（土曜日・日曜日・祝日は数えません）。',
  ];
}

export function applyAgainEn(office: MailOffice): string[] {
  return [
    `To use the service again, please apply again on the website (${webAppUrl(office)}) or by phone,`,
    'at least 2 business days before the day you would like.',
  ];
}

/** R31 for seekers who apply after a change was announced: the offer and the confirmation say so too. */
export function upcomingTermsJa(terms: TermsSnapshot | undefined, office: MailOffice): string[] {
  if (!terms?.upcoming.length) return [];
  return [
    '',
    '■ 利用規約の改定予定',
    ...terms.upcoming.flatMap((u) => [
      `  ${formatEffectiveJa(u.effectiveFrom)}から、版「${u.version}」が適用されます。変更の概要:`,
      ...indent(u.changeSummary, '    '),
    ]),
    `  改定の予定は ${termsUrl(office)} でもご確認いただけます。`,
  ];
}

export function upcomingTermsEasy(terms: TermsSnapshot | undefined, office: MailOffice): string[] {
  if (!terms?.upcoming.length) return [];
  return [
    '',
    '■ ルール（利用規約）が変わります',
    ...terms.upcoming.flatMap((u) => [
      `  ${formatEffectiveEasy(u.effectiveFrom)}から、新しいルール（版「${u.version}」）になります。変わるところ:`,
      ...indent(u.changeSummary, '    '),
    ]),
    `  ${termsUrl(office)} でも見ることができます。`,
  ];
}

export function upcomingTermsEn(terms: TermsSnapshot | undefined, office: MailOffice): string[] {
  if (!terms?.upcoming.length) return [];
  return [
    '',
    'Announced change of the terms of use:',
    ...terms.upcoming.flatMap((u) => [
      `  Version "${u.version}" applies from ${formatEffectiveEn(u.effectiveFrom)}. Changes:`,
      ...indent(u.changeSummary, '    '),
    ]),
    `  The announced changes are also shown at ${termsUrl(office)}`,
  ];
}
