// R30: the terms in force before any supervisor publishes a version: the office's own
// terms of use of 1 April 2023 (令和5年4月1日), shipped with the system.
import { readFileSync } from 'node:fs';

const body = readFileSync(new URL('../assets/terms-2023-04-01.ja.txt', import.meta.url), 'utf8');

export const BUILT_IN_TERMS = {
  version: '2023-04-01',
  effectiveFrom: '2023-03-31T15:00:00.000Z',
  body,
  changeSummary: '制定',
};
