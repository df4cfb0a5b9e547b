// Scheduling's error codes: the refusals of api.md "Errors" (R2-R6, R10-R17, R30) and
// the meeting link (R15), each with its HTTP status and its ja/en message.
import type { ErrorTable } from '@soudan/rpc-contract';

export const SchedulingErrors = {
  RESERVATION_NOT_FOUND: { status: 404, ja: '指定された予約が見つかりません。', en: 'No such reservation.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    ja: 'この Idempotency-Key は別の内容の申込みに使われています。',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  DESIRED_SLOTS_DUPLICATED: {
    status: 422,
    ja: '希望日時が重複しています。',
    en: 'The desired slots contain duplicates.',
  },
  LEAD_TIME: {
    status: 422,
    ja: '申込みは相談希望日の2営業日前までにお願いします。details の earliestDate 以降の日時をお選びください。',
    en: 'A request must arrive at least 2 business days before the consultation; choose a date from details.earliestDate on.',
  },
  OUTSIDE_HOURS: {
    status: 422,
    ja: '相談時間（10:00〜16:00、30分単位）の開始時刻を指定してください。',
    en: 'Choose the start of a 30-minute slot within consultation hours (see details.hours).',
  },
  NOT_BUSINESS_DAY: {
    status: 422,
    ja: 'この日は開庁日ではありません（土日祝・年末年始・休業日）。別の日をお選びください。',
    en: 'The office is closed on this date; choose a business day.',
  },
  SLOT_IN_PAST: { status: 422, ja: 'この日時はすでに過ぎています。', en: 'This slot is in the past.' },
  SLOT_FULL: {
    status: 409,
    ja: 'この日時は満席です。別の日時をお選びください。',
    en: 'This slot is full; choose another.',
  },
  SLOT_NOT_OFFERED: {
    status: 422,
    ja: 'この日時はご案内した日時ではありません。ご案内した日時からお選びください。',
    en: 'This slot was not offered; choose one of the offered slots.',
  },
  SLOT_NOT_HELD: {
    status: 422,
    ja: 'この日時の確保は解除されています。お手数ですが、お電話でご相談ください。',
    en: 'This slot is no longer held for you; please call the office.',
  },
  CONFIRMATION_DEADLINE_PASSED: {
    status: 422,
    ja: 'この日時の回答期限（前日 23:59）を過ぎています。',
    en: 'The deadline to confirm this slot (23:59 JST the day before) has passed.',
  },
  TERMS_VERSION_MISMATCH: {
    status: 422,
    ja: 'ご案内した利用規約の版と異なります。ご案内の版（details.expected）に同意してください。',
    en: 'The terms version differs from the one offered (details.expected).',
  },
  SAME_DAY_PHONE_ONLY: {
    status: 409,
    ja: '相談日当日のキャンセルはお電話でのみ承ります。details の電話番号にご連絡ください。',
    en: 'On the day of the consultation, please cancel by phone (the number is in details).',
  },
  ALREADY_CANCELLED: {
    status: 409,
    ja: 'この予約はすでにキャンセルされています。',
    en: 'This reservation has already been cancelled.',
  },
  INVALID_STATE: {
    status: 409,
    ja: '現在の予約の状態では、この操作はできません。',
    en: 'This cannot be done in the reservation’s current state (see details.status).',
  },
  NOT_ELIGIBLE: {
    status: 422,
    ja: 'オンライン職業相談の利用条件を満たしていないため、お申込みを受け付けられません。理由は details をご確認ください。',
    en: 'The conditions for online consultations are not met; see details.reasons.',
  },
  SUSPENDED: {
    status: 422,
    ja: '現在、オンライン職業相談のご利用を停止しています。詳しくはハローワークにお問い合わせください。',
    en: 'Use of online consultations is suspended for this job seeker.',
  },
  TERMS_VERSION_EXISTS: {
    status: 409,
    ja: 'この版の利用規約はすでに登録されています。',
    en: 'Terms with this version have already been published.',
  },
  EFFECTIVE_DATE_NOT_IN_FUTURE: {
    status: 422,
    ja: '新しい利用規約の適用開始日時は、現在の版より後の将来の日時にしてください。',
    en: 'New terms must take effect in the future, after the current version.',
  },
  JOIN_LINK_NOT_FOUND: {
    status: 404,
    ja: 'このリンクは無効です。メールに記載のリンクをご確認ください。',
    en: 'This meeting link is not valid.',
  },
  JOIN_NOT_OPEN: {
    status: 422,
    ja: '入室は開始15分前から可能です。',
    en: 'The meeting opens 15 minutes before the start.',
  },
  JOIN_CLOSED: { status: 422, ja: '相談時間は終了しました。', en: 'The consultation time has ended.' },
  NOT_BOOKED: {
    status: 409,
    ja: 'この予約はまだ確定していない（または終了・キャンセル済みの）ため、この操作はできません。',
    en: 'This reservation is not booked (not confirmed yet, or over or cancelled).',
  },
  NOT_YET_DUE: { status: 422, ja: 'まだその時刻になっていません。', en: 'This is not due yet.' },
  OFFICE_NOT_FOUND: {
    status: 404,
    ja: '指定された安定所は登録されていません。',
    en: 'No office with this code is registered.',
  },
  OFFICE_NOT_SERVED: {
    status: 422,
    ja: 'お客様の求職番号のハローワークでは、オンライン職業相談の予約を受け付けていません。ご登録のハローワークにお問い合わせください。',
    en: 'The Hello Work office of your job seeker number does not take online consultation bookings; please contact that office.',
  },
  OFFICE_SETTINGS_INVALID: {
    status: 422,
    ja: '安定所の設定に誤りがあります。details.fields をご確認ください。',
    en: 'The office settings are not valid; see details.fields.',
  },
  OFFICE_IMPORT_REFUSED: {
    status: 422,
    ja: '取り込めない行があるため、何も登録していません。details.rows をご確認ください。',
    en: 'Some rows cannot be imported, so nothing was written; see details.rows.',
  },
} as const satisfies ErrorTable;
