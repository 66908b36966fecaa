import type { ApiCase, ApiExpectation, HostileRequest } from './hostile-inputs.ts';

/** Building blocks of the API cases: the problems docs/api.md lists, a base order, request makers. */

/** The problem `type` and `title` of each answer docs/api.md lists. */
export const problem = (slug: string, title: string) => ({ type: `urn:ferry:problem:${slug}`, title });
export const KEY_MISSING = problem('idempotency-key-missing', 'Idempotency-Key required');
export const KEY_INVALID = problem('idempotency-key-invalid', 'Invalid Idempotency-Key');
export const KEY_REUSED = problem('idempotency-key-reused', 'Idempotency-Key reused with another payload');
export const INVALID_JSON = problem('invalid-json', 'Invalid JSON body');
export const INVALID_BODY = problem('validation-error', 'Invalid request body');
export const NOT_FOUND = problem('not-found', 'Not found');
export const TOO_LARGE = problem('content-too-large', 'Content too large');
export const MEDIA_TYPE = problem('unsupported-media-type', 'Unsupported media type');
export const EMAIL_TAKEN = problem('email-taken', 'Email already registered');

/** The SKU every order of the corpus buys; stocked by the first case. */
export const HOSTILE_SKU = 'hostile-sku';
export const JSON_TYPE = ['content-type', 'application/json'] as const;
export const ORDER = {
  customerId: 'hostile-c',
  items: [{ sku: HOSTILE_SKU, quantity: 1 }],
  paymentToken: 'tok_ok',
};
export const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
export const base64 = (bytes: readonly number[]) => Buffer.from(bytes).toString('base64');
export const orderWith = (fields: Record<string, unknown>) => JSON.stringify({ ...ORDER, ...fields });

/** `POST /orders` with a JSON content type and an Idempotency-Key of its own, unless overridden. */
export function post(
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

export function call(
  name: string,
  method: string,
  path: string,
  expect: ApiExpectation,
  body?: unknown,
): ApiCase {
  const request: HostileRequest = {
    method,
    path,
    ...(body === undefined ? {} : { headers: [JSON_TYPE], body: text(body) }),
  };
  return { name, target: 'api', request, expect };
}

export const accepted: ApiExpectation = { status: 202, stored: 'order' };
export const deep = (depth: number, open: string, close: string) =>
  `${open.repeat(depth)}1${close.repeat(depth)}`;
/** A valid order padded with spaces to exactly `bytes` bytes. */
export const paddedOrder = (bytes: number) => {
  const json = orderWith({ customerId: `pad-${bytes}` });
  return `${json}${' '.repeat(bytes - Buffer.byteLength(json))}`;
};
export const manyItems = (count: number) =>
  orderWith({ items: Array.from({ length: count }, () => ({ sku: 's', quantity: 1 })) });
