import type { Request } from 'express';
import type { Logger } from '@soudan/platform';
import { StaffSessionRequestDto } from './auth/auth.dto';
import { nestedDeeperThan } from './gateway.app';
import { errorResponse } from './http-error.filter';
import { fieldMessages, validationPipe } from './validation';

describe('field messages in the caller language', () => {
  const violations = [
    { path: 'name', constraint: 'maxLength', message: 'name must be shorter than or equal to 100 characters' },
    { path: 'email', constraint: 'matches', message: 'email must be a single line' },
    { path: 'jobSeekerNumber', constraint: 'matches', message: 'jobSeekerNumber must look like 16070-12345678' },
    { path: 'desiredSlots', constraint: 'arrayMaxSize', message: 'desiredSlots must contain no more than 3 elements' },
    {
      path: 'favouriteColour',
      constraint: 'whitelistValidation',
      message: 'property favouriteColour should not exist',
    },
    { path: 'x', constraint: 'somethingNew', message: 'x is odd' },
  ];

  it('speaks Japanese by default, keeping the numbers and examples of the rule', () => {
    expect(fieldMessages(violations, 'ja')).toEqual({
      name: ['100文字以内で入力してください。'],
      email: ['改行や制御文字は使えません。'],
      jobSeekerNumber: ['形式が正しくありません（例: 16070-12345678）。'],
      desiredSlots: ['3件以内で指定してください。'],
      favouriteColour: ['この項目は使えません。'],
      x: ['入力値が正しくありません。'],
    });
  });

  it('keeps class-validator English with Accept-Language: en', () => {
    expect(fieldMessages(violations, 'en').name).toEqual(['name must be shorter than or equal to 100 characters']);
  });
});

describe('the validation pipe names what is wrong with each field', () => {
  const logger = { error: () => undefined } as unknown as Logger;
  const request = (language?: string) =>
    ({ headers: language ? { 'accept-language': language } : {}, path: '/x', method: 'POST' }) as unknown as Request;

  async function fieldsOf(body: unknown, language?: string) {
    try {
      await validationPipe().transform(body, { type: 'body', metatype: StaffSessionRequestDto });
    } catch (error) {
      return errorResponse(error, request(language), logger).body.details.fields;
    }
    throw new Error('expected a validation error');
  }

  it('says a missing field is required, not that it is too long', async () => {
    expect(await fieldsOf({})).toEqual({ username: ['必須項目です。'], password: ['必須項目です。'] });
    expect(await fieldsOf({ username: null, password: 'x' }, 'en')).toEqual({ username: ['username is required'] });
  });

  it('says which kind of value a field wants before judging its length', async () => {
    expect(await fieldsOf({ username: 12, password: ['a'] })).toEqual({
      username: ['文字列で入力してください。'],
      password: ['文字列で入力してください。'],
    });
  });

  it('judges a value of the right kind on its length, and an unknown field as unknown', async () => {
    expect(await fieldsOf({ username: 'a'.repeat(65), password: 'x', extra: 1 })).toEqual({
      username: ['64文字以内で入力してください。'],
      extra: ['この項目は使えません。'],
    });
  });
});

describe('error bodies for what no route sees', () => {
  const logger = { error: () => undefined } as unknown as Logger;
  const request = { headers: {}, path: '/x', method: 'POST' } as unknown as Request;

  it('answers a body that does not decode as its Content-Encoding with a 400, not a 500', () => {
    const zlib = Object.assign(new Error('incorrect header check'), {
      code: 'Z_DATA_ERROR',
      expose: true,
      status: 400,
      statusCode: 400,
    });
    expect(errorResponse(zlib, request, logger)).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.any(String), details: {} },
    });
  });

  it('finds bodies nested deeper than allowed without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestedDeeperThan(deep, 32)).toBe(true);
    expect(nestedDeeperThan({ a: { b: [1, { c: 2 }] } }, 4)).toBe(false);
    expect(nestedDeeperThan({ a: { b: [1, { c: {} }] } }, 4)).toBe(true);
  });
});
