// How a request or a booking ended, or stalls: cancellation (R17), lapse (R14,
// Art. 6(4)), rejection, an office late in answering (R7, Art. 6(3)) and a no-show
// (R18, Art. 6(6)). Each tells the seeker what to do next.
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type {
  AnswerOverdueV1,
  ReservationCancelledV1,
  ReservationLapsedV1,
  ReservationRejectedV1,
  SessionNoShowV1,
} from '@soudan/scheduling-contracts';
import { formatSlotEasy, formatSlotEn, formatSlotJa, hourEasy } from './format';
import {
  applyAgainEasy,
  applyAgainEn,
  applyAgainJa,
  type MailContext,
  type SeekerMail,
  letterEasy,
  letterEn,
  letterJa,
  receiptNumber,
} from './mail';

const CHANNEL_JA: Record<ReservationCancelledV1['channel'], string> = {
  web: 'Webサイト',
  phone: 'お電話',
  email: 'メール',
};
const CHANNEL_EASY: Record<ReservationCancelledV1['channel'], string> = {
  web: 'ウェブサイト',
  phone: '電話',
  email: 'メール',
};
const CHANNEL_EN: Record<ReservationCancelledV1['channel'], string> = {
  web: 'on the website',
  phone: 'by phone',
  email: 'by e-mail',
};

export function reservationCancelled(
  data: ReservationCancelledV1,
  contact: ContactRecord,
  context: MailContext,
): SeekerMail {
  const { office } = context;
  const minutes = office.hours.slotMinutes;
  if (contact.language === 'en') {
    return {
      template: 'reservation-cancelled',
      subject: `[${office.name}] Your online consultation has been cancelled`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        data.slot
          ? 'The following booking has been cancelled:'
          : 'Your application for an online consultation has been cancelled.',
        ...(data.slot ? ['', `Date and time: ${formatSlotEn(data.slot, minutes)}`] : []),
        `Cancelled ${CHANNEL_EN[data.channel]}.`,
        '',
        ...applyAgainEn(office),
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reservation-cancelled',
      subject: `【${office.name}】オンライン相談をキャンセルしました`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        data.slot ? '次の予約をキャンセルしました。' : 'オンライン相談の申し込みをキャンセルしました。',
        ...(data.slot ? ['', `■ 日と時間: ${formatSlotEasy(data.slot, minutes)}`] : []),
        `■ キャンセルの連絡: ${CHANNEL_EASY[data.channel]}`,
        '',
        ...applyAgainEasy(office),
      ]),
    };
  }
  return {
    template: 'reservation-cancelled',
    subject: `【${office.name}】オンライン職業相談のキャンセルのお知らせ`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      data.slot ? '次のご予約をキャンセルしました。' : 'オンライン職業相談のお申込みをキャンセルしました。',
      ...(data.slot ? ['', `■ 日時: ${formatSlotJa(data.slot, minutes)}`] : []),
      `■ キャンセルの受付: ${CHANNEL_JA[data.channel]}`,
      '',
      ...applyAgainJa(office),
    ]),
  };
}

export function reservationLapsed(data: ReservationLapsedV1, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  if (contact.language === 'en') {
    return {
      template: 'reservation-lapsed',
      subject: `[${office.name}] Your application for an online consultation has lapsed`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        'We did not receive your choice of one of the offered slots before the deadline,',
        'so your application has lapsed (Art. 6(4)) and the slots have been released.',
        '',
        ...applyAgainEn(office),
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reservation-lapsed',
      subject: `【${office.name}】オンライン相談の申し込みがなくなりました`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        'しめきりまでに、日と時間を選んだ返事がありませんでした。',
        'そのため、申し込みはなくなりました（利用規約 第6条(4)）。',
        '',
        ...applyAgainEasy(office),
      ]),
    };
  }
  return {
    template: 'reservation-lapsed',
    subject: `【${office.name}】オンライン職業相談のお申込みが無効になりました`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      'ご案内した日時について、回答期限までにご希望の日時のご返信がなかったため、',
      'お申込みは無効となりました（利用規約 第6条(4)）。',
      '',
      ...applyAgainJa(office),
    ]),
  };
}

