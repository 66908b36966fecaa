import type { ApiCase, ApiExpectation, HostileRequest } from './hostile-inputs.ts';

/** The problem `type` and `title` of each answer docs/api.md lists. */
const problem = (slug: string, title: string) => ({ type: `urn:ferry:problem:${slug}`, title });
const KEY_MISSING = problem('idempotency-key-missing', 'Idempotency-Key required');
const KEY_INVALID = problem('idempotency-key-invalid', 'Invalid Idempotency-Key');
const KEY_REUSED = problem('idempotency-key-reused', 'Idempotency-Key reused with another payload');
const INVALID_JSON = problem('invalid-json', 'Invalid JSON body');
const INVALID_BODY = problem('validation-error', 'Invalid request body');
const NOT_FOUND = problem('not-found', 'Not found');
const TOO_LARGE = problem('content-too-large', 'Content too large');
const MEDIA_TYPE = problem('unsupported-media-type', 'Unsupported media type');
const EMAIL_TAKEN = problem('email-taken', 'Email already registered');

/** The SKU every order of the corpus buys; stocked by the first case. */
export const HOSTILE_SKU = 'hostile-sku';
const JSON_TYPE = ['content-type', 'application/json'] as const;
const ORDER = { customerId: 'hostile-c', items: [{ sku: HOSTILE_SKU, quantity: 1 }], paymentToken: 'tok_ok' };
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const base64 = (bytes: readonly number[]) => Buffer.from(bytes).toString('base64');
const orderWith = (fields: Record<string, unknown>) => JSON.stringify({ ...ORDER, ...fields });

/** `POST /orders` with a JSON content type and an Idempotency-Key of its own, unless overridden. */
function post(
  name: string,
  body: unknown,
  expect: ApiExpectation,
  headers?: HostileRequest['headers'],
): ApiCase {
  const request: HostileRequest = {
    method: 'POST',
    path: '/orders',
    headers: headers ?? [JSON_TYPE, ['idempotency-key', `hostile-${name.replace(/[^A-Za-z0-9]+/g, '-')}`]],
    ...(typeof body === 'object' && body !== null && 'base64' in body
      ? { bodyBase64: String(body.base64) }
      : { body: text(body) }),
  };
  return { name, target: 'api', request, expect };
}

function call(name: string, method: string, path: string, expect: ApiExpectation, body?: unknown): ApiCase {
  const request: HostileRequest = {
    method,
    path,
    ...(body === undefined ? {} : { headers: [JSON_TYPE], body: text(body) }),
  };
  return { name, target: 'api', request, expect };
}

const accepted: ApiExpectation = { status: 202, stored: 'order' };
const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;
/** A valid order padded with spaces to exactly `bytes` bytes. */
const paddedOrder = (bytes: number) => {
  const json = orderWith({ customerId: `pad-${bytes}` });
  return `${json}${' '.repeat(bytes - Buffer.byteLength(json))}`;
};
const manyItems = (count: number) =>
  orderWith({ items: Array.from({ length: count }, () => ({ sku: 's', quantity: 1 })) });

