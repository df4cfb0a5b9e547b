// The codes every service and the gateway share: malformed input, the store and the
// transport (api.md "Errors"). The contexts' own codes live in their contracts;
// `composeErrorCatalog` puts them together.
import type { ErrorTable } from '@soudan/rpc-contract';

export const PlatformErrors = {
  VALIDATION_FAILED: {
    status: 400,
    ja: '入力内容に誤りがあります。各項目をご確認ください。',
    en: 'Some fields are invalid; see details.',
  },
  MALFORMED_JSON: {
    status: 400,
    ja: 'リクエストの JSON を読み取れません。',
    en: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    ja: 'JSON（application/json）で送信してください。',
    en: 'Send the body as application/json.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, ja: 'リクエストが大きすぎます。', en: 'The request body is too large.' },
  HEADERS_TOO_LARGE: {
    status: 431,
    ja: 'アドレス（URL）またはヘッダーが長すぎます。',
    en: 'The address (URL) or the headers are too long.',
  },
  NOT_FOUND: {
    status: 404,
    ja: '指定されたページまたはデータが見つかりません。',
    en: 'Nothing was found at this address.',
  },
  REVISION_CONFLICT: {
    status: 409,
    ja: '同時に別の操作が行われました。最新の状態を確認して、もう一度お試しください。',
    en: 'Someone changed this at the same time; reload and try again.',
  },
  UPSTREAM_TIMEOUT: {
    status: 503,
    ja: 'ただいま処理に時間がかかっています。しばらくしてからもう一度お試しください。',
    en: 'A service did not answer in time; try again shortly.',
  },
  UPSTREAM_UNAVAILABLE: {
    status: 503,
    ja: 'ただいまサービスを利用できません。しばらくしてからもう一度お試しください。',
    en: 'A service is unavailable; try again shortly.',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    ja: 'ただいまデータを保存できません。しばらくしてからもう一度お試しください。',
    en: 'The data store is unavailable; nothing was saved. Try again shortly.',
  },
  INTERNAL: {
    status: 500,
    ja: 'システムエラーが発生しました。時間をおいてお試しください。',
    en: 'An internal error occurred.',
  },
  BAD_REQUEST: { status: 400, ja: 'リクエストの内容が正しくありません。', en: 'The request is not valid.' },
  UNSTORABLE_TEXT: {
    status: 400,
    ja: '使用できない文字（NUL 文字や不完全な文字コード）が含まれています。details.field の項目を確認してください。',
    en: 'The request holds characters that cannot be stored (a NUL or an unpaired UTF-16 surrogate); see details.field.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    ja: 'この操作はこのアドレスでは使えません。',
    en: 'This method is not allowed here.',
  },
  JSON_TOO_DEEP: {
    status: 400,
    ja: 'リクエストの JSON の入れ子が深すぎます。',
    en: 'The JSON body is nested too deeply.',
  },
  PRINCIPAL_INVALID: {
    status: 403,
    ja: '操作する方を確認できませんでした。もう一度サインインしてお試しください。続く場合は窓口にお知らせください。',
    en: 'The service could not confirm who is acting; sign in again and retry, and tell the office if it persists.',
  },
  SERVICE_BUSY: {
    status: 503,
    ja: 'ただいま混み合っています。しばらくしてからもう一度お試しください。',
    en: 'The service is busy; try again shortly.',
  },
} as const satisfies ErrorTable;
