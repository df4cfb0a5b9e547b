// The gateway's own error codes: the edge's guards (no or wrong credentials for a route,
// a role that may not), abuse protection and the roster file it reads (api.md "Errors"),
// each with its HTTP status and its ja/en message. Signing in, tokens and staff accounts
// are identity's (`IdentityErrors`).
import type { ErrorTable } from '@soudan/rpc-contract';

export const GatewayErrors = {
  UNAUTHENTICATED: {
    status: 401,
    ja: 'ログインが必要です。ログインしてからもう一度お試しください。',
    en: 'Sign in first: this needs a bearer token.',
  },
  FORBIDDEN: { status: 403, ja: 'この操作を行う権限がありません。', en: 'Your role does not allow this.' },
  RATE_LIMITED: {
    status: 429,
    ja: '短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。',
    en: 'Too many attempts; wait a while (see Retry-After) and try again.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    ja: 'Idempotency-Key ヘッダーの形式が正しくありません（英数字・記号 1〜128 文字）。',
    en: 'The Idempotency-Key header must be 1-128 letters, digits or -_.:',
  },
  CSV_CONTENT_TYPE_REQUIRED: {
    status: 415,
    ja: 'CSV ファイル（text/csv）として送信してください。',
    en: 'Send the file as text/csv.',
  },
  CSV_EMPTY: { status: 400, ja: 'CSV ファイルが空です。', en: 'The CSV file is empty.' },
  CSV_ENCODING_INVALID: {
    status: 400,
    ja: 'CSV ファイルを読み取れません。UTF-8 または Shift_JIS の CSV ファイルを送信してください。',
    en: 'The file cannot be read as text: send a CSV file in UTF-8 or Shift_JIS.',
  },
  CSV_MALFORMED: {
    status: 400,
    ja: 'CSV の形式に誤りがあります（引用符の閉じ忘れなど）。details の行番号をご確認ください。',
    en: 'The file is not valid CSV (e.g. an unclosed quote); see the line in details.',
  },
  ROSTER_IMPORT_TOO_LARGE: {
    status: 413,
    ja: 'CSV の行数が多すぎます。ファイルを分けて取り込んでください。',
    en: 'The CSV has too many rows; split it into several files.',
  },
  ROSTER_IMPORT_REJECTED: {
    status: 422,
    ja: 'CSV に誤りのある行があるため、取り込みを行いませんでした。各行の内容を修正して、もう一度取り込んでください。',
    en: 'Some rows of the CSV are invalid, so nothing was imported; fix the rows listed and import the file again.',
  },
} as const satisfies ErrorTable;
