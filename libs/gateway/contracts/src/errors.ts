// The gateway's own error codes: signing in, roles, abuse protection and the roster
// file it reads (api.md "Errors"), each with its HTTP status and its ja/en message.
import type { ErrorTable } from '@soudan/rpc-contract';

export const GatewayErrors = {
  UNAUTHENTICATED: {
    status: 401,
    ja: 'ログインが必要です。ログインしてからもう一度お試しください。',
    en: 'Sign in first: this needs a bearer token.',
  },
  INVALID_TOKEN: {
    status: 401,
    ja: 'ログイン情報が無効です。もう一度ログインしてください。',
    en: 'The token is not valid (unknown, already used, altered or incomplete); sign in again.',
  },
  TOKEN_EXPIRED: {
    status: 401,
    ja: 'ログインの有効期限が切れました。もう一度ログインしてください。',
    en: 'The token has expired; sign in again.',
  },
  FORBIDDEN: { status: 403, ja: 'この操作を行う権限がありません。', en: 'Your role does not allow this.' },
  OFFICE_FORBIDDEN: {
    status: 403,
    ja: '担当していない安定所の情報は扱えません。',
    en: 'You do not work for this office.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    ja: 'ユーザー名またはパスワードが正しくありません。',
    en: 'Wrong username or password.',
  },
  RATE_LIMITED: {
    status: 429,
    ja: '短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。',
    en: 'Too many attempts; wait a while (see Retry-After) and try again.',
  },
  WEAK_PASSWORD: {
    status: 400,
    ja: 'パスワードが弱すぎます。12文字以上で、推測されにくいものにしてください。',
    en: 'The password is too weak: use at least 12 characters that are hard to guess.',
  },
  STAFF_USER_EXISTS: {
    status: 409,
    ja: 'このユーザー名はすでに使われています。',
    en: 'A staff user with this username already exists.',
  },
  STAFF_USER_NOT_FOUND: {
    status: 404,
    ja: 'この職員アカウントは見つかりません。',
    en: 'No staff user of this name.',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    ja: 'このアカウントは利用停止中です。管理者にお問い合わせください。',
    en: 'This account is disabled; ask an administrator.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    ja: 'パスワードがリセットされています。新しいパスワードを設定してからログインしてください。',
    en: 'The password was reset: choose a new one (POST /auth/staff/password) before signing in.',
  },
  TOKEN_REVOKED: {
    status: 401,
    ja: 'アカウントの設定や利用状況が変わったため、ログインが無効になりました。もう一度ログインしてください。',
    en: 'This token was ended because the account changed (staff: roles, password or disabled; job seeker: suspended or erased); sign in again.',
  },
  LAST_ADMIN: {
    status: 409,
    ja: '最後の管理者アカウントは、利用停止や管理者権限の削除ができません。',
    en: 'This is the last enabled administrator: it cannot be disabled or lose the admin role.',
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
