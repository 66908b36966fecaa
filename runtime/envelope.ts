import * as z from 'zod/mini';
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import type { FerryEnvelope } from './contract.ts';
import { InvalidMessageError, SchemaValidationError } from './errors.ts';

/**
 * Any zod 4 schema: classic (`import { z } from 'zod'`) or mini (`import * as z from 'zod/mini'`).
 * Mini schemas tree-shake, which keeps a bundled consumer an order of magnitude smaller.
 */
export type AnySchema = $ZodType;

const nonEmpty = { error: 'must be a non-empty string' };
/**
 * Longest id, type, source and aggregate id, in characters. They become parts of DynamoDB keys
 * (idempotency records, activity logs): a sort key holds at most 1,024 bytes and a UTF-8 character
 * takes up to 4, so an unbounded id would fail every write, and be retried, instead of being
 * dead-lettered at once with the reason.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
export const MAX_ENVELOPE_ID_CHARS = 200;
const tooLong = { error: `must be at most ${MAX_ENVELOPE_ID_CHARS} characters` };
const shortText = () =>
  z.string(nonEmpty).check(z.minLength(1, nonEmpty), z.maxLength(MAX_ENVELOPE_ID_CHARS, tooLong));

/**
 * The zod schema of a {@link FerryEnvelope}, written with `zod/mini` so that it adds little to a
 * bundle, with messages that read well without a zod locale. Unknown top-level keys are dropped,
 * so producers may add fields before consumers know them.
 */
export const envelopeSchema = z.object(
  {
    id: shortText(),
    type: shortText(),
    source: shortText(),
    aggregateId: z.optional(shortText()),
    sequence: z.optional(
      z
        .int({ error: 'must be a positive integer' })
        .check(z.positive({ error: 'must be a positive integer' })),
    ),
    occurredAt: z.iso.datetime({
      offset: true,
      error: 'must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z',
    }),
    traceparent: z.optional(z.string({ error: 'must be a string' })),
    data: z.unknown(),
  },
  { error: 'must be a JSON object (a Ferry envelope)' },
);

function describeIssue(issue: $ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message === 'Invalid input') {
    // zod/mini without a locale says only "Invalid input": say what was expected instead.
    return issue.expected === 'nonoptional' ? 'is required' : `expected ${issue.expected}`;
  }
  return issue.message;
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
 * {@link SchemaValidationError}. Both are permanent. `data` is not checked here: the handler of
 * the envelope's `type` validates it with its own schema.
 */
export function parseEnvelope(body: string): FerryEnvelope {
  return validateSchema(envelopeSchema, parseMessageJson(body), 'Message body is not a Ferry envelope and');
}
