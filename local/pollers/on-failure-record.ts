import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PolledRecord } from './stream-records.ts';

/** Why the mapping gave up on records. */
export type OnFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * What Lambda sends to a stream mapping's on-failure destination (SQS or SNS): metadata only,
 * never the records; they must be read back from the stream before it trims them.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
 */
export interface OnFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: OnFailureCondition;
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

/** Input of {@link onFailureRecord}. */
export interface OnFailureInput {
  readonly records: readonly PolledRecord[];
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionArn: string;
  readonly condition: OnFailureCondition;
  readonly invokeCount: number;
  /** True when the last invocation threw (rather than reporting failed items). */
  readonly functionError: boolean;
  readonly nowMillis: number;
}

const isoSeconds = (millis: number): string => `${new Date(millis).toISOString().slice(0, 19)}Z`;

/** Builds the on-failure record for `records` (in stream order, at least one). */
export function onFailureRecord(input: OnFailureInput): OnFailureRecord {
  const first = input.records[0];
  const last = input.records[input.records.length - 1];
  if (!first || !last) throw new RangeError('An on-failure record describes at least one stream record.');
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(input.functionError ? { functionError: 'Unhandled' } : {}),
    },
    version: '1.0',
    timestamp: new Date(input.nowMillis).toISOString(),
    DDBStreamBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: isoSeconds(first.createdMillis),
      approximateArrivalOfLastRecord: isoSeconds(last.createdMillis),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
  };
}

/** An on-failure destination that sends each record as JSON to the SQS queue at `queueUrl`. */
export function sqsOnFailureDestination(
  client: SQSClient,
  queueUrl: string,
): (record: OnFailureRecord) => Promise<void> {
  return async (record) => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
  };
}
