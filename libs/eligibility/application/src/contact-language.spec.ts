// R63: how a stored or sent language reads. Contacts sealed before easy Japanese hold
// 'ja' or 'en' (or, in the oldest, nothing usable): they read as they were.
import { isSeekerLanguage, SEEKER_LANGUAGES, seekerLanguageOf } from '@soudan/eligibility-contracts';

describe('the seeker language (R63)', () => {
  it('R63: three languages, Japanese first (the default)', () => {
    expect(SEEKER_LANGUAGES).toEqual(['ja', 'ja-easy', 'en']);
    for (const language of SEEKER_LANGUAGES) expect(seekerLanguageOf(language)).toBe(language);
  });

  it('R63: older or unknown values read as Japanese, never as something else', () => {
    for (const value of [undefined, null, '', 'JA', 'fr', 'ja_easy', 1, ['en'], { language: 'en' }])
      expect(seekerLanguageOf(value)).toBe('ja');
    expect(isSeekerLanguage('ja-easy')).toBe(true);
    expect(isSeekerLanguage('toString')).toBe(false);
  });
});
