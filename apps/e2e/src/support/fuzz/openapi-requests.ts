// Requests generated from the checked-in OpenAPI document (docs/openapi.json): for every
// operation, values that follow its schemas, and hostile ones beside them (wrong types,
// huge and odd Unicode, NUL and lone surrogates, nulls, deep nesting, prototype keys,
// wrong content types and encodings), sent as any role. fast-check draws and shrinks them.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  example?: unknown;
  additionalProperties?: boolean | Schema;
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** The template, e.g. /api/v1/reservations/{id}. */
  path: string;
  parameters: Parameter[];
  body?: { contentType: string; schema?: Schema; required: boolean };
  secured: boolean;
}

export type Role = 'anonymous' | 'seeker' | 'counsellor' | 'supervisor' | 'auditor' | 'admin' | 'forged';

export interface FuzzRequest {
  method: string;
  operation: string;
  role: Role;
  url: string;
  headers: Record<string, string>;
  /** The body as text, or as bytes (hex) when it is deliberately not UTF-8. */
  body?: { text: string } | { hex: string };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema> };
}

export function loadDocument(path: string): OpenApiDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as {
        parameters?: Parameter[];
        requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
        security?: unknown[];
      };
      const content = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        // Header parameters named twice (idempotency-key, Idempotency-Key) are one header.
        parameters: (op.parameters ?? []).filter(
          (p, i, all) => all.findIndex((q) => q.in === p.in && q.name.toLowerCase() === p.name.toLowerCase()) === i,
        ),
        ...(content
          ? {
              body: { contentType: content[0], schema: content[1].schema, required: op.requestBody?.required ?? false },
            }
          : {}),
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Strings that have broken servers: NUL, lone surrogates, bidi and zero-width marks, huge, odd scripts. */
const oddString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '\u202Eevil',
    '\u200B',
    '\uFEFF',
    '𠮷野家',
    '👨‍👩‍👧‍👦',
    'ｶﾀｶﾅ',
    '１６０７０－１２３４５６７８',
    '../../etc/passwd',
    '%00',
    '%2e%2e%2f',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '{{7*7}}',
    '${jndi:ldap://x}',
    '\r\nX-Injected: 1',
    'NaN',
    '-0',
    '1e309',
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.nat({ max: 3 }).map((n) => ['あ', 'a', '\u0301', '𠮷'][n].repeat(70_000)),
);

