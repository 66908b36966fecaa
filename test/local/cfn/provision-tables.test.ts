import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CfnOutput } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type CfnTemplate, provisionStack } from '../../../local/cfn/index.ts';
import { synthStack } from '../support/synth-app.ts';

const client = new DynamoDBClient({});
afterAll(() => client.destroy());

const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

describe('provisionStack: AWS::DynamoDB::Table and GlobalTable', () => {
  it('creates a table with its keys, a GSI, a stream and TTL', async () => {
    const stack = synthStack((s) => {
      const table = new dynamodb.Table(s, 'Orders', {
        partitionKey: key('pk'),
        sortKey: key('sk'),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        timeToLiveAttribute: 'expiresAt',
      });
      table.addGlobalSecondaryIndex({ indexName: 'byStatus', partitionKey: key('status') });
      new CfnOutput(s, 'TableName', { value: table.tableName });
    });

    const result = await provisionStack(stack);

    const tableName = String(result.outputs.TableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((gsi) => gsi.IndexName)).toEqual(['byStatus']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('resolves GetAtt StreamArn to the real stream ARN of DynamoDB Local', async () => {
    const stack = synthStack((s) => {
      const table = new dynamodb.TableV2(s, 'Outbox', {
        partitionKey: key('id'),
        dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      });
      new CfnOutput(s, 'StreamArn', { value: table.tableStreamArn ?? '' });
      new CfnOutput(s, 'TableName', { value: table.tableName });
    });

    const result = await provisionStack(stack);

    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: String(result.outputs.TableName) }),
    );
    expect(Table?.LatestStreamArn).toBeDefined();
    expect(result.outputs.StreamArn).toBe(Table?.LatestStreamArn);
  });

  it('reuses an existing table on a second run and turns its stream on when the template adds one', async () => {
    const withoutStream = synthStack((s) => {
      new dynamodb.Table(s, 'Kept', { tableName: `${s.stackName}-kept`, partitionKey: key('id') });
    });
    await provisionStack(withoutStream);
    const template = structuredClone(withoutStream.template) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Properties?.TableName)
        resource.Properties.StreamSpecification = { StreamViewType: 'KEYS_ONLY' };
    }

    const second = await provisionStack({
      stackName: withoutStream.stackName,
      template: template as CfnTemplate,
    });

    const table = second.resources.find((resource) => resource.type === 'AWS::DynamoDB::Table');
    expect(table?.ref).toBe(`${withoutStream.stackName}-kept`);
    expect(String(table?.attributes.StreamArn)).toContain(`table/${withoutStream.stackName}-kept/stream/`);
  });

  it('throws naming the attribute when GetAtt StreamArn is used on a table without a stream', async () => {
    const stack = synthStack((s) => {
      const table = new dynamodb.CfnTable(s, 'Plain', {
        keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
        attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
        billingMode: 'PAY_PER_REQUEST',
      });
      new CfnOutput(s, 'Stream', { value: table.attrStreamArn });
    });

    await expect(provisionStack(stack)).rejects.toThrow(
      /Plain\.StreamArn: a local AWS::DynamoDB::Table has no attribute StreamArn \(it has: Arn\)/,
    );
  });
});
