import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FAILURE_ATTRIBUTES } from '../../../runtime/contract.ts';
import type { ConsumerLogger } from '../../../runtime/observability/logger.ts';
import { OutboxWriter } from '../../../runtime/outbox/outbox-writer.ts';
import { rehydrateFailures } from '../../../runtime/outbox/rehydrator.ts';
import { readStreamRange } from '../../../runtime/outbox/stream-reader.ts';
import { createOutboxTable } from '../../support/outbox-table.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';
import { sqsRecord } from '../sqs/sqs-fixtures.ts';

const silent: ConsumerLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const streams = new DynamoDBStreamsClient({});

/** Writes three events of one order and returns the stream range that holds them (and the counter writes). */
async function failedBatch() {
  const { tableName, streamArn } = await createOutboxTable();
  const writer = new OutboxWriter({ tableName, source: 'shop.orders' });
  for (const type of ['OrderPlaced', 'OrderPaid', 'OrderShipped']) {
    await writer.write([], [{ aggregateType: 'order', aggregateId: 'o1', type, data: { type } }]);
  }
  const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shard = description.StreamDescription?.Shards?.[0];
  const shardId = shard?.ShardId ?? '';
  const start = shard?.SequenceNumberRange?.StartingSequenceNumber ?? '';
  const all = await readStreamRange(streams, {
    streamArn,
    shardId,
    startSequenceNumber: start,
    endSequenceNumber: '9'.repeat(30),
  });
  const sequenceNumbers = all.records.map((record) => record.dynamodb?.SequenceNumber ?? '');
  return { streamArn, shardId, sequenceNumbers };
}

function onFailureMessage(info: { streamArn: string; shardId: string; start: string; end: string }) {
  return JSON.stringify({
    requestContext: {
      requestId: 'r-1',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:relay',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-01-01T00:00:00.000Z',
    DDBStreamBatchInfo: {
      shardId: info.shardId,
      startSequenceNumber: info.start,
      endSequenceNumber: info.end,
      approximateArrivalOfFirstRecord: '2026-01-01T00:00:00Z',
      approximateArrivalOfLastRecord: '2026-01-01T00:00:00Z',
      batchSize: 2,
      streamArn: info.streamArn,
    },
  });
}

const eventOf = (...bodies: string[]): SQSEvent => ({ Records: bodies.map((body) => sqsRecord(body)) });

describe('rehydrateFailures', () => {
  it('reads the failed range back from the stream and parks its events whole with the reason', async () => {
    const { streamArn, shardId, sequenceNumbers } = await failedBatch();
    const dlq = await createQueue('relay-dlq');
    // Records: event 1, counter, event 2, counter, event 3, counter. The failed range is events 2..3.
    const body = onFailureMessage({
      streamArn,
      shardId,
      start: sequenceNumbers[2] ?? '',
      end: sequenceNumbers[4] ?? '',
    });

    const response = await rehydrateFailures(eventOf(body), { deadLetterQueueUrl: dlq, logger: silent });

    const parked = await drainQueue(dlq, { expected: 2 });
    expect(response.batchItemFailures).toEqual([]);
    expect(parked.map((message) => JSON.parse(message.Body ?? '').type)).toEqual([
      'OrderPaid',
      'OrderShipped',
    ]);
    const attributes = parked[0]?.MessageAttributes ?? {};
    expect(attributes[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe('RelayGaveUpError');
    expect(attributes[FAILURE_ATTRIBUTES.errorMessage]?.StringValue).toContain(
      'RetryAttemptsExhausted after 4 invocations (function error: Unhandled)',
    );
    expect(attributes[FAILURE_ATTRIBUTES.sourceQueue]?.StringValue).toBe(streamArn);
  });

  it('parks the on-failure record itself when the stream no longer holds the range', async () => {
    const dlq = await createQueue('relay-dlq');
    const trimmed = {
      send: async () => {
        throw Object.assign(new Error('trimmed'), { name: 'TrimmedDataAccessException' });
      },
    } as unknown as DynamoDBStreamsClient;
    const body = onFailureMessage({ streamArn: 'arn:s', shardId: 'sh', start: '1', end: '2' });

    const response = await rehydrateFailures(eventOf(body), {
      deadLetterQueueUrl: dlq,
      streams: trimmed,
      logger: silent,
    });

    const [parked] = await drainQueue(dlq, { expected: 1 });
    expect(response.batchItemFailures).toEqual([]);
    expect(parked?.Body).toBe(body);
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe(
      'StreamRecordsLostError',
    );
  });

  it('parks a message that is not an on-failure record, with the reason', async () => {
    const dlq = await createQueue('relay-dlq');

    const response = await rehydrateFailures(eventOf('{"hello":1}'), {
      deadLetterQueueUrl: dlq,
      logger: silent,
    });

    const [parked] = await drainQueue(dlq, { expected: 1 });
    expect(response.batchItemFailures).toEqual([]);
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe(
      'InvalidOnFailureRecordError',
    );
  });

  it('reports the message failed when the stream cannot be read right now', async () => {
    const unavailable = {
      send: async () => {
        throw Object.assign(new Error('slow down'), { name: 'LimitExceededException' });
      },
    } as unknown as DynamoDBStreamsClient;
    const event = eventOf(onFailureMessage({ streamArn: 'arn:s', shardId: 'sh', start: '1', end: '2' }));

    const response = await rehydrateFailures(event, {
      deadLetterQueueUrl: 'https://unused',
      streams: unavailable,
      logger: silent,
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
  });

  it('reports the message failed when the events cannot be parked', async () => {
    const { streamArn, shardId, sequenceNumbers } = await failedBatch();
    const failing = {
      send: async () => {
        throw Object.assign(new Error('denied'), { name: 'AccessDenied', $fault: 'client' });
      },
    } as unknown as SQSClient;
    const event = eventOf(
      onFailureMessage({
        streamArn,
        shardId,
        start: sequenceNumbers[0] ?? '',
        end: sequenceNumbers[0] ?? '',
      }),
    );

    const response = await rehydrateFailures(event, {
      deadLetterQueueUrl: 'https://dlq',
      sqs: failing,
      logger: silent,
    });

    expect(response.batchItemFailures).toHaveLength(1);
  });

  it('reads nothing more once past the end of a range on an open shard', async () => {
    const { streamArn, shardId, sequenceNumbers } = await failedBatch();

    const read = await readStreamRange(streams, {
      streamArn,
      shardId,
      startSequenceNumber: sequenceNumbers[0] ?? '',
      endSequenceNumber: sequenceNumbers[1] ?? '',
    });

    expect(read.complete).toBe(true);
    expect(read.records.map((record) => record.dynamodb?.SequenceNumber)).toEqual(
      sequenceNumbers.slice(0, 2),
    );
  });
});

describe('rehydrator handler', () => {
  it('throws a ConfigurationError naming FERRY_RELAY_DLQ_URL when it is not set', async () => {
    const saved = process.env.FERRY_RELAY_DLQ_URL;
    delete process.env.FERRY_RELAY_DLQ_URL;
    const { handler } = await import('../../../runtime/outbox/rehydrator-handler.ts');

    try {
      await expect(handler(eventOf('{}'))).rejects.toThrow(/FERRY_RELAY_DLQ_URL/);
    } finally {
      if (saved !== undefined) process.env.FERRY_RELAY_DLQ_URL = saved;
    }
  });
});