/** Strings that look like an attack on some store or template; stored and read back verbatim. */
const INJECTIONS: readonly (readonly [string, string])[] = [
  ['SQL', "'; DROP TABLE orders; --"],
  ['SQL union', '1 OR 1=1 UNION SELECT * FROM users'],
  ['NoSQL operator text', '{"$gt": ""}'],
  ['DynamoDB expression', ':pending OR attribute_exists(pk)'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${} text is the hostile input
  ['template ${}', '${7*7}${jndi:ldap://x/a}'],
  ['template {{}}', '{{7*7}}#{7*7}<%= 7*7 %>'],
  ['HTML script', '<script>alert(1)</script>'],
  ['HTML attribute', '"><img src=x onerror=alert(1)>'],
  ['key prefix', 'ORDER#x#INVENTORY#y'],
  ['control characters', 'c\u0000\u0001\u001b[31m\u007f'],
  ['bidi and zero-width', 'c\u202eevil\u200d\ufeff'],
  ['of 64 emoji (the limit counts characters)', '\u{1F600}'.repeat(64)],
];

export const HOSTILE_API_INPUTS: readonly ApiCase[] = [
  call(
    'stock for the corpus',
    'PUT',
    `/inventory/${HOSTILE_SKU}`,
    { status: 200, stored: 'inventory' },
    {
      available: 1_000_000,
    },
  ),
  post('a valid order (baseline)', ORDER, accepted, [JSON_TYPE, ['idempotency-key', 'hostile-reused']]),
  post('the same key and body again (replay)', ORDER, { status: 202 }, [
    JSON_TYPE,
    ['idempotency-key', 'hostile-reused'],
  ]),
  post(
    'the same key with another body',
    orderWith({ items: [{ sku: HOSTILE_SKU, quantity: 2 }] }),
    { status: 422, ...KEY_REUSED },
    [JSON_TYPE, ['idempotency-key', 'hostile-reused']],
  ),

  // Idempotency-Key and other headers
  post('no Idempotency-Key', ORDER, { status: 400, ...KEY_MISSING }, [JSON_TYPE]),
  post('an empty Idempotency-Key', ORDER, { status: 400, ...KEY_MISSING }, [
    JSON_TYPE,
    ['idempotency-key', ''],
  ]),
  post('Idempotency-Key sent twice', ORDER, { status: 400, ...KEY_INVALID }, [
    JSON_TYPE,
    ['idempotency-key', 'hostile-dup-a'],
    ['idempotency-key', 'hostile-dup-b'],
  ]),
  post('Idempotency-Key of 256 characters', ORDER, { status: 400, ...KEY_INVALID }, [
    JSON_TYPE,
    ['idempotency-key', 'k'.repeat(256)],
  ]),
  post('Idempotency-Key of 8,000 characters', ORDER, { status: 400, ...KEY_INVALID }, [
    JSON_TYPE,
    ['idempotency-key', 'k'.repeat(8_000)],
  ]),
  post('Idempotency-Key of exactly 255 characters', ORDER, accepted, [
    JSON_TYPE,
    ['idempotency-key', '~'.repeat(255)],
  ]),
  post('Idempotency-Key with a tab', ORDER, { status: 400, ...KEY_INVALID }, [
    JSON_TYPE,
    ['idempotency-key', 'a\tb'],
  ]),
  post('Idempotency-Key with a Latin-1 byte', ORDER, { status: 400, ...KEY_INVALID }, [
    JSON_TYPE,
    ['idempotency-key', 'caf\u00e9'],
  ]),
  post('Idempotency-Key that looks like SQL', orderWith({ customerId: 'key-sql' }), accepted, [
    JSON_TYPE,
    ['idempotency-key', "'; DELETE FROM idempotency; --"],
  ]),
  post('header names in upper case', orderWith({ customerId: 'upper' }), accepted, [
    ['CONTENT-TYPE', 'application/json'],
    ['IDEMPOTENCY-KEY', 'hostile-upper'],
  ]),
  post('Prefer garbage', orderWith({ customerId: 'prefer-garbage' }), accepted, [
    JSON_TYPE,
    ['idempotency-key', 'hostile-prefer-garbage'],
    ['prefer', 'wait=abc, ;;;, =, respond-sync, wait="x'],
  ]),
  post('Prefer wait=-5', orderWith({ customerId: 'prefer-negative' }), accepted, [
    JSON_TYPE,
    ['idempotency-key', 'hostile-prefer-negative'],
    ['prefer', 'wait=-5'],
  ]),
  post('Prefer of 8,000 characters', orderWith({ customerId: 'prefer-long' }), accepted, [
    JSON_TYPE,
    ['idempotency-key', 'hostile-prefer-long'],
    ['prefer', `wait=${'9'.repeat(7_995)}`],
  ]),
  post(
    'Prefer wait=999999999 (capped at 20 s: 201 if final by then, else 202)',
    orderWith({ customerId: 'w' }),
    {
      status: [201, 202],
      headers: { 'preference-applied': 'wait=20' },
      stored: 'order',
    },
    [JSON_TYPE, ['idempotency-key', 'hostile-prefer-huge'], ['prefer', 'wait=999999999']],
  ),

  // Content types
  post('no Content-Type', ORDER, { status: 415, ...MEDIA_TYPE }, [['idempotency-key', 'hostile-no-ct']]),
  post('text/plain', ORDER, { status: 415, ...MEDIA_TYPE }, [
    ['content-type', 'text/plain'],
    ['idempotency-key', 'hostile-text'],
  ]),
  post('a form', 'customerId=c&paymentToken=tok_ok', { status: 415, ...MEDIA_TYPE }, [
    ['content-type', 'application/x-www-form-urlencoded'],
    ['idempotency-key', 'hostile-form'],
  ]),
  post('multipart', '--b\r\n\r\n{}\r\n--b--', { status: 415, ...MEDIA_TYPE }, [
    ['content-type', 'multipart/form-data; boundary=b'],
    ['idempotency-key', 'hostile-multipart'],
  ]),
  post('application/jsonx', ORDER, { status: 415, ...MEDIA_TYPE }, [
    ['content-type', 'application/jsonx'],
    ['idempotency-key', 'hostile-jsonx'],
  ]),
  post('Content-Type sent twice', ORDER, { status: 415, ...MEDIA_TYPE }, [
    JSON_TYPE,
    JSON_TYPE,
    ['idempotency-key', 'hostile-ct-twice'],
  ]),
  post('APPLICATION/JSON; charset=UTF-8', orderWith({ customerId: 'ct-upper' }), accepted, [
    ['content-type', 'APPLICATION/JSON; charset=UTF-8'],
    ['idempotency-key', 'hostile-ct-upper'],
  ]),
  post('a +json media type', orderWith({ customerId: 'ct-vnd' }), accepted, [
    ['content-type', 'application/vnd.ferry+json'],
    ['idempotency-key', 'hostile-ct-vnd'],
  ]),

  // Bytes that are not JSON, or not UTF-8
  post('truncated JSON', '{"customerId":', { status: 400, ...INVALID_JSON }),
  post('an empty body', '', { status: 400, ...INVALID_JSON }),
  post('NaN literal', '{"customerId":"c","items":[{"sku":"s","quantity":NaN}],"paymentToken":"t"}', {
    status: 400,
    ...INVALID_JSON,
  }),
  post('trailing comma', '{"customerId":"c",}', { status: 400, ...INVALID_JSON }),
  post('single quotes', "{'customerId':'c'}", { status: 400, ...INVALID_JSON }),
  post(
    'invalid UTF-8 bytes',
    { base64: base64([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    {
      status: 400,
      ...INVALID_JSON,
    },
  ),
  post(
    'overlong UTF-8 encoding of "/"',
    { base64: base64([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]) },
    {
      status: 400,
      ...INVALID_JSON,
    },
  ),
  post(
    'UTF-16 with a byte order mark',
    { base64: Buffer.from(`\ufeff${text(ORDER)}`, 'utf16le').toString('base64') },
    {
      status: 400,
      ...INVALID_JSON,
    },
  ),
  post('a lone surrogate escape', '{"customerId":"c\\ud800","items":[],"paymentToken":"t"}', {
    status: 400,
    ...INVALID_JSON,
  }),
  post('a lone surrogate escape in a member name', '{"\\udfff":1}', { status: 400, ...INVALID_JSON }),
  post(
    'a member name given twice (the last one counts, as JSON.parse reads it)',
    orderWith({}).replace('{', '{"customerId":"first",'),
    accepted,
  ),
  post('a UTF-8 byte order mark before valid JSON', `\ufeff${orderWith({ customerId: 'bom' })}`, accepted),

  // Wrong shapes and types
  post('null', 'null', { status: 400, ...INVALID_BODY }),
  post('an array', '[]', { status: 400, ...INVALID_BODY }),
  post('a string', '"order"', { status: 400, ...INVALID_BODY }),
  post('customerId a number', orderWith({ customerId: 42 }), { status: 400, ...INVALID_BODY }),
  post('customerId an operator object', orderWith({ customerId: { $gt: '' } }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('items a string', orderWith({ items: 'sku-1' }), { status: 400, ...INVALID_BODY }),
  post('no items', orderWith({ items: [] }), { status: 400, ...INVALID_BODY }),
  post('quantity a numeric string', orderWith({ items: [{ sku: HOSTILE_SKU, quantity: '2' }] }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('quantity negative', orderWith({ items: [{ sku: HOSTILE_SKU, quantity: -1 }] }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('quantity zero', orderWith({ items: [{ sku: HOSTILE_SKU, quantity: 0 }] }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post(
    'quantity minus zero',
    orderWith({ items: [{ sku: HOSTILE_SKU, quantity: -0 }] }).replace('"quantity":0', '"quantity":-0'),
    {
      status: 400,
      ...INVALID_BODY,
    },
  ),
  post('quantity 1.5', orderWith({ items: [{ sku: HOSTILE_SKU, quantity: 1.5 }] }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('quantity 1e308', orderWith({ items: [{ sku: HOSTILE_SKU, quantity: 1e308 }] }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post(
    'quantity 1e400 (Infinity once parsed)',
    orderWith({ items: [{ sku: HOSTILE_SKU, quantity: 7 }] }).replace('7', '1e400'),
    {
      status: 400,
      ...INVALID_BODY,
    },
  ),
  post(
    'quantity 2^53 + 1',
    orderWith({ items: [{ sku: HOSTILE_SKU, quantity: 7 }] }).replace('7', '9007199254740993'),
    {
      status: 400,
      ...INVALID_BODY,
    },
  ),
  post('an unknown member', orderWith({ discount: 100 }), { status: 400, ...INVALID_BODY }),
  post('a __proto__ member', orderWith({}).replace('{', '{"__proto__":{"isAdmin":true},'), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('customerId of 65 characters', orderWith({ customerId: 'c'.repeat(65) }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('customerId of 65 emoji (65 characters)', orderWith({ customerId: '\u{1F600}'.repeat(65) }), {
    status: 400,
    ...INVALID_BODY,
  }),
  post('51 items', manyItems(51), { status: 400, ...INVALID_BODY }),
  post('arrays nested 30,000 deep', deep(30_000, '[', ']'), { status: 400, ...INVALID_BODY }),
  post(
    'objects nested 10,000 deep in customerId',
    orderWith({ customerId: 0 }).replace('0', deep(10_000, '{"a":', '}')),
    {
      status: 400,
      ...INVALID_BODY,
    },
  ),

  // Sizes: the function's 64 KiB limit, API Gateway's 10 MB quota
  post('a body of exactly 64 KiB', paddedOrder(65_536), accepted),
  post('a body of 64 KiB + 1 byte', paddedOrder(65_537), { status: 413, ...TOO_LARGE }),
  post('10,000 items', manyItems(10_000), { status: 413, ...TOO_LARGE }),
  post('a body of 1 MB', paddedOrder(1_000_000), { status: 413, ...TOO_LARGE }),
  post('a body over 10 MB (API Gateway quota)', paddedOrder(10 * 1024 * 1024 + 1), {
    status: 413,
    gatewayMessage: 'Request Entity Too Large',
  }),

  // Injection-looking strings: accepted, stored, read back verbatim
  ...INJECTIONS.map(([label, value]) =>
    post(`customerId ${label}`, orderWith({ customerId: value }), accepted),
  ),
  call(
    'SKU with HTML, stocked through an encoded path',
    'PUT',
    `/inventory/${encodeURIComponent('<script>alert(1)</script>')}`,
    {
      status: 200,
      stored: 'inventory',
    },
    { available: 10 },
  ),
  post(
    'an order for the HTML SKU',
    orderWith({ items: [{ sku: '<script>alert(1)</script>', quantity: 1 }] }),
    accepted,
  ),
  post(
    'paymentToken that looks like SQL (declined, still stored)',
    orderWith({ paymentToken: "tok_ok' OR '1'='1" }),
    accepted,
  ),

  // Path tricks in ids
  call(
    'SKU ../../etc/passwd through %2F',
    'PUT',
    '/inventory/..%2F..%2Fetc%2Fpasswd',
    { status: 200, stored: 'inventory' },
    {
      available: 1,
    },
  ),
  call(
    'SKU of dots through %2e',
    'PUT',
    '/inventory/%2e%2e',
    { status: 200, stored: 'inventory' },
    { available: 1 },
  ),
  call(
    'SKU of 256 two-byte characters',
    'PUT',
    `/inventory/${encodeURIComponent('\u00e9'.repeat(256))}`,
    {
      status: 200,
      stored: 'inventory',
    },
    { available: 1 },
  ),
  call('SKU with a NUL', 'PUT', '/inventory/a%00b', { status: 200, stored: 'inventory' }, { available: 1 }),
  call('order id ../../etc through %2F', 'GET', '/orders/..%2F..%2Fetc', { status: 404, ...NOT_FOUND }),
  call('order id with a NUL', 'GET', '/orders/%00', { status: 404, ...NOT_FOUND }),
  call('order id with a broken escape', 'GET', '/orders/%E0%A4%A', { status: 404, ...NOT_FOUND }),
  call('order id that is an encoded surrogate (invalid UTF-8)', 'GET', '/orders/%ED%A0%80', {
    status: 404,
    ...NOT_FOUND,
  }),
  call('order id of 257 characters', 'GET', `/orders/${'o'.repeat(257)}`, { status: 404, ...NOT_FOUND }),
  call('order id of 4,000 characters', 'GET', `/orders/${'o'.repeat(4_000)}`, { status: 404, ...NOT_FOUND }),
  call('order id with unicode', 'GET', `/orders/${encodeURIComponent('\u{1F600}\u202e')}`, {
    status: 404,
    ...NOT_FOUND,
  }),
  call('dot segments in the path', 'GET', '/orders/a/../b', { status: 404, gatewayMessage: 'Not Found' }),
  call('an empty order id', 'GET', '/orders/', { status: 404, gatewayMessage: 'Not Found' }),
  call('a method no route has', 'DELETE', '/orders/x', { status: 404, gatewayMessage: 'Not Found' }),
  call('stock of a SKU never set', 'GET', '/inventory/%3Cnever%3E', { status: 404, ...NOT_FOUND }),
  call(
    'notifications of a customer id that looks like SQL',
    'GET',
    `/customers/${encodeURIComponent("' OR 1=1 --")}/notifications`,
    {
      status: 200,
    },
  ),
  call(
    'notifications of a customer id of 2,100 characters',
    'GET',
    `/customers/${'c'.repeat(2_100)}/notifications`,
    {
      status: 404,
      ...NOT_FOUND,
    },
  ),
  call('payments of an order id %2F', 'GET', '/payments/%2F', { status: 200 }),

  // Other bodies
  call('stock negative', 'PUT', '/inventory/x', { status: 400, ...INVALID_BODY }, { available: -1 }),
  call(
    'stock a numeric string',
    'PUT',
    '/inventory/x',
    { status: 400, ...INVALID_BODY },
    { available: '10' },
  ),
  call('stock 1e10', 'PUT', '/inventory/x', { status: 400, ...INVALID_BODY }, { available: 1e10 }),
  call(
    'stock Infinity literal',
    'PUT',
    '/inventory/x',
    { status: 400, ...INVALID_JSON },
    '{"available":Infinity}',
  ),
  call(
    'user with HTML in the name',
    'POST',
    '/users',
    { status: 201 },
    {
      email: 'hostile@example.com',
      name: '<b onmouseover=alert(1)>Ada</b>',
    },
  ),
  call(
    'user with the same email in upper case',
    'POST',
    '/users',
    { status: 409, ...EMAIL_TAKEN },
    {
      email: 'HOSTILE@example.com',
      name: 'Ada',
    },
  ),
  call(
    'user email that is SQL',
    'POST',
    '/users',
    { status: 400, ...INVALID_BODY },
    { email: "' OR 1=1 --", name: 'x' },
  ),
  call(
    'user email of 300 characters',
    'POST',
    '/users',
    { status: 400, ...INVALID_BODY },
    {
      email: `${'a'.repeat(288)}@example.com`,
      name: 'x',
    },
  ),
  call(
    'user name with a lone surrogate',
    'POST',
    '/users',
    { status: 400, ...INVALID_JSON },
    '{"email":"s@example.com","name":"\\ud800"}',
  ),
];
