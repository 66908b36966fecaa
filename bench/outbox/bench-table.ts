import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** An outbox table (pk, sk, NEW_IMAGE stream) with a fresh name. */
export async function createBenchTable(): Promise<{ tableName: string; streamArn: string }> {
  const tableName = `bench-outbox-${Date.now()}`;
  const output = await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  return { tableName, streamArn: output.TableDescription?.LatestStreamArn ?? '' };
}
