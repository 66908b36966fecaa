import { createHash } from 'node:crypto';
import { httpProblem } from './problem-details.ts';
import { header } from './request-body.ts';

/** Printable ASCII but the comma, 1 to 255 characters: what Ferry accepts as an Idempotency-Key. */
const KEY_PATTERN = /^[\x20-\x2b\x2d-\x7e]{1,255}$/;

/**
 * Reads and validates the `Idempotency-Key` header (IETF httpapi-idempotency-key draft): missing or
 * malformed on an endpoint that requires it -> 400 with a problem that says what is expected.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export function requireIdempotencyKey(
  headers: Readonly<Record<string, string | undefined>> | undefined,
): string {
  const key = header(headers, 'idempotency-key');
  if (key === undefined || key === '') {
    throw httpProblem(
      400,
      'idempotency-key-missing',
      'Idempotency-Key required',
      'This endpoint requires an Idempotency-Key header (1 to 255 printable ASCII characters, e.g. a UUID) so that a retried request is not applied twice.',
    );
  }
  if (key.includes(',')) {
    // API Gateway (payload 2.0) and node:http join a repeated header with commas: a comma means
    // the client sent two keys, and a retry carrying only one of them would place a second order.
    // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
    throw httpProblem(
      400,
      'idempotency-key-invalid',
      'Invalid Idempotency-Key',
      'The Idempotency-Key holds a comma: the header was sent more than once, or the key has a comma. Send exactly one Idempotency-Key header of 1 to 255 printable ASCII characters without commas (a UUID, for example).',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw httpProblem(
      400,
      'idempotency-key-invalid',
      'Invalid Idempotency-Key',
      `The Idempotency-Key must be 1 to 255 printable ASCII characters; got ${key.length} characters${
        /[^\x20-\x7e]/.test(key) ? ' including non-printable or non-ASCII ones' : ''
      }.`,
    );
  }
  return key;
}

/**
 * A stable fingerprint of a request payload: SHA-256 of its JSON with object keys sorted, so the same
 * body sent with keys in another order or other whitespace counts as the same request.
 */
export function fingerprint(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
