// Eligibility's error codes: the roster, suspensions, reviews (R19, R21, R40-R42), and the
// reasons of a rejected roster row (details.rejected[].reasons[].code), each with its HTTP
// status and its ja/en message.
import type { ErrorTable } from '@soudan/rpc-contract';

export const EligibilityErrors = {
  SEEKER_NOT_FOUND: {
    status: 404,
    ja: 'この求職番号の求職者は名簿に登録されていません。',
    en: 'No job seeker with this number is on the roster.',
  },
  SUSPENSION_NOT_FOUND: {
    status: 404,
    ja: 'この求職者は利用停止中ではありません。',
    en: 'This job seeker is not suspended.',
  },
  SUSPENSION_END_NOT_IN_FUTURE: {
    status: 422,
    ja: '利用停止の終了日は今日以降の日付にしてください。',
    en: 'The suspension must end in the future.',
  },
  REVIEW_NOT_FOUND: {
    status: 404,
    ja: 'この求職者について確認待ちの案件はありません。',
    en: 'There is no open review for this job seeker.',
  },
  ROSTER_HEADER_INVALID: {
    status: 422,
    ja: 'CSV の1行目（見出し）に必要な列がありません。求職番号,氏名,メールアドレス,安定所番号,登録状況 の列を含めてください。',
    en: 'The header row lacks a column: it needs jobSeekerNumber,name,email,officeCode,status (or the Japanese names).',
  },
  COLUMN_COUNT: {
    status: 422,
    ja: '列の数が見出し行と合いません（氏名などに「,」が含まれる場合は「"」で囲んでください）。',
    en: 'The row has a different number of columns than the header (quote values that contain commas).',
  },
  FIELD_TOO_LONG: { status: 422, ja: '値が長すぎます。', en: 'The value is too long.' },
  DUPLICATE_IN_FILE: {
    status: 422,
    ja: '同じ求職番号がファイル内で重複しています。',
    en: 'The same job seeker number appears more than once in the file.',
  },
  JOB_SEEKER_NUMBER_REQUIRED: {
    status: 422,
    ja: '求職番号を入力してください。',
    en: 'The job seeker number is missing.',
  },
  JOB_SEEKER_NUMBER_INVALID: {
    status: 422,
    ja: '求職番号は「16070-12345678」の形式（5桁-8桁）で入力してください。',
    en: 'The job seeker number must look like 16070-12345678.',
  },
  NAME_REQUIRED: { status: 422, ja: '氏名を入力してください。', en: 'The name is missing.' },
  NAME_INVALID: {
    status: 422,
    ja: '氏名は100文字以内で、改行を含めずに入力してください。',
    en: 'The name must be one line of at most 100 characters.',
  },
  EMAIL_REQUIRED: { status: 422, ja: 'メールアドレスを入力してください。', en: 'The e-mail address is missing.' },
  EMAIL_INVALID: {
    status: 422,
    ja: 'メールアドレスの形式が正しくありません。',
    en: 'The e-mail address is not valid.',
  },
  OFFICE_CODE_REQUIRED: { status: 422, ja: '安定所番号を入力してください。', en: 'The office code is missing.' },
  OFFICE_CODE_INVALID: {
    status: 422,
    ja: '安定所番号は5桁の数字で入力してください。',
    en: 'The office code must be 5 digits.',
  },
  STATUS_REQUIRED: { status: 422, ja: '登録状況を入力してください。', en: 'The registration status is missing.' },
  STATUS_INVALID: {
    status: 422,
    ja: '登録状況は「登録済」または「仮登録承認」（registered / pre_registration_approved）で入力してください。',
    en: 'The registration status must be registered or pre_registration_approved (登録済 / 仮登録承認).',
  },
} as const satisfies ErrorTable;
