// Human messages for the stable error codes of api.md. Japanese is the default for
// anything a job seeker or staff member reads; English with `Accept-Language: en`.

export type Language = 'ja' | 'en';

type Entry = { ja: string; en: string };

const catalog: Record<string, Entry> = {
  VALIDATION_FAILED: { ja: '入力内容に誤りがあります。各項目をご確認ください。', en: 'Some fields are invalid; see details.' },
  MALFORMED_JSON: { ja: 'リクエストの JSON を読み取れません。', en: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { ja: 'JSON（application/json）で送信してください。', en: 'Send the body as application/json.' },
  PAYLOAD_TOO_LARGE: { ja: 'リクエストが大きすぎます。', en: 'The request body is too large.' },
  NOT_FOUND: { ja: '指定されたページまたはデータが見つかりません。', en: 'Nothing was found at this address.' },
  RESERVATION_NOT_FOUND: { ja: '指定された予約が見つかりません。', en: 'No such reservation.' },
  REVISION_CONFLICT: {
    ja: '同時に別の操作が行われました。最新の状態を確認して、もう一度お試しください。',
    en: 'Someone changed this at the same time; reload and try again.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    ja: 'Idempotency-Key ヘッダーの形式が正しくありません（英数字・記号 1〜128 文字）。',
    en: 'The Idempotency-Key header must be 1-128 letters, digits or -_.:',
  },
  IDEMPOTENCY_KEY_REUSED: {
    ja: 'この Idempotency-Key は別の内容の申込みに使われています。',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  UPSTREAM_TIMEOUT: {
    ja: 'ただいま処理に時間がかかっています。しばらくしてからもう一度お試しください。',
    en: 'A service did not answer in time; try again shortly.',
  },
  UPSTREAM_UNAVAILABLE: {
    ja: 'ただいまサービスを利用できません。しばらくしてからもう一度お試しください。',
    en: 'A service is unavailable; try again shortly.',
  },
  STORE_UNAVAILABLE: {
    ja: 'ただいまデータを保存できません。しばらくしてからもう一度お試しください。',
    en: 'The data store is unavailable; nothing was saved. Try again shortly.',
  },
  DESIRED_SLOTS_DUPLICATED: { ja: '希望日時が重複しています。', en: 'The desired slots contain duplicates.' },
  INTERNAL: { ja: 'システムエラーが発生しました。時間をおいてお試しください。', en: 'An internal error occurred.' },
  // Sign-in, roles and abuse protection (gateway).
  UNAUTHENTICATED: { ja: 'ログインが必要です。ログインしてからもう一度お試しください。', en: 'Sign in first: this needs a bearer token.' },
  INVALID_TOKEN: {
    ja: 'ログイン情報が無効です。もう一度ログインしてください。',
    en: 'The token is not valid (unknown, already used, altered or incomplete); sign in again.',
  },
  TOKEN_EXPIRED: { ja: 'ログインの有効期限が切れました。もう一度ログインしてください。', en: 'The token has expired; sign in again.' },
  FORBIDDEN: { ja: 'この操作を行う権限がありません。', en: 'Your role does not allow this.' },
  INVALID_CREDENTIALS: { ja: 'ユーザー名またはパスワードが正しくありません。', en: 'Wrong username or password.' },
  RATE_LIMITED: {
    ja: '短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。',
    en: 'Too many attempts; wait a while (see Retry-After) and try again.',
  },
  SERVICE_BUSY: { ja: 'ただいま混み合っています。しばらくしてからもう一度お試しください。', en: 'The service is busy; try again shortly.' },
  WEAK_PASSWORD: {
    ja: 'パスワードが弱すぎます。12文字以上で、推測されにくいものにしてください。',
    en: 'The password is too weak: use at least 12 characters that are hard to guess.',
  },
  STAFF_USER_EXISTS: { ja: 'このユーザー名はすでに使われています。', en: 'A staff user with this username already exists.' },
  BAD_REQUEST: { ja: 'リクエストの内容が正しくありません。', en: 'The request is not valid.' },
  METHOD_NOT_ALLOWED: { ja: 'この操作はこのアドレスでは使えません。', en: 'This method is not allowed here.' },
};

export function messageFor(code: string, language: Language, fallback?: string): string {
  const entry = catalog[code];
  if (entry) return entry[language];
  return fallback && language === 'en' ? fallback : language === 'ja' ? `エラーが発生しました（${code}）。` : `Error ${code}.`;
}

export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'ja';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}
