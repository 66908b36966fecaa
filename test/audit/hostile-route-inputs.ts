import {
  accepted,
  call,
  EMAIL_TAKEN,
  INVALID_BODY,
  INVALID_JSON,
  NOT_FOUND,
  orderWith,
  post,
} from './hostile-api-builders.ts';
import type { ApiCase } from './hostile-inputs.ts';

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

/** API cases on stored strings, ids in paths and the other routes. Played after HOSTILE_API_INPUTS. */
export const HOSTILE_ROUTE_INPUTS: readonly ApiCase[] = [
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
