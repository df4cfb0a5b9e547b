// R30, R73: the terms in force before an office publishes a version of its own. The
// seed's terms of use of 1 April 2023 (令和5年4月1日, Hello Work Namerikawa) serve as the
// national template: an office adopts it as it is, under its own name in place of the
// seed office's, and the version stays the template's.
import { readFileSync } from 'node:fs';

const body = readFileSync(new URL('../assets/terms-2023-04-01.ja.txt', import.meta.url), 'utf8');

/** The office the template's text names. */
const TEMPLATE_OFFICE_NAME = 'ハローワーク滑川';

export const BUILT_IN_TERMS = {
  version: '2023-04-01',
  effectiveFrom: '2023-03-31T15:00:00.000Z',
  body,
  changeSummary: '制定',
};

/** R73: the national template as an office adopts it (the seed office's own text for the seed office). */
export function nationalTerms(officeName: string | undefined): typeof BUILT_IN_TERMS {
  if (!officeName || officeName === TEMPLATE_OFFICE_NAME) return BUILT_IN_TERMS;
  return { ...BUILT_IN_TERMS, body: body.replaceAll(TEMPLATE_OFFICE_NAME, officeName) };
}
