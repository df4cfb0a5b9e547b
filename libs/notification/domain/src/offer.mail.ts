// The offer (R12, R13, Art. 6(3)): the slots the office can give, each with its reply
// deadline (R6), the terms the reply accepts, and the two ways to reply.
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type { ReservationOfferedV1 } from '@soudan/scheduling-contracts';
import {
  formatInstantEasy,
  formatInstantEn,
  formatInstantJa,
  formatSlotEasy,
  formatSlotEn,
  formatSlotJa,
} from './format';
import {
  termsUrl,
  upcomingTermsEasy,
  upcomingTermsEn,
  upcomingTermsJa,
  webAppUrl,
  type MailAttachment,
  type MailContext,
  type SeekerMail,
  type TermsSnapshot,
  letterEasy,
  letterEn,
  letterJa,
  receiptNumber,
} from './mail';
import { offerReplyAddress } from './reply';

/**
 * Art. 6(3) says the offer comes with the terms attached. Only the version in force
 * has a body to attach; when scheduling offered another one (a change took effect in
 * between), the link alone points to it.
 */
function termsAttachment(data: ReservationOfferedV1, terms: TermsSnapshot | undefined): MailAttachment | undefined {
  if (!terms?.body || terms.version !== data.termsVersion) return undefined;
  return {
    filename: `terms-${data.termsVersion.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`,
    contentType: 'text/plain; charset=utf-8',
    content: terms.body,
  };
}

