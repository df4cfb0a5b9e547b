// Each context owns its error codes; platform only composes the tables, and a code two
// tables declare differently stops the start.
import { composeErrorCatalog, ErrorCatalogConflictError } from './error-catalog';
import { languageOf } from './messages';
import { PlatformErrors } from './platform-errors';

const Refusals = {
  SLOT_FULL: { status: 409, ja: 'この日時は満席です。', en: 'This slot is full.' },
  LEAD_TIME: { status: 422, ja: '2営業日前までにお申し込みください。', en: 'Too late.' },
} as const;

describe('error catalog (api.md "Errors")', () => {
  it('answers each code with its own table’s status and words, Japanese by default', () => {
    const catalog = composeErrorCatalog({ scheduling: Refusals });
    expect(catalog.status('SLOT_FULL')).toBe(409);
    expect(catalog.status('LEAD_TIME')).toBe(422);
    expect(catalog.message('LEAD_TIME', 'ja')).toBe('2営業日前までにお申し込みください。');
    expect(catalog.message('LEAD_TIME', 'en')).toBe('Too late.');
    expect(catalog.entry('SLOT_FULL')).toMatchObject({ owner: 'scheduling' });
    expect(languageOf(undefined)).toBe('ja');
    expect(languageOf('ja,en;q=0.8')).toBe('ja');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
  });

  it('always holds the platform’s shared codes (malformed input, the store, the transport)', () => {
    const catalog = composeErrorCatalog({});
    expect(catalog.status('VALIDATION_FAILED')).toBe(400);
    expect(catalog.status('STORE_UNAVAILABLE')).toBe(503);
    expect(catalog.message('MALFORMED_JSON', 'en')).toBe('The request body is not valid JSON.');
    expect(catalog.entries().map((e) => e.code)).toEqual(Object.keys(PlatformErrors));
  });

  it('refuses at start a code two contexts declare with another status or message', () => {
    expect(() =>
      composeErrorCatalog({
        scheduling: Refusals,
        notification: { SLOT_FULL: { ...Refusals.SLOT_FULL, status: 422 } },
      }),
    ).toThrow(ErrorCatalogConflictError);
    expect(() =>
      composeErrorCatalog({ gateway: { VALIDATION_FAILED: { ...PlatformErrors.VALIDATION_FAILED, en: 'Bad.' } } }),
    ).toThrow(/VALIDATION_FAILED is declared differently by platform and gateway/);
  });

  it('lets two tables declare the same code when they mean the same', () => {
    const catalog = composeErrorCatalog({ scheduling: Refusals, gateway: { SLOT_FULL: { ...Refusals.SLOT_FULL } } });
    expect(catalog.entry('SLOT_FULL')).toMatchObject({ owner: 'scheduling', status: 409 });
  });

  it('still says something for a code no table declares, naming it', () => {
    const catalog = composeErrorCatalog({ scheduling: Refusals });
    expect(catalog.has('SOMETHING_NEW')).toBe(false);
    expect(catalog.has('constructor')).toBe(false);
    expect(catalog.message('SOMETHING_NEW', 'ja')).toContain('SOMETHING_NEW');
    expect(catalog.message('SOMETHING_NEW', 'en', 'what went wrong')).toBe('what went wrong');
    expect(catalog.status('THING_NOT_FOUND')).toBe(404);
    expect(catalog.status('SOMETHING_NEW')).toBe(422);
  });
});
