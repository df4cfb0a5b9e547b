// The automatic answers to an e-mail reply to an offer (R13, R61): a reply that came
// too late or names a slot no longer held is refused with a clear message; a reply
// the system could not read is passed to staff, and the seeker is told so and how to
// choose instead. A confirmed reply gets no answer of its own: the confirmation mail
// follows from the ReservationConfirmed event.
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type { RefusedReplyReason, UnreadableReplyReason } from '@soudan/notification-contracts';
import {
  formatInstantEasy,
  formatInstantEn,
  formatInstantJa,
  formatSlotEasy,
  formatSlotEn,
  formatSlotJa,
} from './format';
import {
  applyAgainEasy,
  applyAgainEn,
  applyAgainJa,
  webAppUrl,
  type MailContext,
  type SeekerMail,
  letterEasy,
  letterEn,
  letterJa,
  receiptNumber,
} from './mail';

export interface RefusedReply {
  reservationId: string;
  /** The reservation number people read and say (`K7P-4XA`); the id stands in for older histories. */
  number?: string;
  reason: RefusedReplyReason;
  /** The slot the reply chose. */
  slot: string;
  /** Its R6 deadline, when known. */
  deadline?: string;
  /** The slot already booked (reason `already-confirmed`). */
  bookedSlot?: string;
  /** Offered slots that can still be chosen (before their deadline). */
  stillOpen: string[];
}

function refusalJa(reply: RefusedReply, minutes: number): string[] {
  const chosen = formatSlotJa(reply.slot, minutes);
  switch (reply.reason) {
    case 'deadline-passed':
      return [
        `ご希望の日時（${chosen}）は、回答期限${reply.deadline ? `（${formatInstantJa(reply.deadline)}）` : ''}を過ぎているため、ご予約をお受けできません。`,
        '回答期限は、各日時の前日 23:59 です。',
      ];
    case 'slot-not-held':
      return [`ご希望の日時（${chosen}）は、お取りしておくことができなくなったため、ご予約をお受けできません。`];
    case 'lapsed':
      return ['回答期限までにご返信がなかったため、このお申込みはすでに無効となっています（利用規約 第6条(4)）。'];
    case 'already-confirmed':
      return [
        `このお申込みは、すでに ${reply.bookedSlot ? formatSlotJa(reply.bookedSlot, minutes) : '別の日時'} でご予約が確定しています。`,
        'ご予約の内容は変わっていません。',
      ];
    case 'closed':
      return ['このお申込みは、キャンセル等によりすでに終了しているため、ご予約をお受けできません。'];
  }
}

function refusalEasy(reply: RefusedReply, minutes: number): string[] {
  const chosen = formatSlotEasy(reply.slot, minutes);
  switch (reply.reason) {
    case 'deadline-passed':
      return [
        `選んだ日と時間（${chosen}）は、しめきり${reply.deadline ? `（${formatInstantEasy(reply.deadline)}）` : ''}を過ぎました。そのため、予約できません。`,
        'しめきりは、相談の日の前の日の23時59分です。',
      ];
    case 'slot-not-held':
      return [`選んだ日と時間（${chosen}）は、もう予約できません。`];
    case 'lapsed':
      return [
        'しめきりまでに返事がありませんでした。そのため、この申し込みはもうなくなりました（利用規約 第6条(4)）。',
      ];
    case 'already-confirmed':
      return [
        `この申し込みは、もう予約が決まっています（${reply.bookedSlot ? formatSlotEasy(reply.bookedSlot, minutes) : 'ほかの日と時間'}）。`,
        '予約は変わっていません。',
      ];
    case 'closed':
      return ['この申し込みは、キャンセルなどで、もう終わっています。そのため、予約できません。'];
  }
}

