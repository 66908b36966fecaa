import { z } from 'zod';
import type { FerryEnvelope } from './contract.ts';
import { InvalidMessageError, SchemaValidationError } from './errors.ts';

/**
 * The zod schema of a {@link FerryEnvelope}. Unknown top-level keys are dropped, so producers may
 * add fields before consumers know them.
 */
export const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  aggregateId: z.string().min(1).optional(),
  sequence: z.int().positive().optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  traceparent: z.string().optional(),
  data: z.unknown(),
});

/** One line per problem of a failed zod parse: `path: message` (`(root)` for the value itself). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/**
 * Parses `schema` from `value`; on failure throws a {@link SchemaValidationError} (permanent: the
 * message goes to the DLQ) whose text starts with `what`.
 */
export function validateSchema<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
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
