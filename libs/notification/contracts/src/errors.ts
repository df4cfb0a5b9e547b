// Notification's error codes: undeliverable mail, staff alerts and e-mail replies
// (R60-R62), each with its HTTP status and its ja/en message.
import type { ErrorTable } from '@soudan/rpc-contract';

export const NotificationErrors = {
  MAIL_REJECTED: {
    status: 422,
    ja: 'メールサーバーがこのメールの受け取りを拒否しました。宛先のメールアドレスをご確認ください。',
    en: 'The mail server refused this message; check the recipient address.',
  },
  REPLY_NOT_FOUND: { status: 404, ja: '指定された返信が見つかりません。', en: 'No such reply.' },
  ALERT_NOT_FOUND: { status: 404, ja: '指定されたアラートが見つかりません。', en: 'No such alert.' },
  ALERT_ALREADY_RESOLVED: {
    status: 409,
    ja: 'このアラートはすでに対応済みになっています。',
    en: 'This alert has already been resolved.',
  },
} as const satisfies ErrorTable;
