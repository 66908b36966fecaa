import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { IdempotencyTable } from '../../../infra/constructs/idempotency-table.ts';

describe('IdempotencyTable', () => {
  it('uses the Powertools layout: partition key id, TTL expiration, on demand, PITR, retained', () => {
    const stack = new Stack();
    new IdempotencyTable(stack, 'Idempotency');

    const template = Template.fromStack(stack);

    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
  });

  it('takes a removal policy for throwaway environments', () => {
    const stack = new Stack();
    new IdempotencyTable(stack, 'Idempotency', { removalPolicy: RemovalPolicy.DESTROY });

    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });
});
