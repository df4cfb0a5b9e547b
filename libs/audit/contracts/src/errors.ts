// The audit's error codes: the trail, its integrity check and disclosures (R50-R53),
// each with its HTTP status and its ja/en message.
import type { ErrorTable } from '@soudan/rpc-contract';

export const AuditErrors = {
  AUDIT_POSITION_NOT_FOUND: {
    status: 404,
    ja: '指定された位置の記録がありません。前回の応答の next の値を指定してください。',
    en: 'The audit trail has no record at this position; pass a next value from an earlier answer.',
  },
  DISCLOSURE_NOT_FOUND: { status: 404, ja: '指定された開示請求が見つかりません。', en: 'No such disclosure.' },
  SAME_APPROVER: {
    status: 409,
    ja: '開示は、請求を登録した方とは別の監督者が承認してください。',
    en: 'A disclosure must be approved by a second supervisor, not by the one who recorded the request.',
  },
  DISCLOSURE_ALREADY_APPROVED: {
    status: 409,
    ja: 'この開示請求はすでに承認されています。',
    en: 'This disclosure has already been approved.',
  },
  DISCLOSURE_NOT_APPROVED: {
    status: 409,
    ja: 'この開示請求はまだ承認されていません。別の監督者の承認後に端末情報を表示できます。',
    en: 'This disclosure is not approved yet; device data is shown once a second supervisor approves it.',
  },
} as const satisfies ErrorTable;
