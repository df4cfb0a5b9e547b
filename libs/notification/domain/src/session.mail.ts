// The confirmation with the invitation (R15, R16, R22, Art. 6(3), 6(5)) and the
// reminder the day before. Both carry the meeting link; the preparation guide is the
// flyer's 当日の準備 list.
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type { ReminderDueV1, ReservationConfirmedV1 } from '@soudan/scheduling-contracts';
import { calendarAttachment } from './calendar';
import {
  formatSlotEasy,
  formatSlotEn,
  formatSlotJa,
  minutesBetween,
  timeBefore,
  timeBeforeEasy,
  timeOf,
  timeOfEasy,
} from './format';
import {
  cancellationRulesEasy,
  cancellationRulesEn,
  cancellationRulesJa,
  footerEasy,
  footerEn,
  footerJa,
  receiptLineEasy,
  salutationEasy,
  upcomingTermsEasy,
  upcomingTermsEn,
  upcomingTermsJa,
  type MailContext,
  type SeekerMail,
  type TermsSnapshot,
  letterEasy,
  letterEn,
  letterJa,
  receiptNumber,
} from './mail';

/** R15: the join link works from this long before the start. */
export const JOIN_OPENS_MINUTES_BEFORE = 15;
/** Flyer, 当日の準備 5. */
export const LOG_IN_MINUTES_BEFORE = 5;

const preparationJa = [
  '■ 当日の準備',
  '  1. 使用する通信機器（パソコンまたはスマートフォン）は、フル充電にしておいてください。',
  '  2. マイク・カメラを調整してください（スマートフォンの場合は、スマホスタンドをご用意ください）。',
  '  3. 音の出るものは、スイッチを切るか音の出ない設定にしてください。',
  '  4. 雑音が入らず、余計なものが背景に映り込まない、相談に適した静かな場所でご参加ください。',
  `  5. 当日は、開始${LOG_IN_MINUTES_BEFORE}分前までに上記のURLからログインしてください。`,
  '  ※ 事前にインターネットの接続環境をご確認ください。',
];

const preparationEn = [
  'Before the consultation:',
  '  1. Fully charge the device you will use (PC or smartphone).',
  '  2. Adjust your microphone and camera (for a smartphone, have a stand ready).',
  '  3. Switch off anything that makes noise, or set it to silent.',
  '  4. Join from a quiet place, with no noise and nothing unnecessary in the background.',
  `  5. On the day, log in with the link above at least ${LOG_IN_MINUTES_BEFORE} minutes before the start.`,
  '  Please check your internet connection beforehand.',
];

const preparationEasy = [
  '■ 相談の前にすること',
  '  1. 使う機械（パソコンかスマートフォン）を、100%まで充電してください。',
  '  2. マイクとカメラが使えるか、見てください（スマートフォンは、スタンドがあると便利です）。',
  '  3. 音が出るものは、音が出ないようにしてください。',
  '  4. 静かな場所で参加してください。うしろに、ほかのものが写らないようにしてください。',
  `  5. 相談の日は、始まる${LOG_IN_MINUTES_BEFORE}分前までに、上のURLからログインしてください。`,
  '  ※ インターネットにつながるか、前に見ておいてください。',
];

const rulesEasy = [
  '■ 注意',
  '  ・相談を録画・録音してはいけません（利用規約 第12条(2)）。',
  '  ・ほかの人がいない部屋で参加してください（第12条(3)）。',
  '  ・フリーWi-Fiは使わないでください。通信のお金は、あなたが払います。',
  '  ・参加するためのURLは、あなただけのものです。ほかの人に教えないでください。',
];

const rulesJa = [
  '■ ご注意',
  '  ・相談の録画・録音は、方法を問わず禁止です（利用規約 第12条(2)）。',
  '  ・秘密保持のため、個室など周囲に他の人がいない環境でご参加ください（第12条(3)）。',
  '  ・フリーWi-Fiは使用しないでください。通信料はご本人のご負担となります。',
  '  ・参加用のURLはあなた専用です。他の人に教えないでください。',
];

const rulesEn = [
  'Please note:',
  '  - Recording or filming the consultation, by any means, is prohibited (Art. 12(2)).',
  '  - For confidentiality, join from a private room or where nobody else is around (Art. 12(3)).',
  '  - Do not use free public Wi-Fi. Data charges are yours to pay.',
  '  - The link is for you alone; do not share it.',
];

