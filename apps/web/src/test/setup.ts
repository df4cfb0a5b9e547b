import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { initI18n } from '../i18n';

// A shared 2-core machine (and CI on it) runs these files in parallel workers beside other
// work: waiting for an element may take longer than the library's 1 s there.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no CSS.escape, which react-aria's modal dialogs call when they open. Enough of
// one for the meta names it escapes: every character but letters, digits, - and _ quoted.
if (typeof globalThis.CSS?.escape !== 'function')
  Object.defineProperty(globalThis, 'CSS', {
    configurable: true,
    value: { ...globalThis.CSS, escape: (value: string) => String(value).replace(/[^\w-]/g, '\\$&') },
  });

beforeEach(async () => {
  localStorage.clear();
  sessionStorage.clear();
  await initI18n('ja');
});

afterEach(() => cleanup());
