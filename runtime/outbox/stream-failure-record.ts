import { z } from 'zod';
import { describeIssues } from '../envelope.ts';
import { InvalidOnFailureRecordError } from './errors.ts';

const failureRecordSchema = z.object({
  requestContext: z
    .object({
      condition: z.string().optional(),
      approximateInvokeCount: z.number().optional(),
      functionArn: z.string().optional(),
    })
    .optional(),
  responseContext: z.object({ functionError: z.string().optional() }).optional(),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/),
    endSequenceNumber: z.string().regex(/^\d+$/),
    streamArn: z.string().min(1),
    batchSize: z.number().optional(),
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
  const parsed = failureRecordSchema.safeParse(value);
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
