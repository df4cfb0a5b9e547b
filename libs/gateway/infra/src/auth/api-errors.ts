// OpenAPI for api.md's errors: one schema for every error body, and a helper that lists
// a route's error codes under their HTTP status, so the document says what can go wrong.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { API_ERRORS } from '../error-catalog';

export class ErrorBodyDto {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable upper-snake code (api.md "Errors")' })
  code!: string;
  @ApiProperty({
    example: '入力内容に誤りがあります。各項目をご確認ください。',
    description: 'Japanese by default; English with Accept-Language: en',
  })
  message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { fields: { email: ['メールアドレスの形式で入力してください。'] } },
  })
  details!: Record<string, unknown>;
}

/** The status api.md gives a code: the one its context's error table declares. */
export function httpStatusOf(code: string): number {
  return API_ERRORS.status(code);
}

/**
 * `@ApiErrors('LEAD_TIME', 'SLOT_FULL')`: documents each code under its status. Several
 * uses on one route add up per status. 401/403 come with `@Roles`, 429 and 503 with
 * every route, so a route names only its own codes.
 */
export function ApiErrors(...codes: string[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = httpStatusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({ status, description: list.join(' | '), type: ErrorBodyDto }),
    ),
  ) as MethodDecorator & ClassDecorator;
}
