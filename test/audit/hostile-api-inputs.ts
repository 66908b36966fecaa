import {
  accepted,
  base64,
  call,
  deep,
  HOSTILE_SKU,
  INVALID_BODY,
  INVALID_JSON,
  JSON_TYPE,
  KEY_INVALID,
  KEY_MISSING,
  KEY_REUSED,
  MEDIA_TYPE,
  manyItems,
  ORDER,
  orderWith,
  paddedOrder,
  post,
  TOO_LARGE,
  text,
} from './hostile-api-builders.ts';
import type { ApiCase } from './hostile-inputs.ts';

/**
 * API cases on `POST /orders` and its request: Idempotency-Key and other headers, content types,
 * bytes that are not JSON or not UTF-8, wrong shapes and numbers, sizes. Played first, in order.
 */
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
];
