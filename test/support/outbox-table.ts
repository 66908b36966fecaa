import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { uniqueName } from './unique-name.ts';

/** A fresh table with the outbox key schema (`pk`, `sk`) and a NEW_IMAGE stream. */
export async function createOutboxTable(
  prefix = 'outbox',
): Promise<{ tableName: string; streamArn: string }> {
  const tableName = uniqueName(prefix);
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
  const streamArn = output.TableDescription?.LatestStreamArn;
  if (!streamArn) throw new Error(`CreateTable returned no stream ARN for ${tableName}`);
  return { tableName, streamArn };
}