export function reservationConfirmed(
  data: ReservationConfirmedV1,
  contact: ContactRecord,
  context: MailContext,
  terms?: TermsSnapshot,
): SeekerMail {
  const { office } = context;
  const minutes = minutesBetween(data.slot, data.end);
  const opens = timeBefore(data.slot, JOIN_OPENS_MINUTES_BEFORE);
  const followUp = data.channel === 'follow-up';
  const attachments = [calendarAttachment(data, context)];
  if (contact.language === 'en') {
    return {
      template: 'reservation-confirmed',
      attachments,
      subject: `[${office.name}] Your online consultation is booked: ${formatSlotEn(data.slot, minutes)}`,
      text: [
        `Dear ${contact.name},`,
        '',
        followUp
          ? 'This is the follow-up consultation your counsellor booked with you during your session (Art. 6(5)). It is confirmed.'
          : 'Your online job consultation is confirmed.',
        '',
        `Date and time: ${formatSlotEn(data.slot, minutes)}`,
        `Link to join:  ${data.meetingUrl}`,
        `  The link opens ${JOIN_OPENS_MINUTES_BEFORE} minutes before the start (${opens}) and works until the end (${timeOf(data.end)}).`,
        '  A calendar file (.ics) is attached.',
        '',
        ...preparationEn,
        '',
        ...rulesEn,
        '',
        'To cancel:',
        ...cancellationRulesEn(office),
        ...upcomingTermsEn(terms, office),
        '',
        `Terms of use accepted: version ${data.termsVersion}`,
        `Reservation number: ${receiptNumber(data)}`,
        '',
        ...footerEn(office),
      ].join('\n'),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reservation-confirmed',
      attachments,
      subject: `【${office.name}】オンライン相談の予約が決まりました（${formatSlotEasy(data.slot, minutes)}）`,
      text: [
        salutationEasy(contact.name),
        '',
        followUp
          ? '前の相談のとき、相談員といっしょに次の相談の予約をしました。この予約が決まりました（利用規約 第6条(5)）。'
          : 'オンライン相談の予約が決まりました。',
        '',
        `■ 日と時間: ${formatSlotEasy(data.slot, minutes)}`,
        `■ 参加するためのURL: ${data.meetingUrl}`,
        `  このURLは、始まる${JOIN_OPENS_MINUTES_BEFORE}分前（${timeBeforeEasy(data.slot, JOIN_OPENS_MINUTES_BEFORE)}）から、終わる時間（${timeOfEasy(data.end)}）まで使えます。`,
        '  カレンダーのファイル（.ics）をつけました。',
        '',
        ...preparationEasy,
        '',
        ...rulesEasy,
        '',
        '■ キャンセルしたいとき',
        ...cancellationRulesEasy(office),
        ...upcomingTermsEasy(terms, office),
        '',
        `同意したルール（利用規約）: 版 ${data.termsVersion}`,
        receiptLineEasy(receiptNumber(data)),
        '',
        ...footerEasy(office),
      ].join('\n'),
    };
  }
  return {
    template: 'reservation-confirmed',
    attachments,
    subject: `【${office.name}】オンライン職業相談のご予約が確定しました（${formatSlotJa(data.slot, minutes)}）`,
    text: [
      `${contact.name} 様`,
      '',
      followUp
        ? '前回の相談の際に相談員がお取りした、次回のオンライン職業相談のご予約が確定しました（利用規約 第6条(5)）。'
        : 'オンライン職業相談のご予約が確定しました。',
      '',
      `■ 日時: ${formatSlotJa(data.slot, minutes)}`,
      `■ 参加用URL: ${data.meetingUrl}`,
      `  URLは開始${JOIN_OPENS_MINUTES_BEFORE}分前（${opens}）から、相談の終了時刻（${timeOf(data.end)}）まで有効です。`,
      '  カレンダー用のファイル（.ics）を添付しています。',
      '',
      ...preparationJa,
      '',
      ...rulesJa,
      '',
      '■ キャンセルされる場合',
      ...cancellationRulesJa(office),
      ...upcomingTermsJa(terms, office),
      '',
      `同意いただいた利用規約: 版 ${data.termsVersion}`,
      `受付番号: ${receiptNumber(data)}`,
      '',
      ...footerJa(office),
    ].join('\n'),
  };
}

// Sent the day before, but possibly later after an outage: the text names the date
// rather than saying "tomorrow".
export function reminder(data: ReminderDueV1, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  const minutes = office.hours.slotMinutes;
  if (contact.language === 'en') {
    return {
      template: 'reminder',
      subject: `[${office.name}] Reminder: online consultation on ${formatSlotEn(data.slot, minutes)}`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        'This is a reminder of your online job consultation.',
        '',
        `Date and time: ${formatSlotEn(data.slot, minutes)}`,
        `Link to join:  ${data.meetingUrl}`,
        '',
        `  - Please log in at least ${LOG_IN_MINUTES_BEFORE} minutes before the start (the link opens ${JOIN_OPENS_MINUTES_BEFORE} minutes before).`,
        '  - Charge your device and check your camera and microphone beforehand.',
        '  - Recording or filming the consultation is prohibited.',
        '',
        'To cancel:',
        ...cancellationRulesEn(office),
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reminder',
      subject: `【${office.name}】オンライン相談の日が近くなりました（${formatSlotEasy(data.slot, minutes)}）`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        'オンライン相談の日が近くなりました。',
        '',
        `■ 日と時間: ${formatSlotEasy(data.slot, minutes)}`,
        `■ 参加するためのURL: ${data.meetingUrl}`,
        '',
        `  ・始まる${LOG_IN_MINUTES_BEFORE}分前までに、上のURLからログインしてください（URLは始まる${JOIN_OPENS_MINUTES_BEFORE}分前から使えます）。`,
        '  ・使う機械を充電してください。カメラとマイクが使えるか、見てください。',
        '  ・相談を録画・録音してはいけません。',
        '',
        '■ キャンセルしたいとき',
        ...cancellationRulesEasy(office),
      ]),
    };
  }
  return {
    template: 'reminder',
    subject: `【${office.name}】オンライン職業相談 ご予約日のお知らせ（${formatSlotJa(data.slot, minutes)}）`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      'ご予約いただいているオンライン職業相談の日時が近づきましたので、お知らせします。',
      '',
      `■ 日時: ${formatSlotJa(data.slot, minutes)}`,
      `■ 参加用URL: ${data.meetingUrl}`,
      '',
      `  ・当日は、開始${LOG_IN_MINUTES_BEFORE}分前までに上記のURLからログインしてください（URLは開始${JOIN_OPENS_MINUTES_BEFORE}分前から有効です）。`,
      '  ・使用する機器の充電と、カメラ・マイクの確認をお済ませください。',
      '  ・相談の録画・録音は禁止されています。',
      '',
      '■ キャンセルされる場合',
      ...cancellationRulesJa(office),
    ]),
  };
}
