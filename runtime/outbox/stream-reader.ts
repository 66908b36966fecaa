import {
  type _Record,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { compareSequenceNumbers } from './stream-record.ts';

/** A shard and the sequence range to read back from it. */
export interface StreamRange {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
}

/** What {@link readStreamRange} found. */
export interface StreamRangeRecords {
  readonly records: DynamoDBRecord[];
  /** False when reads stopped returning records before the end of the range was seen. */
  readonly complete: boolean;
}

/** A GetRecords record in the shape a Lambda stream event carries (creation time in epoch seconds). */
function asEventRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    ...record,
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
    },
  } as DynamoDBRecord;
}

/**
 * Reads the records of `range` back from the stream: GetShardIterator `AT_SEQUENCE_NUMBER` the
 * start, then GetRecords until a record past the end, the end of a closed shard, or
 * `maxEmptyReads` reads in a row that return nothing (an open shard with nothing newer). Rejects
 * with the service's error when the range is gone (`TrimmedDataAccessException` after 24 hours).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html
 */
export async function readStreamRange(
  client: DynamoDBStreamsClient,
  range: StreamRange,
  maxEmptyReads = 5,
): Promise<StreamRangeRecords> {
  const records: DynamoDBRecord[] = [];
  const iterator = await client.send(
    new GetShardIteratorCommand({
      StreamArn: range.streamArn,
      ShardId: range.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: range.startSequenceNumber,
    }),
  );
  let next = iterator.ShardIterator;
  let emptyReads = 0;
  while (next !== undefined && emptyReads < maxEmptyReads) {
    const output = await client.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1_000 }));
    const batch = output.Records ?? [];
    emptyReads = batch.length === 0 ? emptyReads + 1 : 0;
    for (const record of batch) {
      const sequenceNumber = record.dynamodb?.SequenceNumber ?? '0';
      if (compareSequenceNumbers(sequenceNumber, range.endSequenceNumber) > 0)
        return { records, complete: true };
      records.push(asEventRecord(record, range.streamArn));
      if (sequenceNumber === range.endSequenceNumber) return { records, complete: true };
    }
    next = output.NextShardIterator;
  }
  // A closed shard read to its end holds nothing more of the range.
  return { records, complete: next === undefined };
}
