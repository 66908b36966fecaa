import * as z from 'zod/mini';
import { describeIssues } from '../envelope.ts';
import { InvalidOnFailureRecordError } from './errors.ts';

const DIGITS = /^\d+$/;

const failureRecordSchema = z.object({
  requestContext: z.optional(
    z.object({
      condition: z.optional(z.string()),
      approximateInvokeCount: z.optional(z.number()),
      functionArn: z.optional(z.string()),
    }),
  ),
  responseContext: z.optional(z.object({ functionError: z.optional(z.string()) })),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().check(z.minLength(1)),
    startSequenceNumber: z.string().check(z.regex(DIGITS)),
    endSequenceNumber: z.string().check(z.regex(DIGITS)),
    streamArn: z.string().check(z.minLength(1)),
    batchSize: z.optional(z.number()),
  }),
});

/** The parts of a Lambda stream on-failure record the rehydrator uses. */
export type StreamFailureRecord = z.output<typeof failureRecordSchema>;

/**
 * Parses an on-failure destination message of a DynamoDB stream mapping (metadata only: shard,
 * sequence range, stream ARN, why). Throws an {@link InvalidOnFailureRecordError} (permanent)
 * when the body is not such a record.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
 */
export function parseStreamFailureRecord(body: string): StreamFailureRecord {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new InvalidOnFailureRecordError(
      'The on-failure message is not JSON; only a stream event source mapping should send to this queue.',
      { cause: error },
    );
  }
  const parsed = z.safeParse(failureRecordSchema, value);
  if (!parsed.success) {
    throw new InvalidOnFailureRecordError(
      `The on-failure message is not a DynamoDB stream invocation record (${describeIssues(parsed.error).join('; ')}); only a stream event source mapping should send to this queue.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** One line on why the mapping gave up, for the reason of parked events. */
export function describeGiveUp(record: StreamFailureRecord): string {
  const condition = record.requestContext?.condition ?? 'an unknown condition';
  const invokes = record.requestContext?.approximateInvokeCount;
  const functionError = record.responseContext?.functionError;
  return `${condition}${invokes === undefined ? '' : ` after ${invokes} invocations`}${functionError ? ` (function error: ${functionError})` : ''}`;
}
