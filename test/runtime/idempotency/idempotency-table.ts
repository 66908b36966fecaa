import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { uniqueName } from '../../support/unique-name.ts';

/** Creates a table in the Powertools idempotency layout (partition key `id`) and returns its name. */
export async function createIdempotencyTable(
  client: DynamoDBClient = new DynamoDBClient({}),
): Promise<string> {
  const TableName = uniqueName('idempotency');
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  return TableName;
}

/** A Lambda context stand-in with plenty of time left. */
export const lambdaContext = {
  functionName: 'test-consumer',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test-consumer',
  memoryLimitInMB: '256',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/test-consumer',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};
