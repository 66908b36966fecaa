import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { uniqueName } from './unique-name.ts';

/** Creates a fresh table with the shop's key schema (`pk`, `sk`) and returns its name. */
export async function createShopTable(prefix = 'shop'): Promise<string> {
  const TableName = uniqueName(prefix);
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  return TableName;
}
