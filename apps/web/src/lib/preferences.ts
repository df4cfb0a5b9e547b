// R63: the seeker's language is kept with them (GET/PUT /seeker/preferences), so their
// e-mails come in it too. A gateway without the route leaves it to this browser.
import { accessToken } from '../api/session';
import { currentLanguage, setLanguage } from '../i18n';
import { isLanguage, type Language } from '../i18n/catalog';

const EXPLICIT = 'soudan.language.chosen';

async function call(method: 'GET' | 'PUT', body?: unknown): Promise<{ language?: unknown } | undefined> {
  const token = accessToken();
  if (!token) return undefined;
  try {
    const response = await fetch('/api/v1/seeker/preferences', {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    // The body is read either way: an answer left unread keeps its connection busy.
    const text = await response.text();
    if (!response.ok) return undefined;
    try {
      return (text ? JSON.parse(text) : {}) as { language?: unknown };
    } catch {
      return {};
    }
  } catch {
    return undefined;
  }
}

/** The seeker chose a language on this page: use it now and keep it with them. */
export async function chooseLanguage(language: Language) {
  try {
    localStorage.setItem(EXPLICIT, '1');
  } catch {
    // kept for this visit only
  }
  await setLanguage(language);
  await call('PUT', { language });
}

/** Just signed in: a choice made in this browser goes to the seeker; otherwise theirs is used here. */
export async function syncLanguageAfterSignIn() {
  let chosenHere = false;
  try {
    chosenHere = localStorage.getItem(EXPLICIT) === '1';
  } catch {
    chosenHere = false;
  }
  if (chosenHere) {
    await call('PUT', { language: currentLanguage() });
    return;
  }
  const kept = await call('GET');
  if (kept && isLanguage(kept.language) && kept.language !== currentLanguage()) await setLanguage(kept.language);
}
