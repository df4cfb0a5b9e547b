import { readFileSync } from 'node:fs';
import { generateOpenApi, OPENAPI_PATH, stableJson } from './openapi';

describe('docs/openapi.json', () => {
  it('is what the gateway serves at /api/docs (otherwise: run npm run openapi)', async () => {
    const generated = await generateOpenApi();
    const checkedIn = readFileSync(OPENAPI_PATH, 'utf8');
    if (generated !== checkedIn) throw new Error('docs/openapi.json is out of date: run npm run openapi');
    expect(generated).toBe(checkedIn);
  });

  it('gives a client real types for the seeker routes, not unknown', async () => {
    const document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const answered = (path: string, method: string, status: string) =>
      document.paths[path]?.[method]?.responses[status]?.content;
    for (const [path, method, status] of [
      ['/api/v1/auth/seeker/session', 'post', '201'],
      ['/api/v1/availability', 'get', '200'],
      ['/api/v1/terms/current', 'get', '200'],
      ['/api/v1/reservations', 'post', '201'],
      ['/api/v1/reservations', 'get', '200'],
      ['/api/v1/reservations/{id}', 'get', '200'],
      ['/api/v1/reservations/{id}/consent', 'post', '200'],
      ['/api/v1/reservations/{id}/cancellation', 'post', '200'],
    ] as const)
      expect([path, method, answered(path, method, status)]).toEqual([path, method, expect.anything()]);
  });

  it('sorts keys, so the file changes only when the API does', () => {
    expect(stableJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "e": 2,\n        "f": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