/** A value of any JSON type, the odd ones more often than chance would give them. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  oddString,
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE, 1e308),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.boolean().map((shallow) => deepNest(shallow ? 50 : 500)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')),
  fc.array(oddString, { maxLength: 5 }),
  fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
);

function deepNest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

export class RequestGenerator {
  constructor(
    private readonly document: OpenApiDocument,
    /** Ids that exist (reservations, seekers, alerts, disclosures), so paths reach real records too. */
    private readonly known: { ids: string[]; seekerNumbers: string[] },
  ) {}

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; s.$ref && i < 20; i++) s = this.document.components.schemas[s.$ref.split('/').at(-1)!] ?? {};
    return s;
  }

  /** A value that follows the schema (the common case a client sends). */
  valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema) return fc.constant(undefined);
    const s = this.resolve(schema);
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    if (s.allOf?.length) return this.valid(s.allOf[0], depth);
    const variants = s.oneOf ?? s.anyOf;
    if (variants?.length) return fc.oneof(...variants.map((v) => this.valid(v, depth)));
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'string':
        return this.string(s);
      case 'integer':
        return fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 200 });
      case 'number':
        return fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 200, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(depth > 4 ? fc.constant(null) : this.valid(s.items, depth + 1), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 4, 4),
        });
      case 'object':
      default: {
        if (!s.properties) return fc.constant({});
        if (depth > 4) return fc.constant({});
        const model = Object.fromEntries(
          Object.entries(s.properties).map(([key, value]) => [key, this.valid(value, depth + 1)]),
        );
        return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
      }
    }
  }

  private string(s: Schema): fc.Arbitrary<string> {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    switch (s.format) {
      case 'date-time':
        return fc
          .tuple(
            fc.integer({ min: -3, max: 40 }),
            fc.constantFrom('09:00', '10:00', '10:30', '14:00', '16:30', '23:59'),
          )
          .map(([d, t]) => `${day(d)}T${t}:00+09:00`);
      case 'date':
        return fc.integer({ min: -10, max: 60 }).map(day);
      case 'uuid':
        return this.known.ids.length ? fc.oneof(fc.constantFrom(...this.known.ids), fc.uuid()) : fc.uuid();
      case 'email':
        return fc.constantFrom('taro@example.jp', 'hanako@example.jp', 'x@y');
      default:
        return fc.oneof(
          {
            arbitrary: fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) }),
            weight: 3,
          },
          fc.constantFrom('滑川 太郎', '応募書類の書き方', '子育て中のため', '16070-12345678', 'v1', 'web', 'phone'),
        );
    }
  }

  /** Valid most of the time, one field replaced, removed or added otherwise, or entirely hostile. */
  private maybeHostile(schema: Schema | undefined): fc.Arbitrary<unknown> {
    const valid = this.valid(schema);
    return fc.oneof(
      { arbitrary: valid, weight: 4 },
      {
        arbitrary: fc
          .tuple(valid, fc.string({ maxLength: 12 }), hostileValue, fc.boolean())
          .map(([v, key, bad, add]) => {
            if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad;
            const keys = Object.keys(v);
            const target = add || keys.length === 0 ? key : keys[key.length % keys.length];
            return { ...v, [target]: bad };
          }),
        weight: 4,
      },
      {
        arbitrary: fc.tuple(valid, fc.nat()).map(([v, n]) => {
          if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
          const keys = Object.keys(v);
          if (!keys.length) return v;
          const copy: Record<string, unknown> = { ...v };
          delete copy[keys[n % keys.length]];
          return copy;
        }),
        weight: 1,
      },
      { arbitrary: hostileValue, weight: 2 },
    );
  }

  private pathValue(p: Parameter): fc.Arbitrary<string> {
    const known = p.name === 'no' ? this.known.seekerNumbers : this.known.ids;
    return fc.oneof(
      { arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid(), weight: 4 },
      { arbitrary: fc.uuid(), weight: 2 },
      { arbitrary: oddString.map((s) => (s.length > 3000 ? s.slice(0, 3000) : s)), weight: 2 },
    );
  }

  private queryValue(p: Parameter): fc.Arbitrary<string | undefined> {
    const valid = this.valid(p.schema).map((v) => (v === undefined ? undefined : String(v)));
    return fc.oneof(
      { arbitrary: valid, weight: 4 },
      { arbitrary: fc.constant(undefined), weight: 2 },
      { arbitrary: oddString.map((s) => s.slice(0, 3000)), weight: 2 },
    );
  }

  /** Every request fast-check may send: an operation, a role, its parameters and body. */
  requests(roles: Role[]): fc.Arbitrary<FuzzRequest> {
    return fc.oneof(...operationsOf(this.document).map((op) => this.forOperation(op, roles)));
  }

  forOperation(op: Operation, roles: Role[]): fc.Arbitrary<FuzzRequest> {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const extraQuery = fc.option(fc.tuple(fc.constantFrom('__proto__', 'limit', 'x'), oddString), { nil: undefined });
    const contentType = fc.oneof(
      { arbitrary: fc.constant(op.body?.contentType ?? 'application/json'), weight: 8 },
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=shift_jis',
        'multipart/form-data; boundary=x',
        'application/xml',
      ),
    );
    const body = fc.oneof(
      {
        arbitrary: this.maybeHostile(op.body?.schema).map((v) =>
          v === undefined ? undefined : { text: op.body?.contentType === 'text/csv' ? csvOf(v) : JSON.stringify(v) },
        ),
        weight: 8,
      },
      fc.constantFrom(
        { text: '{"unterminated": ' },
        { text: 'null' },
        { text: '"just a string"' },
        { text: '[1,2,3]' },
        { text: '{"a":1,"a":2}' },
        { hex: 'ffff7b7d' },
        { hex: '7b226e616d65223a2280ff227d' },
        { text: '\uFEFF{}' },
        // Nesting far deeper than any schema, as text (a value this deep would overflow the generator's own stack).
        { text: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
        { text: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}` },
      ),
    );
    return fc
      .record({
        role: fc.constantFrom(...roles),
        path: fc.tuple(...pathParams.map((p) => this.pathValue(p))),
        query: fc.tuple(...queryParams.map((p) => this.queryValue(p))),
        extraQuery,
        contentType,
        body,
        idempotencyKey: fc.option(
          fc.oneof(
            fc.uuid(),
            oddString.map((s) => s.slice(0, 300)),
          ),
          { nil: undefined },
        ),
        language: fc.constantFrom(undefined, 'en', 'ja', '*;q=x'),
      })
      .map(({ role, path, query, extraQuery: extra, contentType: type, body: payload, idempotencyKey, language }) => {
        let url = op.path;
        pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, encodeURIComponent(toWellFormed(path[i])));
        });
        const search = new URLSearchParams();
        queryParams.forEach((p, i) => {
          if (query[i] !== undefined) search.append(p.name, toWellFormed(query[i]!));
        });
        if (extra) search.append(extra[0], toWellFormed(extra[1].slice(0, 500)));
        const qs = search.toString();
        const headers: Record<string, string> = {};
        if (language) headers['accept-language'] = language;
        if (idempotencyKey !== undefined) headers['idempotency-key'] = headerSafe(idempotencyKey);
        const sendsBody = op.method !== 'GET' && op.method !== 'DELETE' && payload !== undefined;
        if (sendsBody) headers['content-type'] = type;
        return {
          method: op.method,
          operation: `${op.method} ${op.path}`,
          role,
          url: qs ? `${url}?${qs}` : url,
          headers,
          ...(sendsBody ? { body: payload } : {}),
        };
      });
  }
}

/** URLs and headers carry only well-formed text; the server's own decoding meets the odd bytes as %-escapes. */
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDFFF]/g, (c, i: number, all: string) => {
    const code = c.charCodeAt(0);
    const next = all.charCodeAt(i + 1);
    const prev = all.charCodeAt(i - 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return c;
    if (code >= 0xdc00 && prev >= 0xd800 && prev <= 0xdbff) return c;
    return '\uFFFD';
  });
}

/** Header values: visible ASCII and spaces only (fetch refuses others before they are sent). */
function headerSafe(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').trim() || 'k';
}

function csvOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return `job_seeker_number,name,email,office_code,status\n16070-12345678,${JSON.stringify(value)},x@example.jp,16070,registered\n`;
}
