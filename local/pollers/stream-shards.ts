import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { PolledRecord } from './stream-records.ts';

/** What the poller tracks for one shard. */
export interface ShardState {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  iteratorType: ShardIteratorType;
  iterator: string | undefined;
  /** The shard has no more records (closed and read to its end). */
  exhausted: boolean;
  /** Last record fetched: a lost iterator is taken up again after it. */
  lastSequenceNumber: string | undefined;
  /** The GetRecords call in flight, if any (read ahead while a batch runs). */
  reading: Promise<number> | undefined;
  /** Fetched, not yet checkpointed. */
  buffer: PolledRecord[];
  bufferedSinceMillis: number;
  /** The last read found nothing new and nothing is buffered. */
  caughtUp: boolean;
  finished: boolean;
  /** Resolves when the shard is read to its end (children wait for it). */
  readonly done: Promise<void>;
  readonly markDone: () => void;
}

/** A fresh state for `shard`; with `latest`, only records written from now on are read. */
export function newShardState(shard: Shard & { ShardId: string }, latest: boolean): ShardState {
  let markDone = () => {};
  const done = new Promise<void>((resolve) => {
    markDone = resolve;
  });
  const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
  const state: ShardState = {
    shardId: shard.ShardId,
    parentShardId: shard.ParentShardId,
    iteratorType: latest ? 'LATEST' : 'TRIM_HORIZON',
    iterator: undefined,
    reading: undefined,
    exhausted: false,
    lastSequenceNumber: undefined,
    buffer: [],
    bufferedSinceMillis: 0,
    caughtUp: false,
    // A closed shard holds nothing newer than now.
    finished: latest && closed,
    done,
    markDone,
  };
  if (state.finished) markDone();
  return state;
}

/** Every shard of a stream (DescribeStream, paginated) and the name of the table's partition key. */
export async function describeStreamShards(
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<{ readonly shards: Shard[]; readonly hashKey: string }> {
  const shards: Shard[] = [];
  let hashKey = '';
  let exclusiveStartShardId: string | undefined;
  do {
    const output = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
    );
    shards.push(...(output.StreamDescription?.Shards ?? []));
    hashKey =
      output.StreamDescription?.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName ?? hashKey;
    exclusiveStartShardId = output.StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  return { shards, hashKey };
}
