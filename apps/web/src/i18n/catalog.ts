import type { ja } from './ja';

/** The shape every catalog has: ja's keys, with strings (and lists of strings) of its own. */
type Shape<T> = T extends string ? string : T extends readonly string[] ? string[] : { [K in keyof T]: Shape<T[K]> };
export type Catalog = Shape<typeof ja>;

export const LANGUAGES = ['ja', 'ja-easy', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language tag of the page (easy Japanese is Japanese to a screen reader). */
export function htmlLang(language: Language): string {
  return language === 'en' ? 'en' : 'ja';
}

/** The locale dates and numbers are written in. */
export function locale(language: Language): string {
  return language === 'en' ? 'en-GB' : 'ja-JP';
}