export function reservationOffered(
  data: ReservationOfferedV1,
  contact: ContactRecord,
  context: MailContext,
  terms?: TermsSnapshot,
): SeekerMail {
  const { office, meetingApp } = context;
  const minutes = office.hours.slotMinutes;
  const replyTo = offerReplyAddress(data.reservationId, context.mailDomain, context.replyTag);
  const attachment = termsAttachment(data, terms);
  const attachments = attachment ? [attachment] : undefined;
  if (contact.language === 'en') {
    return {
      template: 'reservation-offered',
      replyTo,
      attachments,
      subject: `[${office.name}] Online consultation: please choose a slot`,
      text: letterEn(contact.name, office, receiptNumber(data), [
        'Thank you for your request for an online job consultation.',
        'We can offer the slots below. Please choose one and reply by its deadline.',
        '',
        'Slots you can choose:',
        ...data.slots.flatMap((s, i) => [
          `  ${i + 1}. ${formatSlotEn(s.start, minutes)}`,
          `     Reply by: ${formatInstantEn(s.deadline)}`,
        ]),
        '',
        'How to reply (either way):',
        `  - On the website: sign in at ${webAppUrl(office)} and choose a slot.`,
        '  - By e-mail: reply to this e-mail with only the number of the slot (e.g. 1) on the first line,',
        `    from the e-mail address you registered. Replies go to ${replyTo}.`,
        '',
        `Your reply means that you accept the terms of use (version ${data.termsVersion}) and confirms the booking (Art. 6(3)).`,
        'We will then e-mail you the date, the time and the link to join.',
        '',
        '- A reply after the deadline (23:59 JST on the day before the slot) cannot be accepted.',
        '- If no slot is chosen in time, the application lapses (Art. 6(4)).',
        '',
        `Terms of use (version ${data.termsVersion}):`,
        `  ${termsUrl(office)}`,
        ...(attachment ? [`  The full text is attached (${attachment.filename}, in Japanese).`] : []),
        `  The consultation uses the meeting app "${meetingApp.name}". Using the service also means`,
        `  agreeing to the ${meetingApp.name} terms of use (Art. 4): ${meetingApp.termsUrl}`,
        ...upcomingTermsEn(terms, office),
        '',
        'Recording or filming the consultation is not allowed.',
      ]),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'reservation-offered',
      replyTo,
      attachments,
      subject: `【${office.name}】オンライン相談：日と時間を選んで、返事をしてください`,
      text: letterEasy(contact.name, office, receiptNumber(data), [
        'オンライン相談の申し込み、ありがとうございます。',
        '次の日と時間で相談ができます。',
        '1つ選んで、しめきりまでに返事をしてください。',
        '',
        '■ 選べる日と時間',
        ...data.slots.flatMap((s, i) => [
          `  ${i + 1}. ${formatSlotEasy(s.start, minutes)}`,
          `     返事のしめきり: ${formatInstantEasy(s.deadline)}`,
        ]),
        '',
        '■ 返事のしかた（どちらか1つ）',
        `  ・ウェブサイト: ${webAppUrl(office)} にログインして、日と時間を選んでください。`,
        '  ・メール: このメールに返事をしてください。1行目に、選んだ番号（例: 1）だけを書いてください。',
        '    登録したメールアドレスから送ってください。',
        `    返事のあて先: ${replyTo}`,
        '',
        `返事をすると、ルール（利用規約 版 ${data.termsVersion}）に同意したことになります。そして、予約が決まります（利用規約 第6条(3)）。`,
        '予約が決まったら、相談の日と時間と、参加するためのURLをメールで知らせます。',
        '',
        '※ しめきり（相談の日の前の日の23時59分）を過ぎた返事は、受け付けできません。',
        '※ しめきりまでに返事がないと、申し込みはなくなります（利用規約 第6条(4)）。',
        '',
        `■ ルール（利用規約 版 ${data.termsVersion}）`,
        `  ${termsUrl(office)}`,
        ...(attachment ? [`  このメールに、ルールの全部の文をつけました（${attachment.filename}）。`] : []),
        `  相談では「${meetingApp.name}」というアプリを使います。`,
        `  ${meetingApp.name} のルール（利用規約）にも同意したことになります（利用規約 第4条）。`,
        `  ${meetingApp.name} の利用規約: ${meetingApp.termsUrl}`,
        ...upcomingTermsEasy(terms, office),
        '',
        '※ 相談を録画・録音してはいけません。',
      ]),
    };
  }
  return {
    template: 'reservation-offered',
    replyTo,
    attachments,
    subject: `【${office.name}】オンライン職業相談 ご予約いただける日時のご案内（要返信）`,
    text: letterJa(contact.name, office, receiptNumber(data), [
      'オンライン職業相談のお申込みありがとうございます。',
      '次の日時でご予約いただけます。ご希望の日時を1つお選びのうえ、回答期限までにご返信ください。',
      '',
      '■ ご予約いただける日時',
      ...data.slots.flatMap((s, i) => [
        `  ${i + 1}. ${formatSlotJa(s.start, minutes)}`,
        `     回答期限: ${formatInstantJa(s.deadline)}`,
      ]),
      '',
      '■ ご返信の方法（どちらか一つ）',
      `  ・Webサイトで選ぶ: ${webAppUrl(office)} にログインし、ご希望の日時を選んでください。`,
      '  ・このメールに返信する: 本文の1行目に、ご希望の日時の番号（例: 1）だけを書いて、このメールに返信してください。',
      '    ご登録のメールアドレスからご返信ください。',
      `    返信先: ${replyTo}`,
      '',
      `ご返信いただいた時点で、下記の利用規約（版 ${data.termsVersion}）に同意したものとみなし、予約が確定します（利用規約 第6条(3)）。`,
      '確定後、相談の日時と参加用のURLをメールでお知らせします。',
      '',
      '※ 回答期限（各日時の前日 23:59）を過ぎたご返信はお受けできません。',
      '※ 期限までにご返信がない場合、お申込みは無効となります（利用規約 第6条(4)）。',
      '',
      `■ 利用規約（版 ${data.termsVersion}）`,
      `  ${termsUrl(office)}`,
      ...(attachment ? [`  全文をこのメールに添付しています（${attachment.filename}）。`] : []),
      `  オンライン職業相談では、通信アプリ「${meetingApp.name}」を使用します。お申込み・ご利用により、`,
      `  ${meetingApp.name} の利用規約にも同意いただいたものとみなします（利用規約 第4条）。`,
      `  ${meetingApp.name} 利用規約: ${meetingApp.termsUrl}`,
      ...upcomingTermsJa(terms, office),
      '',
      '※ 相談の録画・録音は禁止されています。',
    ]),
  };
}
