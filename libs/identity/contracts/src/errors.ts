// Identity's error codes: signing in, access tokens, staff accounts and the offices they
// work for (R72), each with its HTTP status and its ja/en message (api.md "Errors").
import type { ErrorTable } from '@soudan/rpc-contract';

export const IdentityErrors = {
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
} as const satisfies ErrorTable;
