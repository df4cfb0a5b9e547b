import { statusForCode } from './errors';
import { hasMessage, languageOf, messageFor } from './messages';

describe('error messages and statuses (api.md "Errors")', () => {
  it('speaks Japanese by default and English when asked', () => {
    expect(languageOf(undefined)).toBe('ja');
    expect(languageOf('ja,en;q=0.8')).toBe('ja');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(messageFor('MALFORMED_JSON', 'ja')).toMatch(/JSON/);
    expect(messageFor('MALFORMED_JSON', 'en')).toBe('The request body is not valid JSON.');
  });

  it('words the business refusals of api.md in Japanese, not just their code', () => {
    for (const code of ['LEAD_TIME', 'OUTSIDE_HOURS', 'NOT_BUSINESS_DAY', 'NOT_ELIGIBLE', 'SUSPENDED', 'CONFIRMATION_DEADLINE_PASSED', 'SAME_DAY_PHONE_ONLY', 'SLOT_FULL', 'ALREADY_CANCELLED', 'INVALID_STATE']) {
      expect([code, messageFor(code, 'ja')]).toEqual([code, expect.not.stringContaining(code)]);
      expect(hasMessage(code)).toBe(true);
    }
    expect(messageFor('SAME_DAY_PHONE_ONLY', 'ja')).toContain('お電話');
    expect(hasMessage('constructor')).toBe(false);
    expect(messageFor('constructor', 'ja')).toContain('constructor');
  });

  it('still says something for a code without a text, naming the code', () => {
    expect(messageFor('SOMETHING_NEW', 'ja')).toContain('SOMETHING_NEW');
  });

  it('maps state conflicts to 409, unknown things to 404 and business refusals to 422', () => {
    expect(statusForCode('SLOT_FULL')).toBe(409);
    expect(statusForCode('SAME_DAY_PHONE_ONLY')).toBe(409);
    expect(statusForCode('TERMS_VERSION_EXISTS')).toBe(409);
    expect(statusForCode('RESERVATION_NOT_FOUND')).toBe(404);
    expect(statusForCode('LEAD_TIME')).toBe(422);
    expect(statusForCode('STORE_UNAVAILABLE')).toBe(503);
  });
});
