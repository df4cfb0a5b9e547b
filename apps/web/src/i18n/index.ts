// R63: Japanese (default), easy Japanese and English, from message catalogs. The choice
// is kept in this browser and, once signed in, with the seeker (their e-mails use it too).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { htmlLang, isLanguage, LANGUAGES, type Language } from './catalog';
import { en } from './en';
import { ja } from './ja';
import { jaEasy } from './ja-easy';

const STORAGE_KEY = 'soudan.language';

export function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode): the default serves
  }
  return 'ja';
}

export async function initI18n(language: Language = storedLanguage()) {
  if (!i18next.isInitialized) {
    await i18next.use(initReactI18next).init({
      resources: { ja: { translation: ja }, 'ja-easy': { translation: jaEasy }, en: { translation: en } },
      lng: language,
      supportedLngs: [...LANGUAGES],
      // 'ja-easy' stays as written (i18next would otherwise read "easy" as a script subtag)
      lowerCaseLng: true,
      fallbackLng: 'ja',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  } else if (i18next.language !== language) {
    await i18next.changeLanguage(language);
  }
  document.documentElement.lang = htmlLang(language);
  return i18next;
}

export async function setLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not kept across visits, still used now
  }
  await i18next.changeLanguage(language);
  document.documentElement.lang = htmlLang(language);
}

export function currentLanguage(): Language {
  const language = i18next.language;
  return isLanguage(language) ? language : 'ja';
}

export { i18next };
