// The sign-in link e-mail (plain text, Japanese unless the seeker chose easy Japanese or English, R63). The
// link is a secret: it is built here into the text and nowhere else (no event, no log).
import { DateTime } from 'luxon';
import { footerEasy, formatInstantEasy, salutationEasy } from '@soudan/notification-domain';
import type { SendSignInLinkRequest } from '@soudan/notification-contracts';

export interface SignInLinkOffice {
  name: string;
  phone: string;
  /** R3: the consultation hours the mail gives beside the phone number. */
  hours?: { open: string; close: string; slotMinutes: number };
}

const jst = (iso: string) => DateTime.fromISO(iso).setZone('Asia/Tokyo');

export function signInLinkMail(
  request: SendSignInLinkRequest,
  office: SignInLinkOffice,
): { subject: string; text: string } {
  const expires = jst(request.expiresAt);
  if (request.language === 'en') {
    return {
      subject: `[${office.name}] Your sign-in link for online job consultations`,
      text: [
        request.name ? `Dear ${request.name},` : 'Hello,',
        '',
        'Open this link to sign in to the online job consultation service:',
        '',
        request.link,
        '',
        `The link works once, until ${expires.setLocale('en').toFormat('d LLL yyyy, HH:mm')} (JST).`,
        'If you did not ask to sign in, ignore this e-mail; nothing happens without the link.',
        'Never forward this e-mail: anyone with the link can sign in as you.',
        '',
        `${office.name}  TEL ${office.phone}`,
      ].join('\n'),
    };
  }
  if (request.language === 'ja-easy') {
    return {
      subject: `【${office.name}】オンライン相談にログインするためのリンク`,
      text: [
        request.name ? salutationEasy(request.name) : 'こんにちは。',
        '',
        'オンライン相談にログインするためのリンクです。',
        '次のリンクを開いて、ログインしてください。',
        '',
        request.link,
        '',
        `■ 使える時間: ${formatInstantEasy(request.expiresAt)}まで（15分間だけ、1回だけ使えます）`,
        '',
        '※ あなたがログインしようとしていないときは、このメールを捨ててください。リンクを開かなければ、何も起きません。',
        '※ このメールを、ほかの人に送らないでください。リンクを知っている人は、だれでもあなたとしてログインできます。',
        '',
        ...footerEasy(office),
      ].join('\n'),
    };
  }
  return {
    subject: `【${office.name}】オンライン職業相談 ログイン用リンクのお知らせ`,
    text: [
      request.name ? `${request.name} 様` : 'ご利用者 様',
      '',
      'オンライン職業相談へのログインのお申込みを受け付けました。',
      '次のリンクを開いてログインしてください。',
      '',
      request.link,
      '',
      `■ 有効期限: ${expires.toFormat('yyyy年M月d日 HH:mm')}（15分間・1回限り有効）`,
      '',
      '※ お心当たりのない場合は、このメールを破棄してください。リンクを開かない限り何も起こりません。',
      '※ このリンクを他の人に転送しないでください。リンクを知っている人は誰でもあなたとしてログインできます。',
      '',
      `${office.name}`,
      `TEL ${office.phone}（相談時間 ${office.hours?.open ?? '10:00'}〜${office.hours?.close ?? '16:00'}、土日祝・年末年始を除く）`,
    ].join('\n'),
  };
}
