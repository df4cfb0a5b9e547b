// Japanese e-mail texts (R60), plain text. Pure: data and office settings in, text out.
// The other seeker mails live beside this one, a file per stage of a reservation.
import { formatSlotEasy, formatSlotEn, formatSlotJa } from './format';
import { letterEasy, receiptNumber, type MailOffice } from './mail';
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type { ReservationRequestedV1 } from '@soudan/scheduling-contracts';

export interface OfficeContact {
  name: string;
  phone: string;
  /** Said in the footer when known; the flyer's hours otherwise. */
  hours?: MailOffice['hours'];
}

export interface MailContent {
  subject: string;
  text: string;
}

export function requestReceived(
  data: Pick<ReservationRequestedV1, 'reservationId' | 'desiredSlots'>,
  contact: ContactRecord,
  office: OfficeContact,
): MailContent {
  if (contact.language === 'en') {
    return {
      subject: `[${office.name}] We have received your request for an online consultation`,
      text: [
        `Dear ${contact.name},`,
        '',
        'We have received your request for an online job consultation.',
        '',
        'Desired slots:',
        ...data.desiredSlots.map((s, i) => `  ${i + 1}. ${formatSlotEn(s)}`),
        '',
        'Within 3 business days we will e-mail you the slots we can offer and our terms of use.',
        'Your booking is confirmed when you reply to that e-mail choosing one slot.',
        'Recording or filming the consultation is not allowed.',
        '',
        `Reservation number: ${receiptNumber(data)}`,
        '',
        `${office.name}  TEL ${office.phone}`,
      ].join('\n'),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      subject: `【${office.name}】オンライン相談の申し込みを受け付けました`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        'オンラインの仕事の相談の申し込みを受け付けました。',
        '',
        '■ あなたが希望した日と時間',
        ...data.desiredSlots.map((s, i) => `  ${i + 1}: ${formatSlotEasy(s)}`),
        '',
        '3日以内に、相談できる日と時間をメールで知らせます（土曜日・日曜日・祝日は数えません）。',
        'ルール（利用規約）もいっしょに送ります。',
        'そのメールで、日と時間を1つ選んで返事をしてください。それで予約が決まります。',
        '※ 相談を録画・録音してはいけません。',
      ]),
    };
  }
  return {
    subject: `【${office.name}】オンライン職業相談のお申込みを受け付けました`,
    text: [
      `${contact.name} 様`,
      '',
      'オンライン職業相談のお申込みを受け付けました。',
      '',
      '■ ご希望の日時',
      ...data.desiredSlots.map((s, i) => `  第${i + 1}希望: ${formatSlotJa(s)}`),
      '',
      '3営業日以内に、ご案内できる日時と利用規約をメールでお送りします。',
      'そのメールにご希望の日時を選んでご返信いただくと、予約が確定します。',
      '※ 相談の録画・録音は禁止されています。',
      '',
      `受付番号: ${receiptNumber(data)}`,
      '',
      `${office.name}`,
      `TEL ${office.phone}（相談時間 ${office.hours?.open ?? '10:00'}〜${office.hours?.close ?? '16:00'}、土日祝・年末年始を除く）`,
    ].join('\n'),
  };
}
