// CI fails when the web app's generated API types and the gateway's OpenAPI document
// (docs/openapi.json) drift apart: `npm run web:api` brings them together again.
import { existsSync } from 'node:fs';
// @ts-expect-error -- a plain ES module of the tools, without type declarations
import { drift, OPENAPI } from './api-types.mjs';

const document = existsSync(OPENAPI as string);

describe('web app API types', () => {
  (document ? it : it.skip)('match docs/openapi.json (npm run web:api)', async () => {
    expect(await (drift as () => Promise<string | undefined>)()).toBeUndefined();
  });
});
