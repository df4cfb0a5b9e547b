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
  // Eligibility: roster, import, suspensions, reviews, erasure (R19, R21, R40-R42, R54).
  SEEKER_NOT_FOUND: { ja: 'この求職番号の求職者は名簿に登録されていません。', en: 'No job seeker with this number is on the roster.' },
  SUSPENSION_NOT_FOUND: { ja: 'この求職者は利用停止中ではありません。', en: 'This job seeker is not suspended.' },
  SUSPENSION_END_NOT_IN_FUTURE: { ja: '利用停止の終了日は今日以降の日付にしてください。', en: 'The suspension must end in the future.' },
  REVIEW_NOT_FOUND: { ja: 'この求職者について確認待ちの案件はありません。', en: 'There is no open review for this job seeker.' },
  ROSTER_IMPORT_REJECTED: {
    ja: 'CSV に誤りのある行があるため、取り込みを行いませんでした。各行の内容を修正して、もう一度取り込んでください。',
    en: 'Some rows of the CSV are invalid, so nothing was imported; fix the rows listed and import the file again.',
  },
  ROSTER_HEADER_INVALID: {
    ja: 'CSV の1行目（見出し）に必要な列がありません。求職番号,氏名,メールアドレス,安定所番号,登録状況 の列を含めてください。',
    en: 'The header row lacks a column: it needs jobSeekerNumber,name,email,officeCode,status (or the Japanese names).',
  },
  ROSTER_IMPORT_TOO_LARGE: { ja: 'CSV の行数が多すぎます。ファイルを分けて取り込んでください。', en: 'The CSV has too many rows; split it into several files.' },
  CSV_EMPTY: { ja: 'CSV ファイルが空です。', en: 'The CSV file is empty.' },
  CSV_ENCODING_INVALID: {
    ja: 'CSV ファイルを読み取れません。UTF-8 または Shift_JIS の CSV ファイルを送信してください。',
    en: 'The file cannot be read as text: send a CSV file in UTF-8 or Shift_JIS.',
  },
  CSV_MALFORMED: { ja: 'CSV の形式に誤りがあります（引用符の閉じ忘れなど）。details の行番号をご確認ください。', en: 'The file is not valid CSV (e.g. an unclosed quote); see the line in details.' },
  CSV_CONTENT_TYPE_REQUIRED: { ja: 'CSV ファイル（text/csv）として送信してください。', en: 'Send the file as text/csv.' },
  // Reasons of a rejected roster row (details.rejected[].reasons[].code).
  COLUMN_COUNT: { ja: '列の数が見出し行と合いません（氏名などに「,」が含まれる場合は「"」で囲んでください）。', en: 'The row has a different number of columns than the header (quote values that contain commas).' },
  FIELD_TOO_LONG: { ja: '値が長すぎます。', en: 'The value is too long.' },
  DUPLICATE_IN_FILE: { ja: '同じ求職番号がファイル内で重複しています。', en: 'The same job seeker number appears more than once in the file.' },
  JOB_SEEKER_NUMBER_REQUIRED: { ja: '求職番号を入力してください。', en: 'The job seeker number is missing.' },
  JOB_SEEKER_NUMBER_INVALID: { ja: '求職番号は「16070-12345678」の形式（5桁-8桁）で入力してください。', en: 'The job seeker number must look like 16070-12345678.' },
  NAME_REQUIRED: { ja: '氏名を入力してください。', en: 'The name is missing.' },
  NAME_INVALID: { ja: '氏名は100文字以内で、改行を含めずに入力してください。', en: 'The name must be one line of at most 100 characters.' },
  EMAIL_REQUIRED: { ja: 'メールアドレスを入力してください。', en: 'The e-mail address is missing.' },
  EMAIL_INVALID: { ja: 'メールアドレスの形式が正しくありません。', en: 'The e-mail address is not valid.' },
  OFFICE_CODE_REQUIRED: { ja: '安定所番号を入力してください。', en: 'The office code is missing.' },
  OFFICE_CODE_INVALID: { ja: '安定所番号は5桁の数字で入力してください。', en: 'The office code must be 5 digits.' },
  STATUS_REQUIRED: { ja: '登録状況を入力してください。', en: 'The registration status is missing.' },
  STATUS_INVALID: {
    ja: '登録状況は「登録済」または「仮登録承認」（registered / pre_registration_approved）で入力してください。',
    en: 'The registration status must be registered or pre_registration_approved (登録済 / 仮登録承認).',
  },
  // Notification: a mail the mail server refused for good (staff see it as undeliverable mail, R60/R62).
  MAIL_REJECTED: { ja: 'メールサーバーがこのメールの受け取りを拒否しました。宛先のメールアドレスをご確認ください。', en: 'The mail server refused this message; check the recipient address.' },
  // Staff alerts (R62): undeliverable mail and dead letters a supervisor marks as dealt with.
  ALERT_NOT_FOUND: { ja: '指定されたアラートが見つかりません。', en: 'No such alert.' },
  ALERT_ALREADY_RESOLVED: { ja: 'このアラートはすでに対応済みになっています。', en: 'This alert has already been resolved.' },
  // Audit (R50-R53): the usage record, the integrity check and disclosures of device data.
  AUDIT_POSITION_NOT_FOUND: { ja: '指定された位置の記録がありません。前回の応答の next の値を指定してください。', en: 'The audit trail has no record at this position; pass a next value from an earlier answer.' },
  DISCLOSURE_NOT_FOUND: { ja: '指定された開示請求が見つかりません。', en: 'No such disclosure.' },
  SAME_APPROVER: {
    ja: '開示は、請求を登録した方とは別の監督者が承認してください。',
    en: 'A disclosure must be approved by a second supervisor, not by the one who recorded the request.',
  },
  DISCLOSURE_ALREADY_APPROVED: { ja: 'この開示請求はすでに承認されています。', en: 'This disclosure has already been approved.' },
  DISCLOSURE_NOT_APPROVED: {
    ja: 'この開示請求はまだ承認されていません。別の監督者の承認後に端末情報を表示できます。',
    en: 'This disclosure is not approved yet; device data is shown once a second supervisor approves it.',
  },
  // Scheduling: the refusals of api.md "Errors" (R2-R6, R11-R17, R30) and the meeting link (R15).
  LEAD_TIME: {
    ja: '申込みは相談希望日の2営業日前までにお願いします。details の earliestDate 以降の日時をお選びください。',
    en: 'A request must arrive at least 2 business days before the consultation; choose a date from details.earliestDate on.',
  },
  OUTSIDE_HOURS: {
    ja: '相談時間（10:00〜16:00、30分単位）の開始時刻を指定してください。',
    en: 'Choose the start of a 30-minute slot within consultation hours (see details.hours).',
  },
  NOT_BUSINESS_DAY: { ja: 'この日は開庁日ではありません（土日祝・年末年始・休業日）。別の日をお選びください。', en: 'The office is closed on this date; choose a business day.' },
  SLOT_IN_PAST: { ja: 'この日時はすでに過ぎています。', en: 'This slot is in the past.' },
  SLOT_FULL: { ja: 'この日時は満席です。別の日時をお選びください。', en: 'This slot is full; choose another.' },
  SLOT_NOT_OFFERED: { ja: 'この日時はご案内した日時ではありません。ご案内した日時からお選びください。', en: 'This slot was not offered; choose one of the offered slots.' },
  SLOT_NOT_HELD: {
    ja: 'この日時の確保は解除されています。お手数ですが、お電話でご相談ください。',
    en: 'This slot is no longer held for you; please call the office.',
  },
  CONFIRMATION_DEADLINE_PASSED: {
    ja: 'この日時の回答期限（前日 23:59）を過ぎています。',
    en: 'The deadline to confirm this slot (23:59 JST the day before) has passed.',
  },
  TERMS_VERSION_MISMATCH: {
    ja: 'ご案内した利用規約の版と異なります。ご案内の版（details.expected）に同意してください。',
    en: 'The terms version differs from the one offered (details.expected).',
  },
  SAME_DAY_PHONE_ONLY: {
    ja: '相談日当日のキャンセルはお電話でのみ承ります。details の電話番号にご連絡ください。',
    en: 'On the day of the consultation, please cancel by phone (the number is in details).',
  },
  ALREADY_CANCELLED: { ja: 'この予約はすでにキャンセルされています。', en: 'This reservation has already been cancelled.' },
  INVALID_STATE: { ja: '現在の予約の状態では、この操作はできません。', en: 'This cannot be done in the reservation’s current state (see details.status).' },
  NOT_ELIGIBLE: {
    ja: 'オンライン職業相談の利用条件を満たしていないため、お申込みを受け付けられません。理由は details をご確認ください。',
    en: 'The conditions for online consultations are not met; see details.reasons.',
  },
  SUSPENDED: { ja: '現在、オンライン職業相談のご利用を停止しています。詳しくはハローワークにお問い合わせください。', en: 'Use of online consultations is suspended for this job seeker.' },
  TERMS_VERSION_EXISTS: { ja: 'この版の利用規約はすでに登録されています。', en: 'Terms with this version have already been published.' },
  EFFECTIVE_DATE_NOT_IN_FUTURE: {
    ja: '新しい利用規約の適用開始日時は、現在の版より後の将来の日時にしてください。',
    en: 'New terms must take effect in the future, after the current version.',
  },
  JOIN_LINK_NOT_FOUND: { ja: 'このリンクは無効です。メールに記載のリンクをご確認ください。', en: 'This meeting link is not valid.' },
  JOIN_NOT_OPEN: { ja: '入室は開始15分前から可能です。', en: 'The meeting opens 15 minutes before the start.' },
  JOIN_CLOSED: { ja: '相談時間は終了しました。', en: 'The consultation time has ended.' },
  NOT_YET_DUE: { ja: 'まだその時刻になっていません。', en: 'This is not due yet.' },
  REPLY_NOT_FOUND: { ja: '指定された返信が見つかりません。', en: 'No such reply.' },
  // The gateway's guard against bodies nested deeper than any request of api.md.
  JSON_TOO_DEEP: { ja: 'リクエストの JSON の入れ子が深すぎます。', en: 'The JSON body is nested too deeply.' },
};

/** Whether `code` has a message of its own (rather than the generic one). */
export function hasMessage(code: string): boolean {
  return Object.hasOwn(catalog, code);
}

export function messageFor(code: string, language: Language, fallback?: string): string {
  const entry = hasMessage(code) ? catalog[code] : undefined;
  if (entry) return entry[language];
  return fallback && language === 'en' ? fallback : language === 'ja' ? `エラーが発生しました（${code}）。` : `Error ${code}.`;
}

export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'ja';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}
