// R31 (Art. 13): a change of the terms is announced, with its content and effective
// date, to every seeker with an open reservation, once each however many they hold.
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type { ReservationStatus, TermsChangedV1 } from '@soudan/scheduling-contracts';
import { formatEffectiveEasy, formatEffectiveEn, formatEffectiveJa, indent } from './format';
import { footerEasy, footerEn, footerJa, salutationEasy, termsUrl, type MailContext, type SeekerMail } from './mail';

/** One row of `scheduling.reservations.open`. */
export interface OpenReservation {
  reservationId: string;
  seekerId: string;
  status: ReservationStatus;
  slot: string | null;
  /** R73: the reservation's office (a notice of an office's new terms goes to its seekers only). */
  officeCode?: string;
}

export interface TermsChangeRecipient {
  seekerId: string;
  reservationIds: string[];
}

/** One entry per seeker, in a stable order so that a retry walks the same list. */
export function termsChangeRecipients(open: readonly OpenReservation[]): TermsChangeRecipient[] {
  const bySeeker = new Map<string, Set<string>>();
  for (const r of open) {
    if (!r.seekerId) continue;
    const ids = bySeeker.get(r.seekerId) ?? new Set<string>();
    ids.add(r.reservationId);
    bySeeker.set(r.seekerId, ids);
  }
  return [...bySeeker.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([seekerId, ids]) => ({ seekerId, reservationIds: [...ids].sort() }));
}

// The full text of the new version is not served before it applies (the public
// endpoint shows the version in force plus the announced changes), so the mail
// carries the summary and says when the link shows the new text.
export function termsChanged(data: TermsChangedV1, contact: ContactRecord, context: MailContext): SeekerMail {
  const { office } = context;
  if (contact.language === 'en') {
    return {
      template: 'terms-changed',
      subject: `[${office.name}] Change of the terms of use for online consultations`,
      text: [
        `Dear ${contact.name},`,
        '',
        'You have an application or a booking for an online job consultation, so we let you know',
        'that the terms of use will change as follows (Art. 13).',
        '',
        `New version:    ${data.version} (replaces ${data.previousVersion})`,
        `Effective from: ${formatEffectiveEn(data.effectiveFrom)}`,
        'Summary of the changes:',
        ...indent(data.changeSummary),
        '',
        'Where to read the terms:',
        `  ${termsUrl(office)}`,
        '  It shows the terms in force and the announced change; the new text is shown there from the effective date.',
        '',
        'From the effective date, the new version applies to your use of the service.',
        'If you have any questions, please call us.',
        '',
        ...footerEn(office),
      ].join('\n'),
    };
  }
  if (contact.language === 'ja-easy') {
    return {
      template: 'terms-changed',
      subject: `【${office.name}】オンライン相談のルール（利用規約）が変わります`,
      text: [
        salutationEasy(contact.name),
        '',
        'あなたは、オンライン相談を申し込んでいるか、予約しています。',
        'オンライン相談のルール（利用規約）が、次のように変わります（利用規約 第13条）。',
        '',
        `■ 新しい版: ${data.version}（今の版: ${data.previousVersion}）`,
        `■ 変わる日: ${formatEffectiveEasy(data.effectiveFrom)}`,
        '■ 変わるところ:',
        ...indent(data.changeSummary),
        '',
        '■ ルールを見るところ',
        `  ${termsUrl(office)}`,
        '  今のルールと、変わるところを見ることができます。新しいルールの全部の文は、変わる日から、このURLで見ることができます。',
        '',
        '変わる日からは、新しいルールで相談を使います。',
        'わからないことがあるときは、電話で聞いてください。',
        '',
        ...footerEasy(office),
      ].join('\n'),
    };
  }
  return {
    template: 'terms-changed',
    subject: `【${office.name}】オンライン職業相談等利用規約の改定のお知らせ`,
    text: [
      `${contact.name} 様`,
      '',
      'オンライン職業相談をお申込み・ご予約いただいている方にお知らせします。',
      'オンライン職業相談等利用規約を、次のとおり改定します（利用規約 第13条）。',
      '',
      `■ 改定後の版: ${data.version}（現行: ${data.previousVersion}）`,
      `■ 効力発生日: ${formatEffectiveJa(data.effectiveFrom)}`,
      '■ 変更の概要:',
      ...indent(data.changeSummary),
      '',
      '■ 利用規約の確認方法',
      `  ${termsUrl(office)}`,
      '  現在の利用規約と改定の予定をご確認いただけます。改定後の全文は、効力発生日からこのURLで表示されます。',
      '',
      '効力発生日以降のご利用には、改定後の利用規約が適用されます。',
      'ご不明な点は、お電話でお問い合わせください。',
      '',
      ...footerJa(office),
    ].join('\n'),
  };
}
