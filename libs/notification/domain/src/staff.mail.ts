import { receiptNumber } from './mail';
// The e-mails to the office's staff (R60: overdue requests, undeliverable mail, no-show
// review), in Japanese. They carry reservation numbers and counts, never a seeker's
// name, number or address: a mailbox keeps mail longer than the system keeps personal
// data (R54), and staff look the seeker up on the staff screens.
import type { NoShowReviewRequestedV1 } from '@soudan/eligibility-contracts';
import type { MailUndeliverableV1 } from '@soudan/notification-contracts';
import type { AnswerOverdueV1 } from '@soudan/scheduling-contracts';
import { formatDateJa, formatInstantJa } from './format';
import type { MailOffice } from './mail';

export type StaffTemplateName = 'staff-overdue-request' | 'staff-no-show-review' | 'staff-undeliverable-mail';

export interface StaffMail {
  template: StaffTemplateName;
  subject: string;
  text: string;
}

/** The names staff know the seeker e-mails by; a template not listed shows its id. */
const TEMPLATE_LABELS_JA: Readonly<Record<string, string>> = {
  'request-received': '申込み受付のお知らせ',
  'reservation-offered': '日時のご案内（利用規約添付）',
  'reservation-confirmed': '予約確定のお知らせ（参加用URL）',
  reminder: '前日のお知らせ（リマインダー）',
  'reservation-cancelled': 'キャンセルのお知らせ',
  'reservation-lapsed': '申込み無効のお知らせ',
  'reservation-rejected': '申込みをお受けできない旨のお知らせ',
  'answer-overdue': '回答遅延のお知らせ（お電話のお願い）',
  'session-no-show': '無断キャンセル扱いのお知らせ',
  'terms-changed': '利用規約改定のお知らせ',
  'staff-overdue-request': '職員宛て: 回答期限超過のお知らせ',
  'staff-no-show-review': '職員宛て: 利用停止の確認依頼',
  'staff-undeliverable-mail': '職員宛て: メール不達のお知らせ',
};

export const templateLabelJa = (template: string) => TEMPLATE_LABELS_JA[template] ?? template;

const SUBJECT_PREFIX = '【オンライン職業相談・職員用】';

function greeting(office: MailOffice): string[] {
  return [`${office.name} オンライン職業相談 ご担当者様`, ''];
}

function closing(): string[] {
  return [
    '',
    '※ このメールはオンライン職業相談の予約システムから自動で送信しています。',
    '※ 求職者の氏名・連絡先は記載していません。職員用画面でご確認ください。',
  ];
}

/** R7: no offer by the end of the 3rd business day after the request day. */
export function staffOverdueRequest(data: AnswerOverdueV1, office: MailOffice): StaffMail {
  return {
    template: 'staff-overdue-request',
    subject: `${SUBJECT_PREFIX}回答期限を過ぎたお申込みがあります（受付番号 ${receiptNumber(data)}）`,
    text: [
      ...greeting(office),
      '次のお申込みについて、回答期限（申込日の翌日から3営業日、利用規約 第6条(3)）までに日時のご案内ができていません。',
      '求職者には、当ハローワークへお電話でご確認いただくようメールでお知らせしました。',
      '',
      `■ 受付番号: ${receiptNumber(data)}`,
      `■ 回答期限: ${formatInstantJa(data.answerDueBy)}`,
      '',
      '職員用画面の「アラート」（回答期限超過）から、日時のご案内またはお断りの対応をお願いします。',
      ...closing(),
    ].join('\n'),
  };
}

/** R19 (no-shows at the threshold) and R21 (a session ended for cause): a supervisor decides (R42). */
export function staffNoShowReview(data: NoShowReviewRequestedV1, office: MailOffice): StaffMail {
  const terminated = data.reason === 'terminated';
  const lines = terminated
    ? [
        '相談員が、次の相談を利用規約 第12条(1)（脅迫・暴言、就職目的以外の利用など）により中止しました。',
        '今後のご利用をお断りするかどうか、監督者のご判断をお願いします。',
        '',
        `■ 中止した相談の受付番号: ${receiptNumber(data)}`,
      ]
    : [
        `ご連絡のないままのキャンセル（無断キャンセル）が、${data.windowDays}日以内に${data.noShows}回ありました（確認の基準: ${data.threshold}回）。`,
        '利用規約 第6条(6)により、今後のご利用をお断りするかどうか、監督者のご判断をお願いします。',
        '',
        `■ 無断キャンセルの回数: ${data.noShows}回（${formatDateJa(data.since)}以降）`,
        `■ 直近の受付番号: ${receiptNumber(data)}`,
      ];
  return {
    template: 'staff-no-show-review',
    subject: terminated
      ? `${SUBJECT_PREFIX}相談を中止した求職者の利用停止の確認依頼（受付番号 ${receiptNumber(data)}）`
      : `${SUBJECT_PREFIX}無断キャンセルが続いた求職者の利用停止の確認依頼（受付番号 ${receiptNumber(data)}）`,
    text: [
      ...greeting(office),
      ...lines,
      `■ 確認番号: ${data.reviewId}`,
      '',
      '職員用画面の「アラート」（利用停止の確認）から、利用停止にするか、確認を終了するかを決めてください。',
      'システムが自動で利用を停止することはありません。',
      ...closing(),
    ].join('\n'),
  };
}

/** R62: a seeker e-mail the mail server refused, or kept deferring until the retries ran out. */
export function staffUndeliverableMail(data: MailUndeliverableV1, office: MailOffice): StaffMail {
  const reservations = data.reservationId ? [data.reservationId] : (data.reservationIds ?? []);
  return {
    template: 'staff-undeliverable-mail',
    subject: `${SUBJECT_PREFIX}求職者へのメールを配信できませんでした${reservations.length === 1 ? `（受付番号 ${reservations[0]}）` : ''}`,
    text: [
      ...greeting(office),
      data.permanent
        ? '次のメールは、メールサーバーに受け取りを拒否されたため、求職者に届いていません。'
        : `次のメールは、メールサーバーが受け取りを保留し続けたため（${data.attempts}回試行）、求職者に届いていません。`,
      '',
      `■ メール: ${templateLabelJa(data.template)}`,
      ...(reservations.length > 0 ? [`■ 受付番号: ${reservations.join('、')}`] : []),
      `■ 配信できなかった日時: ${formatInstantJa(data.failedAt)}`,
      `■ メールサーバーの応答: ${data.reason}`,
      '',
      '求職者にお電話などで内容をお伝えし、登録されているメールアドレスに誤りがないかご確認ください。',
      '対応が済みましたら、職員用画面の「アラート」（配信できなかったメール）で対応済みにしてください。',
      ...closing(),
    ].join('\n'),
  };
}
