import * as z from 'zod/mini';
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import type { FerryEnvelope } from './contract.ts';
import { InvalidMessageError, SchemaValidationError } from './errors.ts';

/**
 * Any zod 4 schema: classic (`import { z } from 'zod'`) or mini (`import * as z from 'zod/mini'`).
 * Mini schemas tree-shake, which keeps a bundled consumer an order of magnitude smaller.
 */
export type AnySchema = $ZodType;

/**
 * Longest id, type, source and aggregate id, in characters. They become parts of DynamoDB keys
 * (idempotency records, activity logs): a sort key holds at most 1,024 bytes and a UTF-8 character
 * takes up to 4, so an unbounded id would fail every write, and be retried, instead of being
 * dead-lettered at once with the reason.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
export const MAX_ENVELOPE_ID_CHARS = 200;
/**
 * An RFC 3339 date-time with seconds and a `Z` or `+hh:mm` offset, what `z.iso.datetime({ offset:
 * true })` accepts; the calendar date is checked apart (month lengths, leap years).
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */
const DATE_TIME_SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isDateTime(text: string): boolean {
  const match = DATE_TIME_SHAPE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day >= 1 && day <= days;
}

const NON_EMPTY = 'must be a non-empty string';
const POSITIVE_INTEGER = 'must be a positive integer';
const DATE_TIME = 'must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z';
const TOO_LONG = `must be at most ${MAX_ENVELOPE_ID_CHARS} characters`;

/** The envelope's fields, in the order they are checked and returned. */
const ENVELOPE_KEYS = [
  'id',
  'type',
  'source',
  'aggregateId',
  'sequence',
  'occurredAt',
  'traceparent',
  'data',
] as const;

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Checks a {@link FerryEnvelope} by hand, field by field in the order of `envelopeSchema`
 * (envelope-schema.ts) and with its messages, so that a consumer's bundle needs no zod schema for
 * the envelope (fewer bytes, nothing built at module init). Unknown top-level keys are dropped.
 */
function checkEnvelope(value: unknown): { envelope?: FerryEnvelope; issues: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { issues: ['(root): must be a JSON object (a Ferry envelope)'] };
  const body = value as Record<string, unknown>;
  const issues: string[] = [];
  const required = (name: string) => {
    const field = body[name];
    if (!isNonEmptyString(field)) issues.push(`${name}: ${NON_EMPTY}`);
    else if (field.length > MAX_ENVELOPE_ID_CHARS) issues.push(`${name}: ${TOO_LONG}`);
  };
  required('id');
  required('type');
  required('source');
  if (body.aggregateId !== undefined) required('aggregateId');
  const { sequence, occurredAt, traceparent } = body;
  if (sequence !== undefined && !(Number.isSafeInteger(sequence) && (sequence as number) > 0))
    issues.push(`sequence: ${POSITIVE_INTEGER}`);
  if (typeof occurredAt !== 'string' || !isDateTime(occurredAt)) issues.push(`occurredAt: ${DATE_TIME}`);
  if (traceparent !== undefined && typeof traceparent !== 'string')
    issues.push('traceparent: must be a string');
  if (body.data === undefined) issues.push('data: is required');
  if (issues.length > 0) return { issues };
  const envelope: Record<string, unknown> = {};
  for (const key of ENVELOPE_KEYS) if (body[key] !== undefined) envelope[key] = body[key];
  return { envelope: envelope as unknown as FerryEnvelope, issues };
}

const SIZED: Readonly<Record<string, string>> = { string: 'characters', array: 'items', set: 'items' };

function bound(
  origin: string,
  limit: unknown,
  inclusive: boolean | undefined,
  side: 'least' | 'most',
): string {
  const unit = SIZED[origin];
  if (unit) return `must have at ${side} ${String(limit)} ${limit === 1 ? unit.slice(0, -1) : unit}`;
  const operator = side === 'least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${operator} ${String(limit)}`;
}

/**
 * zod/mini loads no locale, so every message is "Invalid input"; say what was expected instead,
 * from the issue's own fields, for the codes Ferry's and typical app schemas raise.
 */
export function describeIssue(issue: $ZodIssue): string {
  if (issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'nonoptional' ? 'is required' : `expected ${issue.expected}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, 'least');
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, 'most');
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `must match ${String(issue.pattern)}`
        : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `has unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return issue.message;
  }
}

/**
 * One line per problem of a failed zod parse (a classic `ZodError` or a mini `$ZodError`):
 * `path: message`, `(root)` for the value itself.
 */
export function describeIssues(error: { readonly issues: readonly $ZodIssue[] }): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path || '(root)'}: ${describeIssue(issue)}`;
  });
}

/**
 * Parses `schema` (classic or mini) from `value`; on failure throws a
 * {@link SchemaValidationError} (permanent: the message goes to the DLQ) whose text starts with
 * `what`.
 */
export function validateSchema<T extends AnySchema>(schema: T, value: unknown, what: string): output<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new SchemaValidationError(
    `${what} does not match its schema; fix the producer (the message was not processed)`,
    describeIssues(result.error),
    { cause: result.error },
  );
}

/** Parses a message body as JSON; throws an {@link InvalidMessageError} (permanent) when it is not. */
export function parseMessageJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidMessageError(
      `Message body is not valid JSON (${reason}); the producer must send JSON. The message was not processed.`,
      { cause: error },
    );
  }
}

/**
 * Reads a Ferry envelope from an SQS message body. Invalid JSON throws an
 * {@link InvalidMessageError}; JSON that is not an envelope throws a
 * {@link SchemaValidationError} listing every problem. Both are permanent. `data` is not checked
 * here: the handler of the envelope's `type` validates it with its own schema.
 */
export function parseEnvelope(body: string): FerryEnvelope {
  const { envelope, issues } = checkEnvelope(parseMessageJson(body));
  if (envelope) return envelope;
  throw new SchemaValidationError(
    'Message body is not a Ferry envelope and does not match its schema; fix the producer (the message was not processed)',
    issues,
  );
}
