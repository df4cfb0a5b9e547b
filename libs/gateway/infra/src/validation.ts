// class-validator at the edge: every bad field is named in `details.fields`, in the
// caller's language (the pipe cannot see the request, so the error carries what failed
// and the error filter words it).
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type Language } from '@soudan/platform';

export interface Violation {
  path: string;
  /** class-validator's constraint name: `isString`, `maxLength`, ... */
  constraint: string;
  /** class-validator's (English) message. */
  message: string;
}

function collect(errors: ValidationError[], prefix = '', out: Violation[] = []): Violation[] {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) out.push({ path, constraint, message });
    if (error.children?.length) collect(error.children, path, out);
  }
  return out;
}

const VIOLATIONS = Symbol('violations');

export function violationsOf(error: unknown): Violation[] | undefined {
  return (error as { [VIOLATIONS]?: Violation[] } | null)?.[VIOLATIONS];
}

const number = (message: string) => /(\d+)/.exec(message)?.[1] ?? '';

const JA: Record<string, (message: string) => string> = {
  isString: () => '文字列で入力してください。',
  isNotEmpty: () => '入力してください。',
  maxLength: (m) => `${number(m)}文字以内で入力してください。`,
  minLength: (m) => `${number(m)}文字以上で入力してください。`,
  isEmail: () => 'メールアドレスの形式で入力してください。',
  matches: (m) => {
    if (/single line/.test(m)) return '改行や制御文字は使えません。';
    const example = /(?:look like|e\.g\.)\s+(\S+)/.exec(m)?.[1];
    return example ? `形式が正しくありません（例: ${example}）。` : '形式が正しくありません。';
  },
  isBoolean: () => 'true または false で指定してください。',
  isIn: (m) => `次のいずれかを指定してください: ${m.split(': ').slice(1).join(': ')}`,
  isISO8601: () => '日時は ISO 8601 形式で指定してください（例: 2026-12-09T10:00:00+09:00）。',
  isArray: () => '配列で指定してください。',
  arrayMinSize: (m) => `${number(m)}件以上指定してください。`,
  arrayMaxSize: (m) => `${number(m)}件以内で指定してください。`,
  arrayUnique: () => '同じ値が重複しています。',
  isDefined: () => '必須項目です。',
  nestedValidation: () => 'オブジェクトで指定してください。',
  whitelistValidation: () => 'この項目は使えません。',
  isInt: () => '整数で指定してください。',
  min: (m) => `${number(m)}以上を指定してください。`,
  max: (m) => `${number(m)}以下を指定してください。`,
};

/** `details.fields` in the caller's language: path -> messages. */
export function fieldMessages(violations: Violation[], language: Language): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of violations) {
    const text = language === 'en' ? v.message : (JA[v.constraint]?.(v.message) ?? '入力値が正しくありません。');
    (out[v.path] ??= []).push(text);
  }
  return out;
}

export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const violations = collect(errors);
      const error = new AppError('VALIDATION_FAILED', 400, 'some fields are invalid', { fields: fieldMessages(violations, 'en') });
      Object.defineProperty(error, VIOLATIONS, { value: violations, enumerable: false });
      return error;
    },
  });
}
