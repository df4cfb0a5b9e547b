// What a seeker e-mail is made of, and what the texts need to know besides the event.
import { formatEffectiveEn, formatEffectiveJa, indent } from './format';
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

/** A letter to a seeker about one reservation: the salutation, the body, the reservation number and the office. */
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

/** R17: how to cancel, in the words of Art. 6(6). */
export function cancellationRulesJa(office: MailOffice): string[] {
  return [
    '  相談日の前日までは、Webサイト・メール・お電話で承ります。',
    `  当日のキャンセルは、お電話のみで承ります（TEL ${office.phone}）。`,
    `  メール: ${office.email}`,
    '  ご連絡のないまま開始時刻から10分を過ぎた場合は、キャンセルとみなします。',
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
