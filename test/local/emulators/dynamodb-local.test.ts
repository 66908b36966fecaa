import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/unique-name.ts';

describe('DynamoDB Local (harness)', () => {
  it('streams both items of a TransactWriteItems as INSERT records', async () => {
    const dynamodb = new DynamoDBClient({});
    const streams = new DynamoDBStreamsClient({});
    const TableName = uniqueName('harness-stream');
    await dynamodb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );

    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: { S: 'order#1' }, kind: { S: 'order' } } } },
          { Put: { TableName, Item: { pk: { S: 'event#1' }, kind: { S: 'event' } } } },
        ],
      }),
    );
    const table = await dynamodb.send(new DescribeTableCommand({ TableName }));
    const StreamArn = table.Table?.LatestStreamArn;
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn }));
    const records = [];
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
      records.push(...(page.Records ?? []));
    }

    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'INSERT']);
    expect(records.map((r) => r.dynamodb?.NewImage?.pk?.S).sort()).toEqual(['event#1', 'order#1']);
  });
});
