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

/** Constraints about the kind of value: when one fails, the others (length, format) say nothing useful. */
const TYPE_CONSTRAINTS = new Set([
  'isString',
  'isArray',
  'isBoolean',
  'isInt',
  'isNumber',
  'isObject',
  'nestedValidation',
]);

/**
 * One answer per field that says what is wrong with it: a missing field is "required"
 * (not "at most 64 characters"), a value of the wrong kind says which kind is wanted,
 * and only a value of the right kind is judged on its length, format or range.
 */
function violationsOfField(path: string, error: ValidationError): Violation[] {
  const failed = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
    path,
    constraint,
    message,
  }));
  if (failed.length === 0) return [];
  if (failed.some((v) => v.constraint === 'whitelistValidation'))
    return failed.filter((v) => v.constraint === 'whitelistValidation');
  if (error.value === undefined || error.value === null)
    return [{ path, constraint: 'isDefined', message: `${path} is required` }];
  const typeErrors = failed.filter((v) => TYPE_CONSTRAINTS.has(v.constraint));
  return typeErrors.length > 0 ? typeErrors.slice(0, 1) : failed;
}

function collect(errors: ValidationError[], prefix = '', out: Violation[] = []): Violation[] {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    out.push(...violationsOfField(path, error));
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
    // Every failed constraint of a field is seen, so that violationsOfField can pick the
    // one that explains it (class-validator runs a field's decorators bottom-up).
    stopAtFirstError: false,
    // The value is needed to tell a missing field from a bad one; it never leaves here.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const violations = collect(errors);
      const error = new AppError('VALIDATION_FAILED', 400, 'some fields are invalid', {
        fields: fieldMessages(violations, 'en'),
      });
      Object.defineProperty(error, VIOLATIONS, { value: violations, enumerable: false });
      return error;
    },
  });
}