// The staff reason stays out of the mail: it is written for colleagues, and a phone
// call explains it better.
export function reservationRejected(
  data: ReservationRejectedV1,
  contact: ContactRecord,
  context: MailContext,
): SeekerMail {
  const { office } = context;
  if (contact.language === 'en') {
    return {
      template: 'reservation-rejected',
      subject: `[${office.name}] About your application for an online consultation`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        'We are sorry, but we could not accept your application for an online job consultation.',
        `Please call ${office.name} for details: TEL ${office.phone}.`,
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reservation-rejected',
      subject: `【${office.name}】オンライン相談の申し込みについて`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        'すみません。オンライン相談の申し込みを、受け付けることができませんでした。',
        `くわしいことは、${office.name}に電話で聞いてください（電話 ${office.phone}）。`,
      ]),
    };
  }
  return {
    template: 'reservation-rejected',
    subject: `【${office.name}】オンライン職業相談のお申込みについて`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      '誠に申し訳ございませんが、このたびのオンライン職業相談のお申込みは、お受けすることができませんでした。',
      `詳しくは、お手数ですが${office.name}までお電話でお問い合わせください（TEL ${office.phone}）。`,
    ]),
  };
}

export function answerOverdue(data: AnswerOverdueV1, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  if (contact.language === 'en') {
    return {
      template: 'answer-overdue',
      subject: `[${office.name}] About your application: please call us`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        'We have not yet been able to answer your application for an online job consultation',
        'within 3 business days, and we apologise for the delay.',
        'Our e-mail may not have reached you: please call us to check (Art. 6(3)).',
        '',
        `TEL ${office.phone} (weekdays ${office.hours.open}-${office.hours.close})`,
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'answer-overdue',
      subject: `【${office.name}】オンライン相談の申し込みについて（電話をしてください）`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        'オンライン相談の申し込みから3日がたちました（土曜日・日曜日・祝日は数えません）。',
        'でも、まだ相談できる日と時間を知らせていません。すみません。',
        'わたしたちのメールが届いていないかもしれません。電話で聞いてください（利用規約 第6条(3)）。',
        '',
        `電話 ${office.phone}（${hourEasy(office.hours.open)}から${hourEasy(office.hours.close)}まで）`,
      ]),
    };
  }
  return {
    template: 'answer-overdue',
    subject: `【${office.name}】オンライン職業相談のお申込みについて（お電話でご確認ください）`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      'オンライン職業相談のお申込みから3営業日が過ぎましたが、まだ当ハローワークからご案内をお送りできておりません。',
      '大変申し訳ございません。当ハローワークからのメールが届いていない可能性もございますので、',
      'お手数ですが、お電話でご確認をお願いいたします（利用規約 第6条(3)）。',
      '',
      `TEL ${office.phone}（相談時間 ${office.hours.open}〜${office.hours.close}）`,
    ]),
  };
}

export function sessionNoShow(data: SessionNoShowV1, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  const minutes = office.hours.slotMinutes;
  if (contact.language === 'en') {
    return {
      template: 'session-no-show',
      subject: `[${office.name}] Your online consultation on ${formatSlotEn(data.slot, minutes)} was recorded as cancelled`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        `Date and time: ${formatSlotEn(data.slot, minutes)}`,
        '',
        'You had not joined and we had not heard from you 10 minutes after the start,',
        'so the booking was recorded as cancelled (Art. 6(6)).',
        '',
        ...applyAgainEn(office),
        'If you cannot come, please tell us: until the day before on the website, by e-mail or by phone; on the day by phone.',
        'Repeated cancellations without notice may lead to refusal of future use (Art. 6(6)).',
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'session-no-show',
      subject: `【${office.name}】オンライン相談（${formatSlotEasy(data.slot, minutes)}）はキャンセルになりました`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        `■ 日と時間: ${formatSlotEasy(data.slot, minutes)}`,
        '',
        '始まる時間から10分過ぎても、参加も連絡もありませんでした。',
        'そのため、この予約はキャンセルになりました（利用規約 第6条(6)）。',
        '',
        ...applyAgainEasy(office),
        '行けなくなったときは、連絡してください。前の日まではウェブサイト・メール・電話で、相談の日は電話で連絡してください。',
        '※ 連絡しないキャンセルが何回もあると、これから使えなくなることがあります（利用規約 第6条(6)）。',
      ]),
    };
  }
  return {
    template: 'session-no-show',
    subject: `【${office.name}】オンライン職業相談（${formatSlotJa(data.slot, minutes)}）はキャンセル扱いとなりました`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      `■ 日時: ${formatSlotJa(data.slot, minutes)}`,
      '',
      '上記のご予約について、開始時刻から10分を過ぎてもご参加・ご連絡がなかったため、',
      'キャンセルとして扱いました（利用規約 第6条(6)）。',
      '',
      ...applyAgainJa(office),
      'ご都合が悪くなった場合は、前日まではWebサイト・メール・お電話で、当日はお電話でご連絡ください。',
      '※ ご連絡のないキャンセルが続いた場合、今後のご利用をお断りすることがあります（利用規約 第6条(6)）。',
    ]),
  };
}
