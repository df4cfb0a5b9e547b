import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { initI18n } from '../i18n';

beforeEach(async () => {
  localStorage.clear();
  sessionStorage.clear();
  await initI18n('ja');
});

afterEach(() => cleanup());