function refusalEn(reply: RefusedReply, minutes: number): string[] {
  const chosen = formatSlotEn(reply.slot, minutes);
  switch (reply.reason) {
    case 'deadline-passed':
      return [
        `The slot you chose (${chosen}) can no longer be booked: the reply deadline${reply.deadline ? ` (${formatInstantEn(reply.deadline)})` : ''} has passed.`,
        'Replies are due by 23:59 JST on the day before each slot.',
      ];
    case 'slot-not-held':
      return [`The slot you chose (${chosen}) is no longer held for you, so it cannot be booked.`];
    case 'lapsed':
      return ['No reply arrived before the deadline, so this application has already lapsed (Art. 6(4)).'];
    case 'already-confirmed':
      return [
        `This application is already booked for ${reply.bookedSlot ? formatSlotEn(reply.bookedSlot, minutes) : 'another slot'}.`,
        'Your booking has not changed.',
      ];
    case 'closed':
      return ['This application has already ended (for example, it was cancelled), so nothing can be booked for it.'];
  }
}

/** R13: "A late reply, or one for a slot no longer held, is refused with a clear message." */
export function replyRefused(reply: RefusedReply, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  const minutes = office.hours.slotMinutes;
  const canStillChoose =
    reply.stillOpen.length > 0 && (reply.reason === 'deadline-passed' || reply.reason === 'slot-not-held');
  if (contact.language === 'en') {
    return {
      template: 'reply-refused',
      subject: `[${office.name}] Your reply could not be accepted`,
      text: letterEn(contact.name, office, receiptNumber(reply), [
        'Thank you for your reply to our offer of consultation slots.',
        'We are sorry, but it could not be accepted:',
        '',
        ...refusalEn(reply, minutes).map((line) => `  ${line}`),
        '',
        ...(canStillChoose
          ? [
              'These offered slots can still be chosen:',
              ...reply.stillOpen.map((slot) => `  - ${formatSlotEn(slot, minutes)}`),
              `Choose one on the website (${webAppUrl(office)}) or reply to this e-mail with its number from the offer.`,
            ]
          : reply.reason === 'already-confirmed'
            ? [
                `You can see your booking on the website (${webAppUrl(office)}). To change it, please call us: TEL ${office.phone}.`,
              ]
            : applyAgainEn(office)),
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reply-refused',
      subject: `【${office.name}】オンライン相談：返事を受け付けできませんでした`,
      text: letterEasy(contact.name, office, receiptNumber(reply), [
        '返事をありがとうございます。',
        'すみません。次の理由で、この返事では予約が決まりませんでした。',
        '',
        ...refusalEasy(reply, minutes).map((line) => `  ${line}`),
        '',
        ...(canStillChoose
          ? [
              '■ まだ選べる日と時間',
              ...reply.stillOpen.map((slot) => `  ・${formatSlotEasy(slot, minutes)}`),
              `ウェブサイト（${webAppUrl(office)}）で選んでください。または、前のメールの番号を書いて、このメールに返事をしてください。`,
            ]
          : reply.reason === 'already-confirmed'
            ? [
                `予約はウェブサイト（${webAppUrl(office)}）で見ることができます。変えたいときは、電話をしてください（電話 ${office.phone}）。`,
              ]
            : applyAgainEasy(office)),
      ]),
    };
  }
  return {
    template: 'reply-refused',
    subject: `【${office.name}】オンライン職業相談 ご返信をお受けできませんでした`,
    text: letterJa(contact.name, office, receiptNumber(reply), [
      'ご予約いただける日時のご案内へのご返信ありがとうございます。',
      '誠に申し訳ございませんが、次の理由により、このご返信ではご予約を確定できませんでした。',
      '',
      ...refusalJa(reply, minutes).map((line) => `  ${line}`),
      '',
      ...(canStillChoose
        ? [
            '■ まだお選びいただける日時',
            ...reply.stillOpen.map((slot) => `  ・${formatSlotJa(slot, minutes)}`),
            `Webサイト（${webAppUrl(office)}）でお選びいただくか、ご案内メールの番号をこのメールへの返信でお知らせください。`,
          ]
        : reply.reason === 'already-confirmed'
          ? [
              `ご予約の内容はWebサイト（${webAppUrl(office)}）でご確認いただけます。変更をご希望の場合は、お電話でご連絡ください（TEL ${office.phone}）。`,
            ]
          : applyAgainJa(office)),
    ]),
  };
}

export interface UnreadableReply {
  reservationId: string;
  /** The reservation number, when the reply named a reservation that exists. */
  number?: string;
  reason: UnreadableReplyReason;
  /** Whether the offer still waits for a choice; otherwise (booked, lapsed, closed) nothing is to be chosen. */
  awaitingChoice: boolean;
}

/**
 * R61: a reply that could not be read goes to staff; the seeker learns that nothing
 * is booked yet, that the office will be in touch, and how to choose right away.
 */
export function replyUnreadable(reply: UnreadableReply, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  const otherSender = reply.reason === 'unknown-sender';
  if (contact.language === 'en') {
    return {
      template: 'reply-unreadable',
      subject: `[${office.name}] We could not read your reply`,
      text: letterEn(contact.name, office, receiptNumber(reply), [
        otherSender
          ? 'We received a reply to our offer of consultation slots from an e-mail address other than the one registered with us.'
          : reply.awaitingChoice
            ? 'We received your reply to our offer of consultation slots, but could not read which slot you chose.'
            : 'We received your e-mail about your application, but it could not be handled automatically.',
        ...(reply.awaitingChoice
          ? ['Your booking is NOT confirmed yet. A member of staff will contact you.']
          : ['A member of staff will read it and contact you if needed.']),
        ...(otherSender ? ['If you did not send it, please call us.'] : []),
        '',
        ...(reply.awaitingChoice
          ? [
              'To choose a slot right away:',
              `  - sign in on the website (${webAppUrl(office)}) and choose a slot, or`,
              '  - reply from your registered e-mail address with only the number of the slot (e.g. 1) on the first line.',
            ]
          : [`You can see the state of your application on the website (${webAppUrl(office)}).`]),
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reply-unreadable',
      subject: `【${office.name}】オンライン相談：返事がよくわかりませんでした`,
      text: letterEasy(contact.name, office, receiptNumber(reply), [
        otherSender
          ? '返事が、登録したメールアドレスとちがうアドレスから来ました。'
          : reply.awaitingChoice
            ? '返事を受け取りました。でも、どの日と時間を選んだか、わかりませんでした。'
            : '申し込みについてのメールを受け取りました。でも、自動で読むことができませんでした。',
        ...(reply.awaitingChoice
          ? ['予約は、まだ決まっていません。担当の人から連絡します。']
          : ['担当の人がメールを読みます。必要なときは連絡します。']),
        ...(otherSender ? ['あなたが送っていないときは、電話をしてください。'] : []),
        '',
        ...(reply.awaitingChoice
          ? [
              '■ すぐに予約を決めたいとき',
              `  ・ウェブサイト（${webAppUrl(office)}）にログインして、日と時間を選んでください。`,
              '  ・または、登録したメールアドレスから返事をしてください。1行目に、選んだ番号（例: 1）だけを書いてください。',
            ]
          : [`申し込みが今どうなっているかは、ウェブサイト（${webAppUrl(office)}）で見ることができます。`]),
      ]),
    };
  }
  return {
    template: 'reply-unreadable',
    subject: `【${office.name}】オンライン職業相談 ご返信の内容を確認できませんでした`,
    text: letterJa(contact.name, office, receiptNumber(reply), [
      otherSender
        ? 'ご予約いただける日時のご案内へのご返信を、ご登録とは異なるメールアドレスから受け取りました。'
        : reply.awaitingChoice
          ? 'ご予約いただける日時のご案内へのご返信を受け取りましたが、ご希望の日時を読み取ることができませんでした。'
          : 'お申込みについてのメールを受け取りましたが、自動では処理できませんでした。',
      ...(reply.awaitingChoice
        ? ['そのため、ご予約はまだ確定していません。担当者から改めてご連絡いたします。']
        : ['担当者が内容を確認し、必要な場合はご連絡いたします。']),
      ...(otherSender ? ['お心当たりのない場合は、お電話でご連絡ください。'] : []),
      '',
      ...(reply.awaitingChoice
        ? [
            '■ すぐにご予約を確定するには',
            `  ・Webサイト（${webAppUrl(office)}）にログインし、ご希望の日時を選んでください。`,
            '  ・または、ご登録のメールアドレスから、本文の1行目にご希望の日時の番号（例: 1）だけを書いてご返信ください。',
          ]
        : [`お申込みの状況は、Webサイト（${webAppUrl(office)}）でご確認いただけます。`]),
    ]),
  };
}
