// The language of what people read: Japanese is the default for anything a job seeker
// or staff member reads; English with `Accept-Language: en`. The texts themselves live
// with the codes, in each context's error table (error-catalog.ts).

export type Language = 'ja' | 'en';

export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'ja';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}
