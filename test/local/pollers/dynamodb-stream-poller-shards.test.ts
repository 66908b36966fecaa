import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { DynamoDbStreamPoller } from '../../../local/pollers/dynamodb-stream-poller.ts';
import { onFailureRecord, sqsOnFailureDestination } from '../../../local/pollers/on-failure-record.ts';
import { resolveStreamPollerOptions } from '../../../local/pollers/stream-poller-options.ts';
import { polledRecord } from '../../../local/pollers/stream-records.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';
import { FAST_POLLING, recordingFunction } from './stream-poller-fixtures.ts';

const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/1';

function record(sk: string, sequence: number): _Record {
  return {
    eventID: `e${sequence}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-01-01T00:00:01Z'),
      Keys: { pk: { S: 'p' }, sk: { S: sk } },
      NewImage: { pk: { S: 'p' }, sk: { S: sk }, bytes: { B: new Uint8Array([1, 2, 3]) } },
      SequenceNumber: String(sequence),
      SizeBytes: 10,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** A stream of a closed parent shard and its open child, served from memory. */
function twoShardStream(parent: _Record[], child: _Record[]): DynamoDBStreamsClient {
  const shards = {
    parent: { records: parent, closed: true },
    child: { records: child, closed: false },
  };
  return {
    send: async (command: unknown) => {
      if (command instanceof DescribeStreamCommand) {
        return {
          StreamDescription: {
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            // The child is listed first: the poller must still finish the parent before it.
            Shards: [
              {
                ShardId: 'child',
                ParentShardId: 'parent',
                SequenceNumberRange: { StartingSequenceNumber: '100' },
              },
              {
                ShardId: 'parent',
                SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '99' },
              },
            ],
          },
        };
      }
      if (command instanceof GetShardIteratorCommand) {
        const { ShardId, ShardIteratorType } = command.input;
        const shard = shards[ShardId as keyof typeof shards];
        return { ShardIterator: `${ShardId}:${ShardIteratorType === 'LATEST' ? shard.records.length : 0}` };
      }
      if (command instanceof GetRecordsCommand) {
        const [shardId = '', start = '0'] = (command.input.ShardIterator ?? '').split(':');
        const shard = shards[shardId as keyof typeof shards];
        const from = Number(start);
        const records = shard.records.slice(from, from + 2);
        const next = from + records.length;
        const closedAndRead = shard.closed && next >= shard.records.length;
        return { Records: records, NextShardIterator: closedAndRead ? undefined : `${shardId}:${next}` };
      }
      throw new Error('unexpected command');
    },
  } as unknown as DynamoDBStreamsClient;
}

describe('DynamoDbStreamPoller shards', () => {
  it('reads a parent shard to its end before its child', async () => {
    const client = twoShardStream([record('a', 1), record('b', 2), record('c', 3)], [record('d', 100)]);
    const fn = recordingFunction();
    const poller = new DynamoDbStreamPoller({
      ...FAST_POLLING,
      streamArn: STREAM,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      client,
    });

    await poller.start();
    await poller.waitForIdle();
    await poller.stop();

    expect(fn.events.flatMap(fn.sortKeys)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips closed shards and the records already in open ones with LATEST', async () => {
    const client = twoShardStream([record('a', 1)], [record('b', 100)]);
    const fn = recordingFunction();
    const poller = new DynamoDbStreamPoller({
      ...FAST_POLLING,
      streamArn: STREAM,
      invoke: fn.invoke,
      startingPosition: 'LATEST',
      client,
    });

    await poller.start();
    await poller.waitForIdle();
    await poller.stop();

    expect(fn.events).toHaveLength(0);
  });

  it('reads the next page while a batch runs, without changing batches or their order', async () => {
    const stream = twoShardStream(
      [],
      ['a', 'b', 'c', 'd', 'e'].map((sk, index) => record(sk, 100 + index)),
    );
    let running = 0;
    let readsDuringInvocations = 0;
    const client = {
      send: async (command: unknown) => {
        if (!(command instanceof GetRecordsCommand)) return stream.send(command as never);
        // A read takes a while; count the ones that overlap an invocation.
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (running > 0) readsDuringInvocations += 1;
        return stream.send(command as never);
      },
    } as unknown as DynamoDBStreamsClient;
    const fn = recordingFunction();
    const poller = new DynamoDbStreamPoller({
      ...FAST_POLLING,
      streamArn: STREAM,
      batchSize: 2,
      invoke: async (event) => {
        running += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return fn.invoke(event);
      },
      startingPosition: 'TRIM_HORIZON',
      client,
    });

    await poller.start();
    await poller.waitForIdle();
    await poller.stop();

    expect(fn.events.map(fn.sortKeys)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(readsDuringInvocations).toBeGreaterThanOrEqual(2);
  });

  it('hands binary attributes to the function as base64, as Lambda does', () => {
    const polled = polledRecord(record('a', 1), STREAM, 'pk', 0);

    expect(polled.record.dynamodb?.NewImage?.bytes).toEqual({ B: 'AQID' });
    expect(polled.record.dynamodb?.ApproximateCreationDateTime).toBe(1_767_225_601);
    expect(polled.partitionKey).toBe('{"S":"p"}');
  });
});

describe('resolveStreamPollerOptions', () => {
  const base = { streamArn: STREAM, invoke: async () => undefined, startingPosition: 'LATEST' as const };

  it('applies the event source mapping defaults', () => {
    expect(resolveStreamPollerOptions(base)).toMatchObject({
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: false,
      parallelizationFactor: 1,
    });
  });

  it('throws a RangeError naming a batch size out of range', () => {
    expect(() => resolveStreamPollerOptions({ ...base, batchSize: 10_001 })).toThrow(
      'batchSize must be an integer from 1 to 10000, got 10001.',
    );
  });

  it('throws a RangeError for a maximum record age below 60 seconds', () => {
    expect(() => resolveStreamPollerOptions({ ...base, maximumRecordAgeInSeconds: 30 })).toThrow(
      'maximumRecordAgeInSeconds must be an integer from 60 to 604800 (or -1 for no limit), got 30.',
    );
  });

  it('throws a RangeError for a parallelization factor over 10', () => {
    expect(() => resolveStreamPollerOptions({ ...base, parallelizationFactor: 11 })).toThrow(
      /parallelizationFactor/,
    );
  });
});

describe('sqsOnFailureDestination', () => {
  it('sends the on-failure record as JSON to a queue', async () => {
    const queueUrl = await createQueue('on-failure');
    const failure = onFailureRecord({
      records: [polledRecord(record('a', 7), STREAM, 'pk', 0)],
      shardId: 'shard-1',
      streamArn: STREAM,
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:relay',
      condition: 'RetryAttemptsExhausted',
      invokeCount: 4,
      functionError: true,
      nowMillis: Date.parse('2026-01-01T00:00:05Z'),
    });

    await sqsOnFailureDestination(new SQSClient({}), queueUrl)(failure);

    const [message] = await drainQueue(queueUrl, { expected: 1 });
    expect(JSON.parse(message?.Body ?? '')).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
      DDBStreamBatchInfo: {
        shardId: 'shard-1',
        startSequenceNumber: '7',
        endSequenceNumber: '7',
        approximateArrivalOfFirstRecord: '2026-01-01T00:00:01Z',
        batchSize: 1,
        streamArn: STREAM,
      },
    });
  });
});
